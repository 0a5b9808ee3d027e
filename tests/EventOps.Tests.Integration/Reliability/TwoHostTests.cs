using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EventOps.Modules.Checkin.AutoCheckin;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Expiry;
using EventOps.Modules.Sales.Persistence;
using EventOps.Tests.Integration.Infrastructure;
using EventOps.Tests.Integration.Scanning;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EventOps.Tests.Integration.Reliability;

/// <summary>
/// Two Hosts on one PostgreSQL, as a deployment with two instances behind a balancer: the database is the only
/// thing they share, so exactly-once admission and exactly-once job effects must come from it alone.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoHostTests(PostgresHost host, ITestOutputHelper output) : HostTests(host)
{
    private const int Tickets = 500;
    private const int AttacksPerTicket = 8;
    private const int Clients = 32;
    private const int OfflineTickets = 100;

    private enum Surface
    {
        PretixRedeem,
        UsetixRedemption,
        TickableScan,
        ShowpassPickup,
    }

    [Fact]
    public async Task ThirtyTwoClients_FourSurfaces_TwoHosts_AdmitEveryTicketExactlyOnce()
    {
        await using var second = Host.CreateFactory();
        _ = second.Server;
        var s = await ScanningScenario.CreateAsync(Host);
        var (_, lists) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/");
        var listId = lists.Value<long>("results.0.id");
        var device = await s.DeviceAsync();
        var tickets = await TicketsAsync(s);

        WebApplicationFactory<Program>[] hosts = [Host.Factory, second];
        var bearer = hosts.Select(h => Client(h, "Bearer", s.S.Organizer.WriteToken)).ToArray();
        var token = hosts.Select(h => Client(h, "Token", s.S.Organizer.WriteToken)).ToArray();
        var deviceClients = hosts.Select(h => Client(h, "Bearer", device.Token)).ToArray();

        // Each ticket: two attacks per surface, one on each Host, in a shuffled order so the surfaces and Hosts race each other.
        var random = new Random(7);
        var work = new ConcurrentQueue<(int Ticket, Surface Surface, int Host)>(
            Enumerable.Range(0, Tickets)
                .SelectMany(t => Enumerable.Range(0, AttacksPerTicket).Select(a => (Ticket: t, Surface: (Surface)(a % 4), Host: (a / 4 + t) % 2)))
                .OrderBy(_ => random.Next()));
        var admitted = new int[Tickets];
        var serverErrors = new ConcurrentQueue<string>();
        var requests = 0;

        async Task<(HttpStatusCode Status, JsonNode? Body)> AttackAsync(PaidTicket t, Surface surface, int h) => surface switch
        {
            Surface.PretixRedeem => await token[h].PostJsonAsync($"{s.S.EventBase}/checkinlists/{listId}/positions/{t.Secret}/redeem/", new { }),
            Surface.UsetixRedemption => await s.RedeemAsync(t.PublicId, bearer[h]),
            Surface.TickableScan => await s.TickableScanAsync(t.Uuid, client: bearer[h]),
            _ => await s.PickupAsync(t, token[h]),
        };

        static bool Admitted(Surface surface, (HttpStatusCode Status, JsonNode? Body) r) => surface switch
        {
            Surface.PretixRedeem => r.Body.Value<string>("status") == "ok",
            Surface.UsetixRedemption => r.Status == HttpStatusCode.OK,
            Surface.TickableScan => r.Body.Value<string>("status") == "valid",
            _ => r.Status == HttpStatusCode.Created,
        };

        async Task WorkerAsync()
        {
            while (work.TryDequeue(out var item))
            {
                var result = await AttackAsync(tickets[item.Ticket], item.Surface, item.Host);
                Interlocked.Increment(ref requests);
                if ((int)result.Status >= 500)
                {
                    serverErrors.Enqueue($"{item.Surface} host {item.Host}: {(int)result.Status} {result.Body.Compact()}");
                }
                else if (Admitted(item.Surface, result))
                {
                    Interlocked.Increment(ref admitted[item.Ticket]);
                }
            }
        }

        // The same offline batch (a scanner that lost its connection, then retried against the other Host) rides along.
        var batch = tickets.Take(OfflineTickets).Select((t, i) => new { client_id = $"offline-{i}", event_slug = "conf", public_id = t.PublicId }).ToArray();
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Clients).Select(_ => Task.Run(WorkerAsync)).ToList();
        var replays = hosts.Select((_, h) => s.SyncAsync(batch, deviceClients[h])).ToArray();
        await Task.WhenAll(workers);
        var offline = await Task.WhenAll(replays);
        watch.Stop();

        Assert.True(serverErrors.IsEmpty, string.Join("\n", serverErrors.Take(20)));
        Assert.All(offline, o => Assert.Equal(HttpStatusCode.OK, o.Status));
        Assert.Equal(offline[0].Body.Compact(), offline[1].Body.Compact());
        var offlineResults = offline[0].Body!["redemption_attempts"]!.AsArray().Select(r => r.Value<string>("result")).ToList();
        for (var i = 0; i < OfflineTickets; i++)
        {
            if (offlineResults[i] == "accepted")
            {
                admitted[i]++;
            }
        }

        var wrong = admitted.Select((count, i) => (count, i)).Where(x => x.count != 1).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} tickets admitted other than once, e.g. " + string.Join(", ", wrong.Take(10).Select(w => $"#{w.i}: {w.count}")));

        // The answers agree with what is stored: one successful, unreverted check-in per ticket, seen from either Host.
        var ids = tickets.Select(t => t.Id).ToList();
        await using var scope = second.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckinDbContext>();
        var stored = await db.Checkins.AsNoTracking()
            .Where(c => c.Successful && !c.Reverted && c.TicketId != null && ids.Contains(c.TicketId.Value))
            .GroupBy(c => c.TicketId!.Value)
            .Select(g => new { Ticket = g.Key, Count = g.Count() })
            .ToListAsync();
        Assert.Equal(Tickets, stored.Count);
        Assert.All(stored, x => Assert.Equal(1, x.Count));
        var (_, afterLists) = await token[1].GetJsonAsync($"{s.S.EventBase}/checkinlists/{listId}/");
        Assert.Equal(Tickets, afterLists.Value<int>("checkin_count"));

        var total = requests + (2 * OfflineTickets);
        output.WriteLine($"two hosts: {requests} requests + 2x{OfflineTickets} offline attempts, {Tickets} admissions, {watch.Elapsed.TotalSeconds:F1} s ({total / watch.Elapsed.TotalSeconds:F0} req/s)");
        Console.WriteLine($"two-host test: {requests} requests + 2x{OfflineTickets} offline, {Tickets} admitted once each, {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task OfflineBatch_ReplayedAtOnceOnBothHosts_AdmitsOnce_AndRecordsEachAttemptOnce()
    {
        await using var second = Host.CreateFactory();
        _ = second.Server;
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        var tickets = await TicketsAsync(s);
        WebApplicationFactory<Program>[] hosts = [Host.Factory, second];

        // Each round: a batch naming every ticket twice, sent twice to each Host at once (a scanner retrying against both
        // instances), so the bulk claim of all but one replay fails and they wait for the winner's results.
        const int PerRound = 60;
        for (var round = 0; round < 3; round++)
        {
            var batch = tickets.Skip(round * PerRound).Take(PerRound)
                .SelectMany((t, i) => new[]
                {
                    new { client_id = $"r{round}-{i}-a", event_slug = "conf", public_id = t.PublicId },
                    new { client_id = $"r{round}-{i}-b", event_slug = "conf", public_id = t.PublicId },
                })
                .ToArray();
            var answers = await Task.WhenAll(hosts.SelectMany(h => new[] { h, h }).Select(h => s.SyncAsync(batch, Client(h, "Bearer", device.Token))));
            Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body.Compact()));
            Assert.All(answers, a => Assert.Equal(answers[0].Body.Compact(), a.Body.Compact()));
            Assert.Equal(
                Enumerable.Range(0, PerRound).SelectMany(_ => new[] { "accepted", "conflict" }),
                answers[0].Body!["redemption_attempts"]!.AsArray().Select(r => r.Value<string>("result")));
        }

        await using var scope = second.Services.CreateAsyncScope();
        var ids = tickets.Take(3 * PerRound).Select(t => t.Id).ToList();
        var checkins = await scope.ServiceProvider.GetRequiredService<CheckinDbContext>().Checkins.AsNoTracking()
            .Where(c => c.TicketId != null && ids.Contains(c.TicketId.Value))
            .GroupBy(c => c.TicketId).Select(g => new { Successful = g.Count(c => c.Successful), Failed = g.Count(c => !c.Successful) }).ToListAsync();
        Assert.Equal(3 * PerRound, checkins.Count);
        Assert.All(checkins, c => Assert.Equal((1, 1), (c.Successful, c.Failed)));
        var scanning = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Scanning.Persistence.ScanningDbContext>();
        var rows = await scanning.OfflineRedemptions.AsNoTracking().Where(r => r.OrganizerId == s.S.Organizer.Id).ToListAsync();
        Assert.Equal(6 * PerRound, rows.Count);
        Assert.DoesNotContain(rows, r => r.Result == "pending");
        var records = await scanning.ScanAttempts.AsNoTracking().CountAsync(x => x.OrganizerId == s.S.Organizer.Id && x.Surface == "usetix_offline");
        Assert.Equal(6 * PerRound, records);
    }

    [Fact]
    public async Task ExpiryAndAutoCheckinJobs_OnBothHostsAtOnce_DoEachThingOnce()
    {
        await using var second = Host.CreateFactory();
        _ = second.Server;
        IServiceProvider[] providers = [Host.Factory.Services, second.Services];
        var s = await Scenario.CreateAsync(Host);
        var (_, created) = await s.Client.PostJsonAsync($"{s.EventBase}/checkinlists/", new { name = "POS", auto_checkin_sales_channels = new[] { "pos" } });
        var posList = created.Value<long>("id");
        var eventId = await Host.WithSalesAsync(db => db.Events.Where(e => e.OrganizerId == s.Organizer.Id).Select(e => e.Id).SingleAsync());

        var pending = new List<long>();
        var posSales = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            pending.Add((await s.OrderAsync("bank_transfer")).Value<long>("id"));
            posSales.Add((await s.OrderAsync("cash", "pos")).Value<long>("id"));
        }

        Host.Clock.Advance(TimeSpan.FromDays(4));

        async Task<int> RunAsync<TJob>(IServiceProvider services, Func<TJob, Task<int>> run)
            where TJob : notnull
        {
            await using var scope = services.CreateAsyncScope();
            return await run(scope.ServiceProvider.GetRequiredService<TJob>());
        }

        // Every Host runs every job twice at once, as two Hangfire servers would on a retry storm.
        var expiry = providers.SelectMany(p => new[] { p, p }).Select(p => Task.Run(() => RunAsync<ExpireDueSalesJob>(p, j => j.RunAsync(CancellationToken.None))));
        var perSale = providers.SelectMany(p => posSales.Select(sale => (p, sale)))
            .Select(x => Task.Run(() => RunAsync<AutoCheckinJob>(x.p, j => j.RunAsync(s.Organizer.Id, eventId, x.sale, CancellationToken.None))));
        var sweeps = providers.Select(p => Task.Run(() => RunAsync<AutoCheckinSweepJob>(p, j => j.RunAsync(CancellationToken.None))));
        var expired = await Task.WhenAll(expiry);
        var made = await Task.WhenAll(perSale.Concat(sweeps));

        Assert.Equal(pending.Count, expired.Sum());
        // The job's count includes check-ins it found by their nonce (a run that lost the race), so the truth is read from the store below.
        Assert.True(made.Sum() >= posSales.Count, $"{made.Sum()}");

        await using var scope = second.Services.CreateAsyncScope();
        var sales = scope.ServiceProvider.GetRequiredService<SalesDbContext>();
        var changes = await sales.Set<SaleStatusChange>().AsNoTracking().Where(c => pending.Contains(c.SaleId) && c.To == SaleStatus.Expired)
            .GroupBy(c => c.SaleId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(pending.Count, changes.Count);
        Assert.All(changes, c => Assert.Equal(1, c));
        foreach (var sale in pending.Take(3))
        {
            var code = await sales.Sales.Where(x => x.Id == sale).Select(x => x.Code).SingleAsync();
            Assert.Equal("expired", (await s.GetOrderAsync(code)).Value<string>("status"));
        }

        var checkin = scope.ServiceProvider.GetRequiredService<CheckinDbContext>();
        var autos = await checkin.Checkins.AsNoTracking().Where(c => c.ListId == posList && c.Successful)
            .GroupBy(c => c.TicketId).Select(g => new { g.Key, Count = g.Count(), Auto = g.All(c => c.AutoCheckedIn) }).ToListAsync();
        Assert.Equal(posSales.Count, autos.Count);
        Assert.All(autos, a => Assert.True(a.Count == 1 && a.Auto));
        var (_, list) = await s.Client.GetJsonAsync($"{s.EventBase}/checkinlists/{posList}/");
        Assert.Equal(posSales.Count, list.Value<int>("checkin_count"));
    }

    private static HttpClient Client(WebApplicationFactory<Program> factory, string scheme, string value)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, value);
        return client;
    }

    /// <summary>Paid tickets in orders of 10 (fewer round trips than one order each), made four orders at a time.</summary>
    private static async Task<PaidTicket[]> TicketsAsync(ScanningScenario s)
    {
        var orders = new ConcurrentBag<JsonNode>();
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, Tickets / 10).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                orders.Add(await s.S.OrderAsync("cash", "web", [.. Enumerable.Repeat(s.S.AdmissionItem, 10)]));
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. orders.SelectMany(o => Enumerable.Range(0, 10).Select(i => ScanningScenario.Ticket(o, i)))];
    }
}
