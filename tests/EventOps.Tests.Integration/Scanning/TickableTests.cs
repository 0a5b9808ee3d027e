using System.Net;
using EventOps.Modules.Sales.Domain;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>Seed 002, Tickable single-call scan: valid / scanned / cancelled / not_allowed with every field.</summary>
public abstract class TickableTests(HostFixture host) : HostTests(host)
{
    private static readonly string[] Fields =
    [
        "ticket_id", "status", "scanned_before", "event", "timeslot", "ticket_type", "owner_name", "owner_email", "seat", "scanned_at", "cancelled_at", "related_tickets",
    ];

    [Fact]
    public async Task Scan_Valid_ThenScanned_WithEveryField()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync(s.S.AdmissionItem, "cash", s.S.DayPassItem);
        var (status, body) = await s.TickableScanAsync(ticket.Uuid);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Fields.Order(), body!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(ticket.Uuid.ToString(), body.Value<string>("ticket_id"));
        Assert.Equal("valid", body.Value<string>("status"));
        Assert.False(body.Value<bool>("scanned_before"));
        Assert.Equal("conf", body.Value<string>("event.id"));
        Assert.Equal("Conference", body.Value<string>("event.title"));
        Assert.Equal("Hall, Berlin", body.Value<string>("event.location"));
        Assert.Equal("Conference", body.Value<string>("timeslot.title"));
        Assert.NotNull(body["timeslot"]!["starts_at"]);
        Assert.NotNull(body["timeslot"]!["ends_at"]);
        Assert.Equal(s.S.AdmissionItem.ToString(System.Globalization.CultureInfo.InvariantCulture), body.Value<string>("ticket_type.id"));
        Assert.Equal("General Admission", body.Value<string>("ticket_type.name"));
        Assert.Equal(4900, body.Value<long>("ticket_type.price"));
        Assert.Equal("Ada Lovelace", body.Value<string>("owner_name"));
        Assert.Equal(ScanningScenario.BuyerEmail, body.Value<string>("owner_email"));
        Assert.Null(body["seat"]);
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, body.Value<DateTime>("scanned_at"));
        Assert.Null(body["cancelled_at"]);
        var related = body["related_tickets"]!.AsArray();
        Assert.Single(related);
        Assert.Equal(
            ["cancelled_at", "id", "owner_email", "owner_name", "scanned_at", "seat", "ticket_type_name"],
            related[0]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(ScanningScenario.Ticket(ticket.Order, 1).Uuid.ToString(), related[0]!.Value<string>("id"));
        Assert.Equal("Day Pass", related[0]!.Value<string>("ticket_type_name"));
        Assert.Null(related[0]!["scanned_at"]);

        var firstScan = body.Value<string>("scanned_at");
        Host.Clock.Advance(TimeSpan.FromMinutes(10));
        var (_, again) = await s.TickableScanAsync(ticket.Uuid);
        Assert.Equal("scanned", again.Value<string>("status"));
        Assert.True(again.Value<bool>("scanned_before"));
        Assert.Equal(firstScan, again.Value<string>("scanned_at"));
    }

    [Fact]
    public async Task Scan_RelatedTickets_CarryTheirOwnerScanAndCancellation_BesideTheBuyersEmailAndTheLocation()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (created, order) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/orders/", new
        {
            email = "grace@example.com",
            name = "Grace Hopper",
            sales_channel = "web",
            payment_provider = "cash",
            positions = new object[]
            {
                new { item = s.S.AdmissionItem, attendee_name = "Ada Lovelace" },
                new { item = s.S.AdmissionItem },
                new { item = s.S.DayPassItem, attendee_name = "Linus Torvalds" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        var (ada, unnamed, linus) = (ScanningScenario.Ticket(order!, 0), ScanningScenario.Ticket(order!, 1), ScanningScenario.Ticket(order!, 2));

        Assert.Equal("valid", (await s.TickableScanAsync(unnamed.Uuid)).Body.Value<string>("status"));
        var unnamedScannedAt = Host.Clock.GetUtcNow().UtcDateTime;
        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Created, (await s.ShowpassAsync(linus, "void")).Status);
        var linusVoidedAt = Host.Clock.GetUtcNow().UtcDateTime;
        Host.Clock.Advance(TimeSpan.FromMinutes(5));

        var (status, body) = await s.TickableScanAsync(ada.Uuid);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("valid", body.Value<string>("status"));
        Assert.Equal("Ada Lovelace", body.Value<string>("owner_name"));
        Assert.Equal("grace@example.com", body.Value<string>("owner_email"));
        Assert.Equal("Hall, Berlin", body.Value<string>("event.location"));
        var related = Related(body!);
        Assert.Equal(new[] { unnamed.Uuid.ToString(), linus.Uuid.ToString() }.Order(), related.Keys.Order());
        var first = related[unnamed.Uuid.ToString()];
        Assert.Equal("Grace Hopper", first.Value<string>("owner_name"));
        Assert.Equal("grace@example.com", first.Value<string>("owner_email"));
        Assert.Equal("General Admission", first.Value<string>("ticket_type_name"));
        Assert.Null(first["seat"]);
        Assert.Equal(unnamedScannedAt, first.Value<DateTime>("scanned_at"));
        Assert.Null(first["cancelled_at"]);
        var voided = related[linus.Uuid.ToString()];
        Assert.Equal("Linus Torvalds", voided.Value<string>("owner_name"));
        Assert.Equal("grace@example.com", voided.Value<string>("owner_email"));
        Assert.Equal("Day Pass", voided.Value<string>("ticket_type_name"));
        Assert.Null(voided["scanned_at"]);
        Assert.Equal(linusVoidedAt, voided.Value<DateTime>("cancelled_at"));

        // A refund cancels every ticket of the sale at its time; a ticket voided before keeps its void's time.
        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await s.Bearer().PatchJsonAsync($"/api/tickets/{ada.SaleId}", new { action = "refund" })).Status);
        var refundedAt = Host.Clock.GetUtcNow().UtcDateTime;
        var (_, refunded) = await s.TickableScanAsync(ada.Uuid);
        Assert.Equal("cancelled", refunded.Value<string>("status"));
        Assert.True(refunded.Value<bool>("scanned_before"));
        Assert.Equal(refundedAt, refunded.Value<DateTime>("cancelled_at"));
        var afterRefund = Related(refunded!);
        Assert.Equal(refundedAt, afterRefund[unnamed.Uuid.ToString()].Value<DateTime>("cancelled_at"));
        Assert.Equal(unnamedScannedAt, afterRefund[unnamed.Uuid.ToString()].Value<DateTime>("scanned_at"));
        Assert.Equal(linusVoidedAt, afterRefund[linus.Uuid.ToString()].Value<DateTime>("cancelled_at"));
    }

    [Fact]
    public async Task Scan_Location_IsTheVenueWithoutAnEmptyCity_AndNullWithoutAVenue()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        await Host.WithSalesAsync(db => db.Venues.Where(v => v.Id == s.VenueId).ExecuteUpdateAsync(v => v.SetProperty(x => x.City, string.Empty)));
        var (_, hall) = await s.TickableScanAsync((await s.PaidTicketAsync()).Uuid);
        Assert.Equal("Hall", hall.Value<string>("event.location"));

        await Host.WithSalesAsync(db => db.Events.Where(e => e.VenueId == s.VenueId).ExecuteUpdateAsync(e => e.SetProperty(x => x.VenueId, (long?)null)));
        var (status, nowhere) = await s.TickableScanAsync((await s.PaidTicketAsync()).Uuid);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("valid", nowhere.Value<string>("status"));
        Assert.True(nowhere!["event"]!.AsObject().ContainsKey("location"));
        Assert.Null(nowhere["event"]!["location"]);
    }

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode> Related(System.Text.Json.Nodes.JsonNode body) =>
        body["related_tickets"]!.AsArray().ToDictionary(r => r!.Value<string>("id"), r => r!);

    [Fact]
    public async Task Scan_Cancelled_ForVoidedOrRefunded()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var voided = await s.PaidTicketAsync();
        await s.ShowpassAsync(voided, "void");
        var (_, body) = await s.TickableScanAsync(voided.Uuid);
        Assert.Equal("cancelled", body.Value<string>("status"));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, body.Value<DateTime>("cancelled_at"));
        Assert.False(body.Value<bool>("scanned_before"));

        var refunded = await s.PaidTicketAsync();
        await Host.WithSalesAsync(db => db.Sales.Where(x => x.Id == refunded.SaleId).ExecuteUpdateAsync(x => x.SetProperty(y => y.Status, SaleStatus.Refunded)));
        var (_, refundedBody) = await s.TickableScanAsync(refunded.Uuid);
        Assert.Equal("cancelled", refundedBody.Value<string>("status"));
        Assert.NotNull(refundedBody!["cancelled_at"]);
    }

    [Fact]
    public async Task Scan_NotAllowed_ForUnpaid_OtherList_OrOtherEvent()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        Assert.Equal("not_allowed", (await s.TickableScanAsync(unpaid.Uuid)).Body.Value<string>("status"));

        var (listStatus, list) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new { name = "Day passes", all_products = false, limit_products = new[] { s.S.DayPassItem } });
        Assert.Equal(HttpStatusCode.Created, listStatus);
        var dayDoor = await s.DeviceAsync("Day door", "conf", list.Value<long>("id"));
        var general = await s.PaidTicketAsync();
        var (_, byList) = await s.TickableScanAsync(general.Uuid, new { scanner_id = dayDoor.Uuid });
        Assert.Equal("not_allowed", byList.Value<string>("status"));
        Assert.Null(byList!["scanned_at"]);

        var (eventStatus, _) = await s.S.Client.PostJsonAsync($"{s.S.Base}/events/", new { slug = "other", name = "Other", date_from = Host.Clock.GetUtcNow().AddDays(2) });
        Assert.Equal(HttpStatusCode.Created, eventStatus);
        var otherDoor = await s.DeviceAsync("Other door", "other");
        Assert.Equal("not_allowed", (await s.TickableScanAsync(general.Uuid, client: s.Bearer(otherDoor.Token))).Body.Value<string>("status"));

        // The same ticket is still admitted by a scanner that may admit it.
        var mainDoor = await s.DeviceAsync("Main door");
        Assert.Equal("valid", (await s.TickableScanAsync(general.Uuid, new { scanner_id = mainDoor.Uuid })).Body.Value<string>("status"));
    }

    [Fact]
    public async Task Scan_WithoutScannerId_UsesTheFirstActiveScanner()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (_, list) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new { name = "Day passes", all_products = false, limit_products = new[] { s.S.DayPassItem } });
        await s.DeviceAsync("First", "conf", list.Value<long>("id"));
        await s.DeviceAsync("Second");
        var general = await s.PaidTicketAsync();
        Assert.Equal("not_allowed", (await s.TickableScanAsync(general.Uuid)).Body.Value<string>("status"));
    }

    [Fact]
    public async Task Scan_Errors()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await s.TickableScanAsync(Guid.NewGuid())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().PostJsonAsync("/tickets/not-a-uuid/scan", new { })).Status);
        var (badScanner, body) = await s.TickableScanAsync(ticket.Uuid, new { scanner_id = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, badScanner);
        Assert.NotNull(body!["errors"]!["scanner_id"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.TickableScanAsync(ticket.Uuid, new { scanner_id = Guid.NewGuid() })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.TickableScanAsync(ticket.Uuid, Api.Raw("[1]"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.TickableScanAsync(ticket.Uuid, client: s.Bearer(s.S.Organizer.ReadToken))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.TickableScanAsync(ticket.Uuid, client: Host.Client())).Status);
        var other = await ScanningScenario.CreateAsync(Host, "other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.TickableScanAsync(ticket.Uuid)).Status);
        Assert.Equal("valid", (await s.TickableScanAsync(ticket.Uuid, Api.Raw(string.Empty))).Body.Value<string>("status"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TickableSqliteTests(SqliteHost host) : TickableTests(host);

[Collection(PostgresCollection.Name)]
public sealed class TickablePostgresTests(PostgresHost host) : TickableTests(host);
