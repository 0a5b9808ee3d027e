using System.Diagnostics;
using System.Net;
using EventOps.Modules.Sales.Domain;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>Runs only when EVENTOPS_BENCH is set (bench/scanning.sh): the figures are long-running, not assertions.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("EVENTOPS_BENCH")))
        {
            Skip = "Benchmark: set EVENTOPS_BENCH=1 (bench/scanning.sh) to run.";
        }
    }
}

/// <summary>
/// Scanning figures over HTTP on a real database: snapshot of 100,000 tickets (time, bytes, peak managed heap),
/// offline sync of 10,000 attempts in batches of 1,000, and redeem requests per second through each surface.
/// </summary>
public abstract class ScanningBench(HostFixture host, ITestOutputHelper output) : HostTests(host)
{
    private int Tickets => int.TryParse(Environment.GetEnvironmentVariable("EVENTOPS_BENCH_TICKETS"), out var n) ? n : 100_000;

    [BenchFact]
    public async Task Figures()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var eventId = (await s.S.Client.GetJsonAsync($"{s.S.EventBase}/")).Body.Value<long>("id");
        var seed = Stopwatch.StartNew();
        var publicIds = await SeedAsync(s, eventId, Tickets);
        Report($"seeded {Tickets:N0} paid tickets directly in {seed.Elapsed.TotalSeconds:F1} s");

        // Snapshot: 100,000 tickets, plain and gzip, and a 304.
        var client = s.Bearer();
        client.Timeout = TimeSpan.FromMinutes(10);
        await client.GetAsync("/scanner/events/conf/snapshot?warmup");
        foreach (var gzip in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/scanner/events/conf/snapshot");
            if (gzip)
            {
                request.Headers.AcceptEncoding.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("gzip"));
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            long peak = baseline;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                    await Task.Delay(5);
                }
            });
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var first = watch.Elapsed;
            await using var body = await response.Content.ReadAsStreamAsync();
            var bytes = 0L;
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk)) > 0)
            {
                bytes += read;
            }

            watch.Stop();
            await sampling.CancelAsync();
            await sampler;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Report($"snapshot {Tickets:N0} tickets{(gzip ? " gzip" : string.Empty)}: {watch.Elapsed.TotalSeconds:F2} s total, headers after {first.TotalSeconds:F2} s, "
                + $"{bytes / 1024.0 / 1024.0:F1} MiB on the wire, peak managed heap +{(peak - baseline) / 1024.0 / 1024.0:F0} MiB over baseline (test process, client included)");
            if (!gzip)
            {
                using var conditional = new HttpRequestMessage(HttpMethod.Get, "/scanner/events/conf/snapshot");
                conditional.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
                var watch304 = Stopwatch.StartNew();
                var notModified = await client.SendAsync(conditional);
                Report($"snapshot If-None-Match: {(int)notModified.StatusCode} in {watch304.Elapsed.TotalSeconds:F2} s");
            }
        }

        // Offline sync: 10,000 attempts on distinct tickets, in batches of 1,000.
        var device = await s.DeviceAsync();
        var deviceClient = s.Bearer(device.Token);
        deviceClient.Timeout = TimeSpan.FromMinutes(10);
        var sync = Stopwatch.StartNew();
        var accepted = 0;
        for (var batch = 0; batch < 10; batch++)
        {
            var attempts = publicIds.Skip(batch * 1000).Take(1000).Select((p, i) => new { client_id = $"bench-{batch}-{i}", event_slug = "conf", public_id = p }).ToArray();
            var (status, result) = await s.SyncAsync(attempts, deviceClient);
            Assert.Equal(HttpStatusCode.OK, status);
            accepted += result!["redemption_attempts"]!.AsArray().Count(r => r!.Value<string>("result") == "accepted");
        }

        Report($"offline sync 10,000 attempts in 10 batches of 1,000: {sync.Elapsed.TotalSeconds:F1} s ({10_000 / sync.Elapsed.TotalSeconds:F0} attempts/s), {accepted:N0} accepted");

        // Redeem requests per second, each surface on its own fresh tickets, 8 concurrent clients.
        var next = 10_000;
        const int PerSurface = 1000;
        var byPublicId = await Host.WithSalesAsync(db => db.Tickets.AsNoTracking().Where(t => t.EventId == eventId)
            .Select(t => new { t.PublicId, t.Id, t.Uuid, t.Secret }).ToDictionaryAsync(t => t.PublicId));
        var lists = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/");
        var listId = lists.Body.Value<long>("results.0.id");
        var surfaces = new (string Name, Func<string, Task<bool>> Redeem)[]
        {
            ("usetix online redemption", async p => (await s.RedeemAsync(p, deviceClient)).Status == HttpStatusCode.OK),
            ("showpass pickup", async p =>
            {
                var t = byPublicId[p];
                return (await deviceClient.PostAsync(s.Histories, Api.Json(new { item = t.Id, action = "pickup", scanner_device = "bench", barcode_type = "static", barcode_string = t.Secret }))).StatusCode == HttpStatusCode.Created;
            }),
            ("tickable scan", async p => (await s.TickableScanAsync(byPublicId[p].Uuid, client: deviceClient)).Body.Value<string>("status") == "valid"),
            ("pretix redeem (checkin module, for comparison)", async p =>
                (await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/{listId}/positions/{byPublicId[p].Id}/redeem/", new { })).Body.Value<string>("status") == "ok"),
        };
        foreach (var (name, redeem) in surfaces)
        {
            var batch = publicIds.Skip(next).Take(PerSurface).ToArray();
            next += PerSurface;
            var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(batch);
            var ok = 0;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (queue.TryDequeue(out var p))
                {
                    if (await redeem(p))
                    {
                        Interlocked.Increment(ref ok);
                    }
                }
            }));
            Report($"{name}: {batch.Length / watch.Elapsed.TotalSeconds:F0} requests/s ({ok}/{batch.Length} admitted, 8 concurrent clients)");
        }
    }

    private void Report(string line) => output.WriteLine($"[{Host.Provider}] {line}");

    /// <summary>Paid sales of one ticket each, inserted straight into Sales (the order API would take the whole bench).</summary>
    private async Task<List<string>> SeedAsync(ScanningScenario s, long eventId, int count)
    {
        var publicIds = new List<string>(count);
        const int Chunk = 5000;
        for (var done = 0; done < count; done += Chunk)
        {
            var ids = await Host.WithSalesAsync(async db =>
            {
                var product = await db.Products.SingleAsync(p => p.Id == s.S.AdmissionItem);
                var now = Host.Clock.GetUtcNow();
                var created = new List<Ticket>(Chunk);
                for (var i = 0; i < Math.Min(Chunk, count - done); i++)
                {
                    var sale = new Sale
                    {
                        OrganizerId = s.S.Organizer.Id, EventId = eventId, Code = TicketCodes.NewSaleCode() + (done + i).ToString("x", System.Globalization.CultureInfo.InvariantCulture),
                        Email = $"buyer{done + i}@example.com", Name = $"Buyer {done + i}", Status = SaleStatus.Paid, PaymentProvider = "cash", SalesChannel = "web",
                        Total = product.DefaultPrice, CreatedAt = now, UpdatedAt = now,
                    };
                    var ticket = TicketCodes.AddTicket(sale, product, null);
                    db.Sales.Add(sale);
                    created.Add(ticket);
                }

                db.ChangeTracker.AutoDetectChangesEnabled = false;
                await db.SaveChangesAsync();
                return created.Select(t => t.PublicId).ToList();
            });
            publicIds.AddRange(ids);
        }

        return publicIds;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ScanningSqliteBench(SqliteHost host, ITestOutputHelper output) : ScanningBench(host, output);

[Collection(PostgresCollection.Name)]
public sealed class ScanningPostgresBench(PostgresHost host, ITestOutputHelper output) : ScanningBench(host, output);
