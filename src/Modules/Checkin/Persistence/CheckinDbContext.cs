using EventOps.Modules.Checkin.Domain;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Checkin.Persistence;

// Migrations: scripts/add-migration.sh <Name> (runs dotnet ef for the three provider contexts below).
internal class CheckinDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "checkin";

    public override string Schema => SchemaName;

    public DbSet<CheckinList> Lists => Set<CheckinList>();
    public DbSet<Domain.Checkin> Checkins => Set<Domain.Checkin>();
    public DbSet<Question> Questions => Set<Question>();
    public DbSet<QuestionOption> QuestionOptions => Set<QuestionOption>();
    public DbSet<Answer> Answers => Set<Answer>();

    /// <summary>
    /// A unique-index violation is how a redeem learns it lost a race (it then decides again), not an error: EF's
    /// error logs for it would fill the log on every busy door. A real failure still surfaces as an exception.
    /// </summary>
    public static void QuietRaces(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CheckinList>(e =>
        {
            e.ToTable("checkin_lists");
            e.Property(l => l.Name).HasMaxLength(200);
            e.HasIndex(l => new { l.OrganizerId, l.EventId });
            e.HasIndex(l => l.DefaultForEventId).IsUnique();
            e.Ignore(l => l.IsDefault);
        });
        modelBuilder.Entity<Domain.Checkin>(e =>
        {
            e.ToTable("checkins");
            e.Property(c => c.Type).HasConversion(t => t == CheckinType.Exit ? "exit" : "entry", v => v == "exit" ? CheckinType.Exit : CheckinType.Entry).HasMaxLength(8);
            e.Property(c => c.RawIdentifier).HasMaxLength(100);
            e.Property(c => c.ErrorReason).HasMaxLength(32);
            e.Property(c => c.ErrorExplanation).HasMaxLength(300);
            e.Property(c => c.Nonce).HasMaxLength(190);
            e.Property(c => c.RevertedBy).HasMaxLength(200);
            e.Property(c => c.Surface).HasMaxLength(32);
            e.Property(c => c.Actor).HasMaxLength(200);

            // The admission decision: two scans of one ticket that read the same state both try the same seq; one loses.
            // Ticket first, so the same index serves the reads of a ticket's check-ins on every list; every scan writes
            // a row, and each index is work on every write (one index fewer: measured in docs/benchmarks.md).
            e.HasIndex(c => new { c.TicketId, c.ListId, c.Seq }).IsUnique();

            // A retried request with the same nonce finds its first check-in instead of making a second one. Only rows
            // with a nonce are indexed: most scans have none, and skip the index. The same SQL on all three providers, and
            // whole on SQL Server, where NULLs in a unique index are equal (a refused scan has no list or ticket).
            e.HasIndex(c => new { c.ListId, c.TicketId, c.Nonce }).IsUnique().HasFilter("list_id IS NOT NULL AND ticket_id IS NOT NULL AND nonce IS NOT NULL");
            e.HasIndex(c => new { c.ListId, c.ServerTime });
            e.HasOne<CheckinList>().WithMany().HasForeignKey(c => c.ListId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Question>(e =>
        {
            e.ToTable("questions");
            e.Property(q => q.Text).HasMaxLength(500);
            e.Property(q => q.Type).HasMaxLength(1);
            e.Property(q => q.Identifier).HasMaxLength(32);
            e.HasIndex(q => q.EventId);
            e.HasMany(q => q.Options).WithOne().HasForeignKey(o => o.QuestionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<QuestionOption>(e =>
        {
            e.ToTable("question_options");
            e.Property(o => o.Answer).HasMaxLength(200);
            e.Property(o => o.Identifier).HasMaxLength(32);
        });
        modelBuilder.Entity<Answer>(e =>
        {
            e.ToTable("answers");
            e.Property(a => a.Value).HasMaxLength(2000);
            e.HasIndex(a => new { a.TicketId, a.QuestionId }).IsUnique();
            e.HasOne<Question>().WithMany().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Restrict);
        });

        base.OnModelCreating(modelBuilder);
    }
}

internal sealed class CheckinSqliteDbContext : CheckinDbContext
{
    public CheckinSqliteDbContext(DbContextOptions<CheckinSqliteDbContext> options) : base(options) { }

    public CheckinSqliteDbContext() : base(ModuleDatabase.DesignTimeOptions<CheckinSqliteDbContext>(DatabaseProvider.Sqlite, SchemaName)) { }
}

internal sealed class CheckinPostgresDbContext : CheckinDbContext
{
    public CheckinPostgresDbContext(DbContextOptions<CheckinPostgresDbContext> options) : base(options) { }

    public CheckinPostgresDbContext() : base(ModuleDatabase.DesignTimeOptions<CheckinPostgresDbContext>(DatabaseProvider.Postgres, SchemaName)) { }
}

internal sealed class CheckinSqlServerDbContext : CheckinDbContext
{
    public CheckinSqlServerDbContext(DbContextOptions<CheckinSqlServerDbContext> options) : base(options) { }

    public CheckinSqlServerDbContext() : base(ModuleDatabase.DesignTimeOptions<CheckinSqlServerDbContext>(DatabaseProvider.SqlServer, SchemaName)) { }
}
