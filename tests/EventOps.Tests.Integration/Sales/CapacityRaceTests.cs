using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace EventOps.Tests.Integration.Sales;

/// <summary>
/// The last places and the last seat under contention: many buyers at once (on PostgreSQL through two Hosts) sell a
/// quota exactly to its size and a seat exactly once; every refused sale leaves nothing behind.
/// </summary>
public abstract class CapacityRaceTests(HostFixture host, ITestOutputHelper output) : HostTests(host)
{
    private const int QuotaSize = 100;
    private const int Buyers = 64;

    protected abstract int HostCount { get; }

    [Fact]
    public async Task SixtyFourBuyers_OfOneToThreePlaces_SellTheQuotaExactly_AndRefusedSalesStoreNothing()
    {
        var s = await Scenario.CreateAsync(Host);
        var (_, quota) = await s.Client.PostJsonAsync($"{s.EventBase}/quotas/", new { name = "Hall", size = QuotaSize, items = new[] { s.AdmissionItem, s.DayPassItem } });
        var quotaId = quota.Value<long>("id");
        var (clients, scope) = Clients(s);
        await using var _ = scope;

        var sold = 0;
        var refused = 0;
        var acknowledged = new ConcurrentBag<(string Code, int Places)>();
        var unexpected = new ConcurrentQueue<string>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Buyers), new ParallelOptions { MaxDegreeOfParallelism = Buyers }, async (buyer, _1) =>
        {
            var client = clients[buyer % clients.Length];
            var random = new Random(buyer);
            // Each buyer keeps buying until refused, so the last places are fought over by everyone at once.
            while (true)
            {
                var places = random.Next(1, 4);
                var positions = Enumerable.Range(0, places).Select(p => new { item = p % 2 == 0 ? s.AdmissionItem : s.DayPassItem }).ToArray();
                var (status, body) = await client.PostJsonAsync($"{s.EventBase}/orders/", new { payment_provider = buyer % 3 == 0 ? "manual" : "cash", positions });
                if (status == HttpStatusCode.Created)
                {
                    Interlocked.Add(ref sold, places);
                    acknowledged.Add((body.Value<string>("code"), places));
                    continue;
                }

                if (status == HttpStatusCode.BadRequest && body!["positions"]![0]!.GetValue<string>().Contains("quota \"Hall\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref refused);
                    if (places == 1)
                    {
                        return;
                    }

                    continue;
                }

                unexpected.Enqueue($"{status} {body.Compact()}");
                return;
            }
        });
        watch.Stop();

        Assert.Empty(unexpected);
        Assert.Equal(QuotaSize, sold);
        var stored = await Host.WithSalesAsync(async db => (
            Sales: await db.Sales.CountAsync(),
            Tickets: await db.Tickets.CountAsync()));
        Assert.Equal(acknowledged.Count, stored.Sales);
        Assert.Equal(QuotaSize, stored.Tickets);
        var (_, availability) = await s.Client.GetJsonAsync($"{s.EventBase}/quotas/{quotaId}/availability/");
        Assert.Equal(0, availability.Value<int>("available_number"));
        Assert.False(availability.Value<bool>("available"));
        output.WriteLine($"{Host.Provider}, {HostCount} Host(s), {Buyers} buyers: sold {sold} of {QuotaSize} in {acknowledged.Count} sales, refused {refused} sales, {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ManyBuyersOfTheLastSeat_OneGetsIt()
    {
        var s = await Scenario.CreateAsync(Host);
        Assert.Equal(HttpStatusCode.Created, (await s.Client.PostJsonAsync($"{s.EventBase}/seats/", new { seat_guid = "last", name = "Row Z, Seat 1", product = s.DayPassItem })).Status);
        var (clients, scope) = Clients(s);
        await using var _ = scope;

        var results = new ConcurrentQueue<HttpStatusCode>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, 32), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (buyer, _1) =>
        {
            var (status, _2) = await clients[buyer % clients.Length].PostJsonAsync(
                $"{s.EventBase}/orders/", new { payment_provider = "cash", positions = new[] { new { item = s.DayPassItem, seat = "last" } } });
            results.Enqueue(status);
        });
        watch.Stop();

        Assert.Equal(1, results.Count(r => r == HttpStatusCode.Created));
        Assert.Equal(31, results.Count(r => r == HttpStatusCode.BadRequest));
        Assert.Equal(1, await Host.WithSalesAsync(db => db.Tickets.CountAsync()));
        output.WriteLine($"{Host.Provider}, {HostCount} Host(s): 32 buyers of one seat, 1 sold, 31 refused, {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>Clients spread over the Hosts; a second Host (on PostgreSQL) is disposed with the returned scope.</summary>
    private (HttpClient[] Clients, IAsyncDisposable Scope) Clients(Scenario s)
    {
        var second = HostCount == 1 ? null : Host.CreateFactory();
        WebApplicationFactory<Program>[] hosts = second is null ? [Host.Factory] : [Host.Factory, second];
        HttpClient[] clients = [.. hosts.Select(h =>
        {
            var client = h.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", s.Organizer.WriteToken);
            return client;
        })];
        return (clients, (IAsyncDisposable?)second ?? new Nothing());
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CapacityRaceSqliteTests(SqliteHost host, ITestOutputHelper output) : CapacityRaceTests(host, output)
{
    protected override int HostCount => 1;
}

/// <summary>Two Hosts on one PostgreSQL: the database is all they share.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CapacityRacePostgresTests(PostgresHost host, ITestOutputHelper output) : CapacityRaceTests(host, output)
{
    protected override int HostCount => 2;
}
