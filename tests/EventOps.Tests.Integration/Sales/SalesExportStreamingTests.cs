using System.Diagnostics;
using System.Net;
using EventOps.Modules.Sales.Domain;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace EventOps.Tests.Integration.Sales;

/// <summary>
/// The sales CSV of a large event streams: these tests run alone (their own Host, no other test class in parallel),
/// so the managed heap they measure is the export's and not a neighbour's.
/// </summary>
public abstract class SalesExportStreamingTests(HostFixture host, ITestOutputHelper output) : HostTests(host)
{
    /// <summary>
    /// 20,000 tickets: the response starts while the export is still reading (its end-of-export log line is not written
    /// when the first rows arrive) and the live managed heap mid-download stays far below the file's size.
    /// </summary>
    [Fact]
    public async Task SalesCsv_Of20000Tickets_StreamsInFlatMemory()
    {
        const int Sales = 2000;
        const int TicketsPerSale = 10;
        var s = await Scenario.CreateAsync(Host);
        var eventId = await Host.WithSalesAsync(db => db.Events.Where(e => e.Slug == s.EventSlug && e.OrganizerId == s.Organizer.Id).Select(e => e.Id).SingleAsync());
        var seeding = Stopwatch.StartNew();
        await InsertSalesAsync(s.Organizer.Id, eventId, s.AdmissionItem, Sales, TicketsPerSale);
        output.WriteLine($"{Host.Provider}: seeded {Sales * TicketsPerSale} tickets in {seeding.ElapsedMilliseconds} ms");
        var admin = await StaffClient.AdminAsync(Host);
        var fileName = $"sales-event{eventId}.csv";
        bool Finished() => Host.Factory.Logs.Lines.Any(l => l.Contains($"CSV export {fileName} done: {Sales * TicketsPerSale} rows", StringComparison.Ordinal));

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        using var response = await admin.GetAsync($"/Sales/Search?handler=Export&eventId={eventId}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        var first = await ReadAtLeastAsync(body, buffer);
        var firstBytesAt = clock.ElapsedMilliseconds;
        var finishedBeforeFirstRead = Finished();
        var early = GC.GetTotalMemory(forceFullCollection: true);
        var midway = early - baseline;

        // A second look half-way through (the file is about 150 bytes a row): an export that kept its rows would have grown by now.
        long total = first;
        var lines = buffer.AsSpan(0, first).Count((byte)'\n');
        long? halfway = null;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            if (halfway is null && lines >= Sales * TicketsPerSale / 2)
            {
                halfway = GC.GetTotalMemory(forceFullCollection: true) - early;
            }
        }

        output.WriteLine($"{Host.Provider}: {Sales * TicketsPerSale} tickets, {total:N0} bytes; first {first:N0} bytes after {firstBytesAt} ms, all after {clock.ElapsedMilliseconds} ms; " +
                         $"live heap growth from before the request to the first 64 KiB {midway / 1024:N0} KiB ({100.0 * midway / total:0.0}% of the file), " +
                         $"from there to half-way {halfway / 1024:N0} KiB");
        Assert.Equal((Sales * TicketsPerSale) + 1, lines);
        Assert.False(finishedBeforeFirstRead, "the export had finished writing before the first bytes were read: it is buffered, not streamed");
        Assert.True(Finished());
        Assert.True(midway < total / 4, $"live heap grew by {midway:N0} bytes mid-download of a {total:N0}-byte file");
        Assert.True(halfway < total / 4, $"live heap grew by {halfway:N0} bytes between the first 64 KiB and half-way through a {total:N0}-byte file");
    }

    private static async Task<int> ReadAtLeastAsync(Stream body, byte[] buffer)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled))) > 0)
        {
            filled += read;
        }

        return filled;
    }

    private async Task InsertSalesAsync(long organizerId, long eventId, long productId, int sales, int ticketsPerSale)
    {
        for (var chunk = 0; chunk < sales; chunk += 500)
        {
            var first = chunk;
            await Host.WithSalesAsync(async db =>
            {
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                var product = await db.Products.SingleAsync(p => p.Id == productId);
                var now = Host.Clock.GetUtcNow();
                for (var i = first; i < Math.Min(first + 500, sales); i++)
                {
                    var sale = new Sale
                    {
                        OrganizerId = organizerId, EventId = eventId, Code = $"L{i:D6}", Email = $"buyer{i}@example.com", Name = $"Buyer {i}",
                        Status = SaleStatus.Paid, PaymentProvider = "cash", SalesChannel = "box_office", CreatedAt = now, UpdatedAt = now,
                    };
                    for (var t = 0; t < ticketsPerSale; t++)
                    {
                        var ticket = TicketCodes.AddTicket(sale, product, $"Attendee {i}-{t}");
                        ticket.CheckInCode = $"{i:D6}{t:D2}";
                    }

                    db.Sales.Add(sale);
                }

                db.ChangeTracker.DetectChanges();
                return await db.SaveChangesAsync();
            });
        }
    }

}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqliteAloneCollection : ICollectionFixture<SqliteHost>
{
    public const string Name = "sqlite-alone";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresAloneCollection : ICollectionFixture<PostgresHost>
{
    public const string Name = "postgres-alone";
}

[Collection(SqliteAloneCollection.Name)]
public sealed class SalesExportStreamingSqliteTests(SqliteHost host, ITestOutputHelper output) : SalesExportStreamingTests(host, output);

[Collection(PostgresAloneCollection.Name)]
public sealed class SalesExportStreamingPostgresTests(PostgresHost host, ITestOutputHelper output) : SalesExportStreamingTests(host, output);
