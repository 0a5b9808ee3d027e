using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using EventOps.Shared.Modules;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>Admission is decided by the database: racing scanners admit a ticket exactly as often as its rules allow.</summary>
public abstract class RedeemConcurrencyTests(HostFixture host, ITestOutputHelper output) : HostTests(host)
{
    private const int Scanners = 32;

    private async Task<List<(HttpStatusCode Status, string? Reason)>> RaceAsync(CheckinScenario c, long ticketId)
    {
        using var start = new ManualResetEventSlim(false);
        var url = c.Redeem(c.DefaultListId, ticketId);
        var clients = Enumerable.Range(0, Scanners).Select(_ => Host.Client(c.S.Organizer.WriteToken)).ToList();
        var stopwatch = Stopwatch.StartNew();
        var tasks = clients.Select(client => Task.Run(async () =>
        {
            start.Wait();
            var (status, body) = await client.PostJsonAsync(url, new { });
            return (status, body?["reason"]?.GetValue<string>());
        })).ToList();
        start.Set();
        var results = (await Task.WhenAll(tasks)).ToList();
        output.WriteLine($"{Host.Provider}: {Scanners} concurrent redeems in {stopwatch.ElapsedMilliseconds} ms: " +
            string.Join(", ", results.GroupBy(r => $"{(int)r.Item1} {r.Item2 ?? "ok"}").Select(g => $"{g.Count()}x {g.Key}")));
        clients.ForEach(client => client.Dispose());
        return results;
    }

    [Fact]
    public async Task Redeem_32ConcurrentScansOfOneTicket_AdmitOnce()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var results = await RaceAsync(c, ticketId);
        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        Assert.Equal(Scanners - 1, results.Count(r => r.Status == HttpStatusCode.BadRequest && r.Reason == "already_redeemed"));
        Assert.Equal(1, await c.WithCheckinAsync(db => db.Checkins.CountAsync(x => x.TicketId == ticketId && x.Successful)));
        Assert.Equal(Scanners - 1, await c.WithCheckinAsync(db => db.Checkins.CountAsync(x => x.TicketId == ticketId && !x.Successful)));
    }

    [Fact]
    public async Task Redeem_32ConcurrentScansOfADayPass_AdmitThreeTimes()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticketId, _) = await c.PaidTicketAsync(item: c.S.DayPassItem);
        var results = await RaceAsync(c, ticketId);
        Assert.Equal(3, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(Scanners - 3, results.Count(r => r.Status == HttpStatusCode.BadRequest && r.Reason == "already_redeemed"));
        Assert.Equal(3, await c.WithCheckinAsync(db => db.Checkins.CountAsync(x => x.TicketId == ticketId && x.Successful)));
    }

    [Fact]
    public async Task Redeem_Online_StatementBudget_FirstScanTwoOnPostgres_RepeatThree()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, first, _) = await c.PaidTicketAsync();
        var (_, second, _) = await c.PaidTicketAsync();
        var counter = new CommandCounter();

        await using var counted = counter.Attach(Host);
        using var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", c.S.Organizer.WriteToken);

        // Warm up (query compilation, connection pool, the list as this Host knows it), then count one redeem of a fresh
        // ticket and one refusal.
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync(c.Redeem(c.DefaultListId, first), new { })).Status);
        counter.Reset();
        var (status, _) = await client.PostJsonAsync(c.Redeem(c.DefaultListId, second), new { nonce = "abc" });
        Assert.Equal(HttpStatusCode.Created, status);
        var ok = counter.Count;
        output.WriteLine($"{Host.Provider}: ok redeem = {ok} statements:\n{string.Join("\n---\n", counter.Commands)}");

        // PostgreSQL: the ticket, then the check-in inserted on the condition that the list is as read (FirstScan).
        // Elsewhere: the ticket, the list with the ticket's history, the check-in.
        Assert.Equal(Host.Provider == EventOps.Shared.Modules.DatabaseProvider.Postgres ? 2 : 3, ok);

        // The ticket is read once, with its stored position number: no subquery counting its sale's tickets.
        var tickets = Host.Provider == DatabaseProvider.Sqlite ? "\"sales_tickets\"" : "sales.tickets";
        var findTicket = Assert.Single(counter.Commands, c => c.Contains(tickets, StringComparison.Ordinal));
        var reads = findTicket.Split(tickets).Length - 1;
        Assert.True(reads == 1, $"the tickets table is read {reads} times in:\n{findTicket}");
        Assert.Contains("position_id", findTicket, StringComparison.Ordinal);

        counter.Reset();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync(c.Redeem(c.DefaultListId, second), new { })).Status);
        output.WriteLine($"{Host.Provider}: refused redeem = {counter.Count} statements:\n{string.Join("\n---\n", counter.Commands)}");
        // The ticket, the list with its history, the refused check-in: a Host that has seen the ticket checked in on the
        // list does not try a first scan the unique index would refuse (FirstScan.SeenBefore).
        Assert.True(counter.Count == 3, $"{counter.Count} statements");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RedeemConcurrencySqliteTests(SqliteHost host, ITestOutputHelper output) : RedeemConcurrencyTests(host, output);

[Collection(PostgresCollection.Name)]
public sealed class RedeemConcurrencyPostgresTests(PostgresHost host, ITestOutputHelper output) : RedeemConcurrencyTests(host, output);
