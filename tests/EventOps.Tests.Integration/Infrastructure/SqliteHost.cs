using System.Data.Common;
using EventOps.Shared.Modules;
using Microsoft.Data.Sqlite;
using Respawn;
using Respawn.Graph;

namespace EventOps.Tests.Integration.Infrastructure;

public sealed class SqliteHost : HostFixture
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "eventops-tests", Guid.NewGuid().ToString("N"));

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.FromResult($"Data Source={Path.Combine(folder, "eventops.db")}");
    }

    protected override DbConnection OpenConnection() => new SqliteConnection(ConnectionString);

    protected override async Task<RespawnerOptions> RespawnOptionsAsync(DbConnection connection)
    {
        var keep = new List<Table>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'host%' OR name LIKE '%EFMigrations%' OR name LIKE 'sqlite%')";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keep.Add(new Table(reader.GetString(0)));
        }

        return new RespawnerOptions { DbAdapter = DbAdapter.Sqlite, TablesToIgnore = [.. keep] };
    }

    /// <summary>
    /// Tickets refer to tickets (an add-on's parent), a cycle Respawn cannot order into deletes on SQLite, so the
    /// reset runs with this connection's foreign key checks off; every table is emptied, so nothing dangles after.
    /// </summary>
    protected override async Task ResetTablesAsync(Respawner respawner, DbConnection connection)
    {
        await ExecuteAsync(connection, "PRAGMA foreign_keys = OFF");
        try
        {
            await respawner.ResetAsync(connection);
        }
        finally
        {
            await ExecuteAsync(connection, "PRAGMA foreign_keys = ON");
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
