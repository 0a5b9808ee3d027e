using EventOps.Modules.Scanning.Domain;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Persistence;

// Migrations: scripts/add-migration.sh <Name> (runs dotnet ef for the three provider contexts below).
internal class ScanningDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "scanning";

    public override string Schema => SchemaName;

    public DbSet<ScannerDevice> Devices => Set<ScannerDevice>();
    public DbSet<ScanAttempt> ScanAttempts => Set<ScanAttempt>();
    public DbSet<OfflineRedemption> OfflineRedemptions => Set<OfflineRedemption>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ScannerDevice>(e =>
        {
            e.ToTable("scanner_devices");
            e.Property(d => d.Name).HasMaxLength(200);
            e.Property(d => d.OrganizerSlug).HasMaxLength(50);
            e.Property(d => d.TokenHash).HasMaxLength(64);
            e.HasIndex(d => d.TokenHash).IsUnique();
            e.HasIndex(d => d.Uuid).IsUnique();
            e.HasIndex(d => d.OrganizerId);
        });
        modelBuilder.Entity<ScanAttempt>(e =>
        {
            e.ToTable("scan_attempts");
            e.Property(a => a.Surface).HasMaxLength(20);
            e.Property(a => a.Action).HasMaxLength(20);
            e.Property(a => a.Actor).HasMaxLength(250);
            e.Property(a => a.Identifier).HasMaxLength(100);
            e.Property(a => a.Result).HasMaxLength(20);
            e.Property(a => a.Reason).HasMaxLength(200);
            e.Property(a => a.Before).HasMaxLength(20);
            e.Property(a => a.After).HasMaxLength(20);
            e.Property(a => a.ScannerDevice).HasMaxLength(100);
            e.Property(a => a.BarcodeType).HasMaxLength(50);
            e.HasIndex(a => new { a.OrganizerId, a.At });
            e.HasIndex(a => new { a.TicketId, a.Id });
            e.HasIndex(a => a.DeviceId);
        });
        modelBuilder.Entity<OfflineRedemption>(e =>
        {
            e.ToTable("offline_redemptions");
            e.Property(r => r.Actor).HasMaxLength(50);
            e.Property(r => r.ClientId).HasMaxLength(200);
            e.Property(r => r.EventSlug).HasMaxLength(100);
            e.Property(r => r.PublicId).HasMaxLength(100);
            e.Property(r => r.Result).HasMaxLength(20);
            e.Property(r => r.Message).HasMaxLength(300);
            e.HasIndex(r => new { r.OrganizerId, r.Actor, r.ClientId }).IsUnique();
            e.HasIndex(r => r.TicketId);
        });

        base.OnModelCreating(modelBuilder);
    }
}

internal sealed class ScanningSqliteDbContext : ScanningDbContext
{
    public ScanningSqliteDbContext(DbContextOptions<ScanningSqliteDbContext> options) : base(options) { }

    public ScanningSqliteDbContext() : base(ModuleDatabase.DesignTimeOptions<ScanningSqliteDbContext>(DatabaseProvider.Sqlite, SchemaName)) { }
}

internal sealed class ScanningPostgresDbContext : ScanningDbContext
{
    public ScanningPostgresDbContext(DbContextOptions<ScanningPostgresDbContext> options) : base(options) { }

    public ScanningPostgresDbContext() : base(ModuleDatabase.DesignTimeOptions<ScanningPostgresDbContext>(DatabaseProvider.Postgres, SchemaName)) { }
}

internal sealed class ScanningSqlServerDbContext : ScanningDbContext
{
    public ScanningSqlServerDbContext(DbContextOptions<ScanningSqlServerDbContext> options) : base(options) { }

    public ScanningSqlServerDbContext() : base(ModuleDatabase.DesignTimeOptions<ScanningSqlServerDbContext>(DatabaseProvider.SqlServer, SchemaName)) { }
}
