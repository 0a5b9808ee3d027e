using EventOps.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace EventOps.Tests.Integration.Reliability;

/// <summary>
/// Two replicas started at the same moment on a fresh PostgreSQL database: both must come up, and the one-time
/// start-up writes (migrations, roles, first admin, Data Protection key, demo data, default check-in lists) happen once.
/// </summary>
public sealed class StartupRaceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoHostsStartingTogether_OnAFreshDatabase_BothStart_AndMakeStartupDataOnce()
    {
        for (var round = 0; round < 3; round++)
        {
            var server = PostgresHost.ServerConnectionString();
            var name = "eventops_race_" + Guid.NewGuid().ToString("N")[..12];
            await ExecuteAsync(server, $"CREATE DATABASE {name}");
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:EventOps"] = connectionString,
                ["Demo:Seed"] = "true",
                ["Demo:SalesPerEvent"] = "2",
                ["Demo:AdminEmail"] = "admin@example.com",
                ["Demo:AdminPassword"] = TestStaff.AdminPassword,
                ["Hangfire:Server"] = "false",
            };
            var hosts = new[] { new EventOpsFactory(settings, new FakeTimeProvider(HostFixture.Start)), new EventOpsFactory(settings, new FakeTimeProvider(HostFixture.Start)) };
            try
            {
                using var go = new Barrier(2);
                await Task.WhenAll(hosts.Select(h => Task.Run(() =>
                {
                    go.SignalAndWait();
                    _ = h.Server;
                })));
                foreach (var host in hosts)
                {
                    var health = await host.CreateClient().GetAsync("/health");
                    Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
                }

                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                var counts = new Dictionary<string, long>();
                foreach (var table in new[] { "host.asp_net_roles", "host.asp_net_users", "host.data_protection_keys", "sales.organizers", "sales.events" })
                {
                    await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
                    counts[table] = (long)(await command.ExecuteScalarAsync())!;
                }

                output.WriteLine($"round {round}: " + string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
                Assert.Equal(2, counts["host.asp_net_roles"]);
                Assert.Equal(1, counts["host.asp_net_users"]);
                Assert.Equal(1, counts["host.data_protection_keys"]);
                Assert.Equal(1, counts["sales.organizers"]);
                await using var lists = new NpgsqlCommand("SELECT count(*) FROM sales.events e WHERE (SELECT count(*) FROM checkin.checkin_lists l WHERE l.event_id = e.id) <> 1", connection);
                Assert.Equal(0L, (long)(await lists.ExecuteScalarAsync())!);
            }
            finally
            {
                foreach (var host in hosts)
                {
                    try
                    {
                        await host.DisposeAsync();
                    }
                    catch (InvalidOperationException)
                    {
                        // A Host that failed to start has nothing to stop.
                    }
                }

                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
