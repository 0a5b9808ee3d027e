using EventOps.Modules.Sales.Domain;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Persistence;

// Migrations: scripts/add-migration.sh <Name> (runs dotnet ef for the three provider contexts below).
internal class SalesDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "sales";

    public override string Schema => SchemaName;

    public DbSet<Organizer> Organizers => Set<Organizer>();
    public DbSet<Venue> Venues => Set<Venue>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<SubEvent> SubEvents => Set<SubEvent>();
    public DbSet<ProductCategory> Categories => Set<ProductCategory>();
    public DbSet<ProductVariation> Variations => Set<ProductVariation>();
    public DbSet<ProductAddon> Addons => Set<ProductAddon>();
    public DbSet<Quota> Quotas => Set<Quota>();
    public DbSet<Seat> Seats => Set<Seat>();
    public DbSet<SalesChannel> SalesChannels => Set<SalesChannel>();
    public DbSet<Sale> Sales => Set<Sale>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<SaleStatusChange> StatusChanges => Set<SaleStatusChange>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organizer>(e =>
        {
            e.ToTable("organizers");
            e.Property(o => o.Slug).HasMaxLength(50);
            e.Property(o => o.Name).HasMaxLength(200);
            e.HasIndex(o => o.Slug).IsUnique();
        });
        modelBuilder.Entity<Venue>(e =>
        {
            e.ToTable("venues");
            e.Property(v => v.Name).HasMaxLength(200);
            e.Property(v => v.City).HasMaxLength(200);
            e.HasIndex(v => v.OrganizerId);
            e.HasOne<Organizer>().WithMany().HasForeignKey(v => v.OrganizerId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Event>(e =>
        {
            e.ToTable("events");
            e.Property(v => v.Slug).HasMaxLength(50);
            e.Property(v => v.Name).HasMaxLength(200);
            e.HasIndex(v => new { v.OrganizerId, v.Slug }).IsUnique();
            e.HasOne<Organizer>().WithMany().HasForeignKey(v => v.OrganizerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(v => v.Venue).WithMany().HasForeignKey(v => v.VenueId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(v => v.EndsAt);
        });
        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.Property(p => p.Name).HasMaxLength(200);
            e.HasIndex(p => p.EventId);
            e.HasOne<Event>().WithMany().HasForeignKey(p => p.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(p => p.Variations).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(p => p.Addons).WithOne().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SubEvent>(e =>
        {
            e.ToTable("subevents");
            e.Property(d => d.Name).HasMaxLength(200);
            e.HasIndex(d => new { d.EventId, d.DateFrom });
            e.HasOne<Event>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ProductCategory>(e =>
        {
            e.ToTable("product_categories");
            e.Property(c => c.Name).HasMaxLength(200);
            e.HasIndex(c => c.EventId);
            e.HasOne<Event>().WithMany().HasForeignKey(c => c.EventId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ProductVariation>(e =>
        {
            e.ToTable("product_variations");
            e.Property(v => v.Value).HasMaxLength(200);
            e.HasIndex(v => v.ProductId);
        });
        modelBuilder.Entity<ProductAddon>(e =>
        {
            e.ToTable("product_addons");
            e.HasIndex(a => new { a.ProductId, a.AddonCategoryId }).IsUnique();
            e.HasOne<ProductCategory>().WithMany().HasForeignKey(a => a.AddonCategoryId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Quota>(e =>
        {
            e.ToTable("quotas");
            e.Property(q => q.Name).HasMaxLength(200);
            e.HasIndex(q => new { q.EventId, q.SubEventId });
            e.HasOne<Event>().WithMany().HasForeignKey(q => q.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SubEvent>().WithMany().HasForeignKey(q => q.SubEventId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(q => q.Products).WithOne().HasForeignKey(p => p.QuotaId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(q => q.Variations).WithOne().HasForeignKey(v => v.QuotaId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<QuotaProduct>(e =>
        {
            e.ToTable("quota_products");
            e.HasKey(p => new { p.QuotaId, p.ProductId });
            e.HasIndex(p => p.ProductId);
            e.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<QuotaVariation>(e =>
        {
            e.ToTable("quota_variations");
            e.HasKey(v => new { v.QuotaId, v.VariationId });
            e.HasIndex(v => v.VariationId);
            e.HasOne<ProductVariation>().WithMany().HasForeignKey(v => v.VariationId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Seat>(e =>
        {
            e.ToTable("seats");
            e.Property(s => s.SeatGuid).HasMaxLength(100);
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.Row).HasMaxLength(50);
            e.Property(s => s.Number).HasMaxLength(50);
            e.Property(s => s.Zone).HasMaxLength(100);
            e.HasIndex(s => new { s.EventId, s.SeatGuid }).IsUnique();
            e.HasIndex(s => s.ProductId);
            e.HasOne<Event>().WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<SalesChannel>(e =>
        {
            e.ToTable("sales_channels");
            e.Property(c => c.Identifier).HasMaxLength(50);
            e.Property(c => c.Name).HasMaxLength(200);
            e.HasIndex(c => new { c.OrganizerId, c.Identifier }).IsUnique();
            e.HasOne<Organizer>().WithMany().HasForeignKey(c => c.OrganizerId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Sale>(e =>
        {
            e.ToTable("sales");
            e.Property(s => s.Code).HasMaxLength(16);
            e.Property(s => s.Email).HasMaxLength(255);
            e.Property(s => s.Name).HasMaxLength(255);
            e.Property(s => s.PaymentProvider).HasMaxLength(50);
            e.Property(s => s.SalesChannel).HasMaxLength(50);
            e.Property(s => s.Status).HasConversion(v => v.Wire(), v => ParseStatus(v)).HasMaxLength(16);
            e.HasIndex(s => new { s.OrganizerId, s.Code }).IsUnique();
            e.HasIndex(s => new { s.EventId, s.Status });
            e.HasIndex(s => new { s.Status, s.Expires });
            e.HasIndex(s => new { s.OrganizerId, s.Email });
            e.HasOne(s => s.Event).WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(s => s.Tickets).WithOne(t => t.Sale).HasForeignKey(t => t.SaleId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Ticket>(e =>
        {
            e.ToTable("tickets");
            e.Property(t => t.PublicId).HasMaxLength(16);
            e.Property(t => t.Secret).HasMaxLength(64);
            e.Property(t => t.CheckInCode).HasMaxLength(8);
            e.Property(t => t.AttendeeName).HasMaxLength(200);
            e.HasIndex(t => t.Uuid).IsUnique();
            e.HasIndex(t => t.PublicId).IsUnique();
            e.HasIndex(t => t.Secret).IsUnique();
            e.HasIndex(t => new { t.OrganizerId, t.CheckInCode }).IsUnique();
            // (event, id): the keyset pages of a scanner snapshot walk one event's tickets in id order.
            e.HasIndex(t => new { t.EventId, t.Id });
            // One number per place in a sale; it also serves as the sale's index (its tickets in position order).
            e.HasIndex(t => new { t.SaleId, t.PositionId }).IsUnique();
            e.HasOne(t => t.Product).WithMany().HasForeignKey(t => t.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(t => t.SubEvent).WithMany().HasForeignKey(t => t.SubEventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(t => t.Variation).WithMany().HasForeignKey(t => t.VariationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(t => t.Seat).WithMany().HasForeignKey(t => t.SeatId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(t => t.AddonTo).WithMany().HasForeignKey(t => t.AddonToId).OnDelete(DeleteBehavior.Restrict);
            // A quota's usage counts its products' tickets of one date; a seat's holder is found by (seat, date).
            e.HasIndex(t => new { t.ProductId, t.SubEventId });
            e.HasIndex(t => new { t.SeatId, t.SubEventId });
        });
        modelBuilder.Entity<SaleStatusChange>(e =>
        {
            e.ToTable("sale_status_changes");
            e.Property(c => c.Trigger).HasMaxLength(16);
            e.Property(c => c.Actor).HasMaxLength(200);
            e.Property(c => c.From).HasConversion(v => v.Wire(), v => ParseStatus(v)).HasMaxLength(16);
            e.Property(c => c.To).HasConversion(v => v.Wire(), v => ParseStatus(v)).HasMaxLength(16);
            e.HasIndex(c => c.SaleId);
            e.HasOne(c => c.Sale).WithMany().HasForeignKey(c => c.SaleId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.Property(t => t.Description).HasMaxLength(200);
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => t.OrganizerId);
            e.HasOne(t => t.Organizer).WithMany().HasForeignKey(t => t.OrganizerId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(t => t.Permission);
        });

        base.OnModelCreating(modelBuilder);
    }

    private static SaleStatus ParseStatus(string value) =>
        SaleWords.TryParseStatus(value, out var status) ? status : throw new InvalidOperationException($"Unknown sale status {value} in the database.");
}

internal sealed class SalesSqliteDbContext : SalesDbContext
{
    public SalesSqliteDbContext(DbContextOptions<SalesSqliteDbContext> options) : base(options) { }

    public SalesSqliteDbContext() : base(ModuleDatabase.DesignTimeOptions<SalesSqliteDbContext>(DatabaseProvider.Sqlite, SchemaName)) { }
}

internal sealed class SalesPostgresDbContext : SalesDbContext
{
    public SalesPostgresDbContext(DbContextOptions<SalesPostgresDbContext> options) : base(options) { }

    public SalesPostgresDbContext() : base(ModuleDatabase.DesignTimeOptions<SalesPostgresDbContext>(DatabaseProvider.Postgres, SchemaName)) { }
}

internal sealed class SalesSqlServerDbContext : SalesDbContext
{
    public SalesSqlServerDbContext(DbContextOptions<SalesSqlServerDbContext> options) : base(options) { }

    public SalesSqlServerDbContext() : base(ModuleDatabase.DesignTimeOptions<SalesSqlServerDbContext>(DatabaseProvider.SqlServer, SchemaName)) { }
}
