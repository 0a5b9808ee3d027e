using System.Data.Common;
using EventOps.Shared.Modules;
using Microsoft.Data.SqlClient;
using Respawn;
using Respawn.Graph;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>The Host on a real SQL Server (EVENTOPS_TEST_SQLSERVER); the database is created by the migrations.</summary>
public sealed class SqlServerHost(string connectionString) : HostFixture, IAsyncDisposable
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(connectionString);

    protected override DbConnection OpenConnection() => new SqlConnection(ConnectionString);

    protected override Task<RespawnerOptions> RespawnOptionsAsync(DbConnection connection) => Task.FromResult(new RespawnerOptions
    {
        DbAdapter = DbAdapter.SqlServer,
        SchemasToInclude = ["sales", "checkin", "scanning"],
        TablesToIgnore = [new Table("__EFMigrationsHistory")],
    });

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
