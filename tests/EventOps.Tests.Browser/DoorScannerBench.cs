using System.Diagnostics;
using System.Globalization;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EventOps.Tests.Browser;

/// <summary>Runs only when EVENTOPS_BENCH is set: figures, not assertions on time (the brief keeps those out of tests).</summary>
public sealed class DoorBenchFactAttribute : FactAttribute
{
    public DoorBenchFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("EVENTOPS_BENCH")))
        {
            Skip = "Benchmark: set EVENTOPS_BENCH=1 to run (bench/door-scanner.sh).";
        }
    }
}

/// <summary>
/// The door scanner with a 100,000-ticket snapshot (EVENTOPS_BENCH_TICKETS to change): how long the snapshot takes
/// from request to IndexedDB, and how long each offline decision takes, by check-in code, public id and QR secret.
/// </summary>
public abstract class DoorScannerBench(AdminHost host, ITestOutputHelper output)
{
    private static int Tickets => int.TryParse(Environment.GetEnvironmentVariable("EVENTOPS_BENCH_TICKETS"), out var n) ? n : 100_000;

    [DoorBenchFact]
    public async Task Figures()
    {
        SetDefaultExpectTimeout(300_000);
        using var api = host.ApiClient();
        var shop = await DoorShop.CreateAsync(api, "Bench Night");
        var seed = Stopwatch.StartNew();
        var tickets = await SeedAsync(shop, Tickets);
        Report($"seeded {Tickets:N0} paid tickets in {seed.Elapsed.TotalSeconds:F1} s");
        var token = await shop.DeviceTokenAsync("Bench phone");

        var page = await host.NewPageAsync();
        await page.SetViewportSizeAsync(412, 915);
        await page.GotoAsync($"/scan/pair#token={token}");
        await Expect(page.GetByTestId("pair-state")).ToContainTextAsync("Bench phone");
        var load = Stopwatch.StartNew();
        await page.GotoAsync("/scan");
        await Expect(page.GetByTestId("snapshot-info")).ToContainTextAsync($"Snapshot: {Tickets.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))} tickets");
        load.Stop();
        var loadMs = await page.EvaluateAsync<double>("() => new Promise((resolve) => { const o = indexedDB.open('eventops-door'); o.onsuccess = () => { const g = o.result.transaction('meta').objectStore('meta').get('loadMs'); g.onsuccess = () => resolve(g.result); }; })");
        var downloadMs = await page.EvaluateAsync<double>("() => new Promise((resolve) => { const o = indexedDB.open('eventops-door'); o.onsuccess = () => { const g = o.result.transaction('meta').objectStore('meta').get('downloadMs'); g.onsuccess = () => resolve(g.result); }; })");
        Report($"snapshot of {Tickets:N0} tickets: request to IndexedDB {loadMs / 1000:F2} s (download and parse {downloadMs / 1000:F2} s, IndexedDB write {(loadMs - downloadMs) / 1000:F2} s); page open to figures shown {load.Elapsed.TotalSeconds:F2} s");

        await page.Context.SetOfflineAsync(true);
        var random = new Random(16);
        var times = new Dictionary<string, List<double>> { ["check-in code"] = [], ["public id"] = [], ["QR secret"] = [], ["unknown"] = [] };
        var seq = 0;
        for (var i = 0; i < 60; i++)
        {
            var ticket = tickets[random.Next(tickets.Count)];
            foreach (var (kind, code) in new[] { ("check-in code", ticket.Code), ("public id", ticket.PublicId), ("QR secret", ticket.Secret), ("unknown", $"NOPE{i:0000}") })
            {
                seq++;
                var input = page.GetByLabel("Ticket code");
                await input.FillAsync(code);
                await input.PressAsync("Enter");
                var status = page.GetByRole(AriaRole.Status);
                await Expect(status).ToHaveAttributeAsync("data-seq", seq.ToString(CultureInfo.InvariantCulture));
                times[kind].Add(double.Parse((await status.GetAttributeAsync("data-decision-ms"))!, CultureInfo.InvariantCulture));
            }
        }

        foreach (var (kind, values) in times)
        {
            var sorted = values.Order().ToList();
            Report($"offline decision by {kind} ({sorted.Count} scans, {Tickets:N0}-ticket snapshot): median {sorted[sorted.Count / 2]:F1} ms, p95 {sorted[(int)(sorted.Count * 0.95)]:F1} ms, max {sorted[^1]:F1} ms");
        }

        await page.Context.CloseAsync();
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"door bench ({GetType().Name}): {line}");
    }

    private async Task<List<(string Code, string PublicId, string Secret)>> SeedAsync(DoorShop shop, int count)
    {
        var result = new List<(string, string, string)>(count);
        const int Chunk = 5000;
        for (var done = 0; done < count; done += Chunk)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SalesDbContext>();
            var evt = await db.Events.SingleAsync(e => e.Slug == shop.Slug);
            var product = await db.Products.SingleAsync(p => p.Id == shop.Admission);
            var now = DateTimeOffset.UtcNow;
            var created = new List<Ticket>(Chunk);
            for (var i = 0; i < Math.Min(Chunk, count - done); i++)
            {
                var sale = new Sale
                {
                    OrganizerId = evt.OrganizerId, EventId = evt.Id, Code = TicketCodes.NewSaleCode() + (done + i).ToString("x", CultureInfo.InvariantCulture),
                    Email = $"buyer{done + i}@example.com", Name = $"Buyer {done + i}", Status = SaleStatus.Paid, PaymentProvider = "cash", SalesChannel = "web",
                    Total = product.DefaultPrice, CreatedAt = now, UpdatedAt = now,
                };
                var ticket = TicketCodes.AddTicket(sale, product, null);
                db.Sales.Add(sale);
                created.Add(ticket);
            }

            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.SaveChangesAsync();
            result.AddRange(created.Select(t => (t.CheckInCode, t.PublicId, t.Secret)));
        }

        return result;
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class DoorScannerSqliteBench(SqliteAdminHost host, ITestOutputHelper output) : DoorScannerBench(host, output);

[Collection(PostgresBrowserCollection.Name)]
public sealed class DoorScannerPostgresBench(PostgresAdminHost host, ITestOutputHelper output) : DoorScannerBench(host, output);
