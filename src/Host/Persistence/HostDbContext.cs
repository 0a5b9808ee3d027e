using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Host.Persistence;

/// <summary>
/// The Host's own data: staff users (Identity) and the Data Protection key ring, kept in the database so
/// cookies survive restarts and are accepted by every Host instance.
/// </summary>
internal class HostDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public const string SchemaName = "host";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    private DatabaseProvider Provider => ModuleDatabase.ProviderOf(Database.ProviderName);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        ModuleNaming.ApplyConventions(configurationBuilder, Provider);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        ModuleNaming.Apply(builder, SchemaName, Provider);
    }
}

internal sealed class HostSqliteDbContext : HostDbContext
{
    public HostSqliteDbContext(DbContextOptions<HostSqliteDbContext> options) : base(options) { }

    public HostSqliteDbContext() : base(ModuleDatabase.DesignTimeOptions<HostSqliteDbContext>(DatabaseProvider.Sqlite, SchemaName)) { }
}

internal sealed class HostPostgresDbContext : HostDbContext
{
    public HostPostgresDbContext(DbContextOptions<HostPostgresDbContext> options) : base(options) { }

    public HostPostgresDbContext() : base(ModuleDatabase.DesignTimeOptions<HostPostgresDbContext>(DatabaseProvider.Postgres, SchemaName)) { }
}

internal sealed class HostSqlServerDbContext : HostDbContext
{
    public HostSqlServerDbContext(DbContextOptions<HostSqlServerDbContext> options) : base(options) { }

    public HostSqlServerDbContext() : base(ModuleDatabase.DesignTimeOptions<HostSqlServerDbContext>(DatabaseProvider.SqlServer, SchemaName)) { }
}
