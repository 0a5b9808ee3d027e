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
    /// Respawn orders its deletes by the foreign-key graph, which on SQLite it reads without the self-reference of an
    /// add-on ticket to its parent; the reset empties every table anyway, so the checks are off for its connection.
    /// </summary>
    protected override async Task BeforeResetAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys = OFF";
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
