using System.Data.Common;
using System.Diagnostics;
using EventOps.Shared.Modules;
using Npgsql;
using Respawn;
using Respawn.Graph;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>
/// A fresh database on a real PostgreSQL: the one in EVENTOPS_TEST_POSTGRES, else the throwaway cluster that
/// scripts/start-postgres.sh starts (installing Debian's postgresql if needed).
/// </summary>
public sealed class PostgresHost : HostFixture
{
    private string? serverConnectionString;
    private string databaseName = string.Empty;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public static string ServerConnectionString()
    {
        var configured = Environment.GetEnvironmentVariable("EVENTOPS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var script = Path.Combine(RepositoryRoot(), "scripts", "start-postgres.sh");
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/start-postgres.sh failed: {errors}");
        }

        return output.Trim().Split('\n')[^1];
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventOps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EventOps.sln not found above the test folder.");
    }

    protected override async Task<string> CreateDatabaseAsync()
    {
        serverConnectionString = ServerConnectionString();
        databaseName = "eventops_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {databaseName}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString;
    }

    protected override DbConnection OpenConnection() => new NpgsqlConnection(ConnectionString);

    protected override Task<RespawnerOptions> RespawnOptionsAsync(DbConnection connection) => Task.FromResult(new RespawnerOptions
    {
        DbAdapter = DbAdapter.Postgres,
        SchemasToInclude = ["sales", "checkin", "scanning"],
        TablesToIgnore = [new Table("__EFMigrationsHistory")],
    });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (serverConnectionString is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
