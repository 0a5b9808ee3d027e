using System.Globalization;
using System.Net;
using System.Text;
using EventOps.Modules.Sales.Demo;
using EventOps.Modules.Sales.Domain;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Sales;

/// <summary>The sales CSV (one row per ticket) offered by the sales search page, with that page's filters, streamed.</summary>
public abstract class SalesExportTests(HostFixture host) : HostTests(host)
{
    private static readonly string[] Header =
        ["sale_code", "status", "buyer", "email", "event", "product", "variation", "date", "seat", "attendee", "price", "checkin_code", "created"];

    [Fact]
    public async Task SalesCsv_OfAnEvent_HasOneRowPerTicket_WithDateVariationSeatAndCheckInCode()
    {
        await SeedDemoAsync();
        var tourId = await Host.WithSalesAsync(db => db.Events.Where(e => e.Slug == "demo-tour").Select(e => e.Id).SingleAsync());
        var expected = await Host.WithSalesAsync(db => db.Tickets.Where(t => t.Sale!.EventId == tourId)
            .Select(t => new { t.Sale!.Code, t.CheckInCode, t.Price, Seat = t.Seat!.Name, Variation = t.Variation!.Value, t.SubEvent!.DateFrom, t.AttendeeName, t.Product!.Name })
            .ToListAsync());
        var admin = await StaffClient.AdminAsync(Host);

        var search = await admin.GetStringAsync($"/Sales/Search?eventId={tourId}");
        Assert.Contains($"/Sales/Search?eventId={tourId}&amp;handler=Export", search, StringComparison.Ordinal);

        var response = await admin.GetAsync($"/Sales/Search?handler=Export&eventId={tourId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"sales-event{tourId}.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(Header, rows[0]);
        Assert.Equal(expected.Count, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal("Demo Tour", r[4]));

        foreach (var ticket in expected)
        {
            var row = Assert.Single(rows, r => r[11] == TicketCodes.DisplayCheckInCode(ticket.CheckInCode));
            Assert.Equal(ticket.Code, row[0]);
            Assert.Equal(ticket.Name, row[5]);
            Assert.Equal(ticket.Variation ?? string.Empty, row[6]);
            Assert.Equal(ticket.DateFrom.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), row[7]);
            Assert.Equal(ticket.Seat ?? string.Empty, row[8]);
            Assert.Equal(ticket.AttendeeName ?? string.Empty, row[9]);
            Assert.Equal(ticket.Price.ToString("0.00", CultureInfo.InvariantCulture), row[10]);
        }

        Assert.Contains(rows, r => r[8] == "Row A, Seat 1" && r[9] == "Grace Hopper");
        Assert.Contains(rows, r => r[5] == "Concert Ticket" && r[6] == "Student");
    }

    [Fact]
    public async Task SalesCsv_KeepsTheSearchFilters_StatusAndText()
    {
        await SeedDemoAsync();
        var admin = await StaffClient.AdminAsync(Host);
        var eventId = await Host.WithSalesAsync(db => db.Events.Where(e => e.Slug == "demo-conf").Select(e => e.Id).SingleAsync());
        var paidTickets = await Host.WithSalesAsync(db => db.Tickets.CountAsync(t => t.Sale!.EventId == eventId && t.Sale.Status == SaleStatus.Paid));
        Assert.True(paidTickets > 0);

        var paid = Csv.Parse(await admin.GetStringAsync($"/Sales/Search?handler=Export&eventId={eventId}&status=paid"));
        Assert.Equal(paidTickets, paid.Count - 1);
        Assert.All(paid.Skip(1), r => Assert.StartsWith("paid", r[1], StringComparison.Ordinal));

        // The text box of the search page: buyer name, email or code prefix.
        var hopperTickets = await Host.WithSalesAsync(db => db.Tickets.CountAsync(t => t.Sale!.Name.Contains("Hopper")));
        var hopper = Csv.Parse(await admin.GetStringAsync("/Sales/Search?handler=Export&q=hopper"));
        Assert.Equal(hopperTickets, hopper.Count - 1);
        Assert.All(hopper.Skip(1), r => Assert.Contains("Hopper", r[2], StringComparison.Ordinal));

        // A status the page does not know is ignored there, and here.
        var all = await Host.WithSalesAsync(db => db.Tickets.CountAsync(t => t.Sale!.EventId == eventId));
        Assert.Equal(all, Csv.Parse(await admin.GetStringAsync($"/Sales/Search?handler=Export&eventId={eventId}&status=bogus")).Count - 1);
    }

    [Fact]
    public async Task SalesCsv_DefusesFormulasAndQuotesCommas_AndIsForStaffOnly()
    {
        var s = await Scenario.CreateAsync(Host);
        var (status, body) = await s.Client.PostJsonAsync($"{s.EventBase}/orders/", new
        {
            email = "x@example.com",
            name = "=HYPERLINK(\"http://evil\"), Inc",
            sales_channel = "web",
            payment_provider = "cash",
            positions = new[] { new { item = s.AdmissionItem, attendee_name = "Doe, \"Jo\"" } },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var desk = await StaffClient.BoxOfficeAsync(Host);
        var rows = Csv.Parse(await desk.GetStringAsync("/Sales/Search?handler=Export"));
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal(body.Value<string>("code"), row[0]);
        Assert.Equal("'=HYPERLINK(\"http://evil\"), Inc", row[2]);
        Assert.Equal("Doe, \"Jo\"", row[9]);

        var anonymous = await Host.Client().GetAsync("/Sales/Search?handler=Export");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task SeedDemoAsync()
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SalesExportSqliteTests(SqliteHost host) : SalesExportTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SalesExportPostgresTests(PostgresHost host) : SalesExportTests(host);
