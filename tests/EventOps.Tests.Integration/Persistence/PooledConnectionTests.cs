using System.Net;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Persistence;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventOps.Tests.Integration.Persistence;

/// <summary>
/// The module contexts run on PostgreSQL with auto-prepared statements and <c>No Reset On Close</c>, so a pooled
/// connection carries its state from one request to the next. A command that fails, in any way (text the encoder
/// refuses, text the server refuses, an exception while a reader is open, a cancellation mid-read), must leave
/// nothing behind for the next user of that connection.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PooledConnectionTests(PostgresHost host) : HostTests(host)
{
    private const string LoneSurrogate = "a\ud800b";
    private const string FilterSql = "SELECT x::text FROM generate_series(1, 3) AS x WHERE $1::text <> '' ORDER BY x";

    public static TheoryData<string> Failures => ["lone surrogate", "nul", "throw while reading", "cancel while reading", "server error mid-batch", "lone surrogate mid-copy", "nul mid-copy"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AFailedCommand_NeverAffectsTheNextCommand_OnTheSamePooledConnection(string failure)
    {
        // One connection in the pool: the next open is the same server session (same backend pid) unless the
        // failure broke it, in which case Npgsql must have thrown it away.
        var connectionString = new NpgsqlConnectionStringBuilder(ModuleDatabase.TunedPostgres(Host.ConnectionString))
        {
            MaxPoolSize = 1,
            ApplicationName = "pooled-" + Guid.NewGuid().ToString("N")[..8],
        }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        for (var round = 0; round < 3; round++)
        {
            // Past Npgsql's AutoPrepareMinUsages (5): the statements the failure and the next user run are prepared.
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal(new[] { "1", "2", "3" }, await ValuesAsync(dataSource));
            }

            await FailAsync(dataSource, failure);
            Assert.Equal(new[] { "1", "2", "3" }, await ValuesAsync(dataSource));
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var ping = new NpgsqlCommand("SELECT $1::text", connection) { Parameters = { new() { Value = "ok" } } };
            Assert.Equal("ok", await ping.ExecuteScalarAsync());
        }
    }

    public static TheoryData<string> HostFailures => ["EF query", "COPY (BulkInsert)", "prepared INSERT (RowInserter)"];

    /// <summary>
    /// The Host's own writes that bypass EF (binary COPY of an offline sync, the prepared INSERT of every scan) and an EF
    /// query fail on text PostgreSQL cannot store, on the Host's only pooled connection: the next request is answered
    /// as if nothing happened.
    /// </summary>
    [Theory]
    [MemberData(nameof(HostFailures))]
    public async Task AfterAFailedCommandInTheHost_TheNextRequestOnItsOneConnection_IsAnsweredCorrectly(string failure)
    {
        var organizer = await Host.CreateOrganizerAsync("acme");
        var connectionString = new NpgsqlConnectionStringBuilder(Host.ConnectionString) { MaxPoolSize = 1, ApplicationName = "one-conn" }.ConnectionString;
        await using var factory = Host.CreateFactory(new Dictionary<string, string?> { ["ConnectionStrings:EventOps"] = connectionString });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", organizer.ReadToken);
        for (var i = 0; i < 6; i++)
        {
            var bad = i % 2 == 0 ? LoneSurrogate : "a\0b";
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var sales = scope.ServiceProvider.GetRequiredService<SalesDbContext>();
                var scanning = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Scanning.Persistence.ScanningDbContext>();
                await Assert.ThrowsAnyAsync<Exception>(() => failure switch
                {
                    "EF query" => sales.Organizers.Where(o => o.Slug == bad).ToListAsync(),
                    "COPY (BulkInsert)" => BulkInsert.TryInsertAsync(scanning, [Claim(organizer.Id, "ok-" + i), Claim(organizer.Id, bad)], default),
                    _ => RowInserter.InsertAsync(scanning, Claim(organizer.Id, bad), default),
                });
            }

            var response = await client.GetAsync("/api/v1/organizers/acme/events/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"count\":0", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var check = factory.Services.CreateAsyncScope();
        Assert.Equal(0, await check.ServiceProvider.GetRequiredService<EventOps.Modules.Scanning.Persistence.ScanningDbContext>().OfflineRedemptions.CountAsync(r => r.OrganizerId == organizer.Id));
    }

    private static EventOps.Modules.Scanning.Domain.OfflineRedemption Claim(long organizerId, string clientId) => new()
    {
        OrganizerId = organizerId, Actor = "device:1", ClientId = clientId, EventSlug = "conf", PublicId = "P1",
        ScannedAt = DateTimeOffset.UnixEpoch.AddDays(20_000), SyncedAt = DateTimeOffset.UnixEpoch.AddDays(20_000), Result = EventOps.Modules.Scanning.Domain.OfflineRedemption.Pending,
    };

    private static async Task<string[]> ValuesAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(FilterSql, connection) { Parameters = { new() { Value = "ok" } } };
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return [.. values];
    }

    private static async Task FailAsync(NpgsqlDataSource dataSource, string failure)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        switch (failure)
        {
            case "lone surrogate":
            case "nul":
            {
                await using var command = new NpgsqlCommand(FilterSql, connection)
                {
                    Parameters = { new() { Value = failure == "nul" ? "a\0b" : LoneSurrogate } },
                };
                await Assert.ThrowsAnyAsync<Exception>(async () =>
                {
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                    }
                });
                break;
            }

            case "throw while reading":
            {
                await using var command = new NpgsqlCommand("SELECT x::text FROM generate_series(1, $1) AS x ORDER BY x", connection) { Parameters = { new() { Value = 100_000 } } };
                await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                {
                    await using var reader = await command.ExecuteReaderAsync();
                    await reader.ReadAsync();
                    throw new InvalidOperationException("the application failed with the reader open");
                });
                break;
            }

            case "cancel while reading":
            {
                using var cancel = new CancellationTokenSource();
                await using var command = new NpgsqlCommand("SELECT x::text FROM generate_series(1, $1) AS x ORDER BY x", connection) { Parameters = { new() { Value = 1_000_000 } } };
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
                {
                    await using var reader = await command.ExecuteReaderAsync(cancel.Token);
                    await reader.ReadAsync(cancel.Token);
                    await cancel.CancelAsync();
                    while (await reader.ReadAsync(cancel.Token))
                    {
                    }
                });
                break;
            }

            case "lone surrogate mid-copy":
            case "nul mid-copy":
            {
                // Offline sync writes its rows by binary COPY (BulkInsert): a value failing half-way through a COPY.
                await using (var create = new NpgsqlCommand("CREATE TEMP TABLE IF NOT EXISTS copied (t text)", connection))
                {
                    await create.ExecuteNonQueryAsync();
                }

                await Assert.ThrowsAnyAsync<Exception>(async () =>
                {
                    await using var importer = await connection.BeginBinaryImportAsync("COPY copied (t) FROM STDIN (FORMAT BINARY)");
                    for (var i = 0; i < 1000; i++)
                    {
                        await importer.StartRowAsync();
                        await importer.WriteAsync(i == 500 ? (failure.StartsWith("nul", StringComparison.Ordinal) ? "a\0b" : LoneSurrogate) : "row " + i, NpgsqlTypes.NpgsqlDbType.Text);
                    }

                    await importer.CompleteAsync();
                });
                break;
            }

            default:
            {
                await using var batch = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("SELECT x::text FROM generate_series(1, 3) AS x"),
                        new NpgsqlBatchCommand("SELECT 1/0"),
                        new NpgsqlBatchCommand("SELECT 'never'"),
                    },
                };
                await Assert.ThrowsAsync<PostgresException>(async () =>
                {
                    await using var reader = await batch.ExecuteReaderAsync();
                    do
                    {
                        while (await reader.ReadAsync())
                        {
                        }
                    }
                    while (await reader.NextResultAsync());
                });
                break;
            }
        }
    }
}
