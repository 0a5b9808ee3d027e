using EventOps.Modules.Sales.Persistence;
using EventOps.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EventOps.Tests.Integration.Persistence;

/// <summary>Every context ships migrations for all three providers, in step with its model.</summary>
public sealed class MigrationTests
{
    public static TheoryData<string> ProviderContexts() =>
    [
        nameof(SalesSqliteDbContext), nameof(SalesPostgresDbContext), nameof(SalesSqlServerDbContext),
        nameof(HostSqliteDbContext), nameof(HostPostgresDbContext), nameof(HostSqlServerDbContext),
    ];

    internal static DbContext Create(string name) => name switch
    {
        nameof(SalesSqliteDbContext) => new SalesSqliteDbContext(),
        nameof(SalesPostgresDbContext) => new SalesPostgresDbContext(),
        nameof(SalesSqlServerDbContext) => new SalesSqlServerDbContext(),
        nameof(HostSqliteDbContext) => new HostSqliteDbContext(),
        nameof(HostPostgresDbContext) => new HostPostgresDbContext(),
        nameof(HostSqlServerDbContext) => new HostSqlServerDbContext(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ProviderContexts))]
    public void Context_HasMigrations_AndNoPendingModelChanges(string contextName)
    {
        using var context = Create(contextName);
        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(), $"{contextName} has model changes without a migration: run scripts/add-migration.sh <Name>");
    }

    [Fact]
    public void SqlServer_IdempotentScript_CanBeGeneratedForADba()
    {
        foreach (var context in new DbContext[] { new SalesSqlServerDbContext(), new HostSqlServerDbContext() })
        {
            using (context)
            {
                var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
                Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
                Assert.Contains("CREATE TABLE [", script, StringComparison.Ordinal);
                Assert.Contains("__EFMigrationsHistory", script, StringComparison.Ordinal);
            }
        }

        using var sales = new SalesSqlServerDbContext();
        var salesScript = sales.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("CREATE TABLE [sales].[sales]", salesScript, StringComparison.Ordinal);
        Assert.Contains("[sales].[__EFMigrationsHistory]", salesScript, StringComparison.Ordinal);
    }
}
