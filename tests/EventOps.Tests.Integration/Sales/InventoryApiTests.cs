using System.Net;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Sales;

/// <summary>
/// CONTRACT.md "Inventory" through the management API: dates of a series, variations, add-ons, quotas and seats, each
/// rule with the 400 a bad sale gets and proof that nothing was stored.
/// </summary>
public abstract class InventoryApiTests(HostFixture host) : HostTests(host)
{
    private static string QuotaFull(string name) => $"There is not enough quota available on quota \"{name}\" to perform the operation.";

    private static async Task<long> CreatedIdAsync(HttpClient client, string url, object body)
    {
        var (status, created) = await client.PostJsonAsync(url, body);
        Assert.True(status == HttpStatusCode.Created, $"{url}: {status} {created.Compact()}");
        return created.Value<long>("id");
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> OrderAsync(Scenario s, string provider, params object[] positions) =>
        await s.Client.PostJsonAsync($"{s.EventBase}/orders/", new { email = "buyer@example.com", name = "Buyer", payment_provider = provider, positions });

    private static async Task<int> OrderCountAsync(Scenario s) => (await s.Client.GetJsonAsync($"{s.EventBase}/orders/")).Body.Value<int>("count");

    private static async Task<JsonNode> AvailabilityAsync(Scenario s, long quota)
    {
        var (status, body) = await s.Client.GetJsonAsync($"{s.EventBase}/quotas/{quota}/availability/");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    private static async Task<HttpStatusCode> ActionAsync(Scenario s, long saleId, string action)
    {
        var client = s.Host.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", s.Organizer.WriteToken);
        return (await client.SendAsync(HttpMethod.Patch, $"/api/tickets/{saleId}", new { action })).Status;
    }

    [Fact]
    public async Task Quota_SellsExactlyItsSize_RefusesTheRestWhole_AndGivesPlacesBackOnCancel()
    {
        var s = await Scenario.CreateAsync(Host);
        var quota = await CreatedIdAsync(s.Client, $"{s.EventBase}/quotas/", new { name = "Hall", size = 4, items = new[] { s.AdmissionItem, s.DayPassItem } });

        var (first, sale) = await OrderAsync(s, "cash", new { item = s.AdmissionItem }, new { item = s.DayPassItem });
        Assert.Equal(HttpStatusCode.Created, first);
        var (second, pending) = await OrderAsync(s, "manual", new { item = s.AdmissionItem });
        Assert.Equal(HttpStatusCode.Created, second);

        // Two places asked, one left: refused whole, with pretix's sentence, and nothing stored (not even the T-shirt).
        var (status, body) = await OrderAsync(s, "cash", new { item = s.AdmissionItem }, new { item = s.AdmissionItem }, new { item = s.ShirtItem });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(QuotaFull("Hall"), body!["positions"]![0]!.GetValue<string>());
        Assert.Equal(2, await OrderCountAsync(s));

        var availability = await AvailabilityAsync(s, quota);
        Assert.Equal("""{"available":true,"available_number":1,"total_size":4,"pending_orders":1,"paid_orders":2}""", availability.Compact());

        // A product on no quota is unlimited; the T-shirt sells beside a full quota.
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(s, "cash", new { item = s.ShirtItem }, new { item = s.ShirtItem })).Status);

        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(s, "cash", new { item = s.AdmissionItem })).Status);
        Assert.Equal("""{"available":false,"available_number":0,"total_size":4,"pending_orders":1,"paid_orders":3}""", (await AvailabilityAsync(s, quota)).Compact());
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = s.DayPassItem })).Status);

        // Cancel gives back both places of the first sale; refund and expiry do the same (they leave the live statuses).
        Assert.Equal(HttpStatusCode.OK, await ActionAsync(s, sale.Value<long>("id"), "cancel"));
        Assert.Equal(2, (await AvailabilityAsync(s, quota)).Value<int>("available_number"));
        var (again, revived) = await OrderAsync(s, "cash", new { item = s.DayPassItem });
        Assert.Equal(HttpStatusCode.Created, again);

        // Reviving the cancelled sale (mark_unpaid) needs its two places back: one is left, so seed 001 answers 422.
        var client = Host.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", s.Organizer.WriteToken);
        var (refused, reason) = await client.SendAsync(HttpMethod.Patch, $"/api/tickets/{sale.Value<long>("id")}", new { action = "mark_unpaid" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Equal(QuotaFull("Hall"), reason!["errors"]!["action"]![0]!.GetValue<string>());
        Assert.Equal("cancelled", (await s.GetOrderAsync(sale.Value<string>("code"))).Value<string>("status"));

        Assert.Equal(HttpStatusCode.OK, await ActionAsync(s, revived.Value<long>("id"), "refund"));
        Assert.Equal(HttpStatusCode.OK, await ActionAsync(s, sale.Value<long>("id"), "mark_unpaid"));
        Assert.Equal("unpaid", (await s.GetOrderAsync(sale.Value<string>("code"))).Value<string>("status"));
        Assert.Equal(0, (await AvailabilityAsync(s, quota)).Value<int>("available_number"));

        // Deleting a sale gives its places back too.
        Assert.Equal(HttpStatusCode.OK, await ActionAsync(s, pending.Value<long>("id"), "delete"));
        Assert.Equal(1, (await AvailabilityAsync(s, quota)).Value<int>("available_number"));
    }

    [Fact]
    public async Task Quota_BadInput_Is400PerField_AndStoresNothing()
    {
        var s = await Scenario.CreateAsync(Host);
        var (status, body) = await s.Client.PostJsonAsync($"{s.EventBase}/quotas/", new { name = "", size = -1, items = new object[] { 999_999, "x" }, subevent = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["name"]);
        Assert.NotNull(body["size"]);
        Assert.NotNull(body["items"]);
        Assert.NotNull(body["subevent"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PostJsonAsync($"{s.EventBase}/quotas/", new { name = "No size", items = new[] { s.AdmissionItem } })).Status);
        Assert.Equal(0, (await s.Client.GetJsonAsync($"{s.EventBase}/quotas/")).Body.Value<int>("count"));

        var unlimited = await CreatedIdAsync(s.Client, $"{s.EventBase}/quotas/", new { name = "Open", size = (int?)null, items = new[] { s.AdmissionItem } });
        Assert.Equal("""{"available":true,"available_number":null,"total_size":null,"pending_orders":0,"paid_orders":0}""", (await AvailabilityAsync(s, unlimited)).Compact());
        var (patched, quota) = await s.Client.PatchJsonAsync($"{s.EventBase}/quotas/{unlimited}/", new { size = 1, items = new[] { s.AdmissionItem, s.DayPassItem } });
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal($$"""{"id":{{unlimited}},"name":"Open","size":1,"items":[{{s.AdmissionItem}},{{s.DayPassItem}}],"variations":[],"subevent":null}""", quota.Compact());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetJsonAsync($"{s.EventBase}/quotas/999999/availability/")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await s.Client.SendAsync(HttpMethod.Delete, $"{s.EventBase}/quotas/{unlimited}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetJsonAsync($"{s.EventBase}/quotas/{unlimited}/")).Status);

        var reader = Host.Client(s.Organizer.ReadToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"{s.EventBase}/quotas/", new { name = "Q", size = 1, items = new[] { s.AdmissionItem } })).Status);
    }

    [Fact]
    public async Task Series_TicketsBelongToOneDate_QuotasPerDate_AndDatesWithSalesCannotBeDeleted()
    {
        var s = await Scenario.CreateAsync(Host);
        var start = Host.Clock.GetUtcNow().AddDays(10);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PostJsonAsync($"{s.EventBase}/subevents/", new { name = "Fri", date_from = start })).Status);

        var (created, series) = await s.Client.PostJsonAsync($"{s.Base}/events/", new { slug = "tour", name = "Tour", date_from = start, has_subevents = true });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.True(series.Value<bool>("has_subevents"));
        var tour = $"{s.Base}/events/tour";
        var item = await CreatedIdAsync(s.Client, $"{tour}/items/", new { name = "Seat", default_price = "30.00" });
        var friday = await CreatedIdAsync(s.Client, $"{tour}/subevents/", new { name = "Friday", date_from = start, date_to = start.AddHours(2) });
        var saturday = await CreatedIdAsync(s.Client, $"{tour}/subevents/", new { name = "Saturday", date_from = start.AddDays(1) });
        var spare = await CreatedIdAsync(s.Client, $"{tour}/subevents/", new { name = "Sunday", date_from = start.AddDays(2) });
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PostJsonAsync($"{tour}/subevents/", new { name = "Bad", date_from = start, date_to = start.AddHours(-1) })).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PostJsonAsync($"{tour}/quotas/", new { name = "No date", size = 1, items = new[] { item } })).Status);
        await CreatedIdAsync(s.Client, $"{tour}/quotas/", new { name = "Friday hall", size = 1, items = new[] { item }, subevent = friday });
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PostJsonAsync($"{s.EventBase}/quotas/", new { name = "Dated", size = 1, items = new[] { s.AdmissionItem }, subevent = friday })).Status);

        async Task<(HttpStatusCode Status, JsonNode? Body)> Buy(object position) =>
            await s.Client.PostJsonAsync($"{tour}/orders/", new { payment_provider = "cash", positions = new[] { position } });

        var (noDate, noDateBody) = await Buy(new { item });
        Assert.Equal(HttpStatusCode.BadRequest, noDate);
        Assert.Equal("You need to specify a subevent.", noDateBody!["positions"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await Buy(new { item, subevent = 999_999 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = s.AdmissionItem, subevent = friday })).Status);

        var (sold, sale) = await Buy(new { item, subevent = friday });
        Assert.Equal(HttpStatusCode.Created, sold);
        Assert.Equal(friday, sale.Value<long>("positions.0.subevent"));
        var (full, fullBody) = await Buy(new { item, subevent = friday });
        Assert.Equal(HttpStatusCode.BadRequest, full);
        Assert.Equal(QuotaFull("Friday hall"), fullBody!["positions"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await Buy(new { item, subevent = saturday })).Status);

        var (inactive, _) = await s.Client.PatchJsonAsync($"{tour}/subevents/{saturday}/", new { active = false });
        Assert.Equal(HttpStatusCode.OK, inactive);
        Assert.Equal(HttpStatusCode.BadRequest, (await Buy(new { item, subevent = saturday })).Status);

        var (deleteSold, deleteBody) = await s.Client.SendAsync(HttpMethod.Delete, $"{tour}/subevents/{friday}/");
        Assert.Equal(HttpStatusCode.BadRequest, deleteSold);
        Assert.Contains("has sales", deleteBody!["non_field_errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await s.Client.SendAsync(HttpMethod.Delete, $"{tour}/subevents/{spare}/")).Status);
        var (_, dates) = await s.Client.GetJsonAsync($"{tour}/subevents/");
        Assert.Equal(["Friday", "Saturday"], dates!["results"]!.AsArray().Select(d => d.Value<string>("name")));

        // A series cannot become a single event once tickets name its dates.
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PatchJsonAsync($"{tour}/", new { has_subevents = false })).Status);
    }

    [Fact]
    public async Task Variations_SetThePrice_AreRequired_AndQuotasMayHoldOnlySome()
    {
        var s = await Scenario.CreateAsync(Host);
        var (created, item) = await s.Client.PostJsonAsync($"{s.EventBase}/items/", new
        {
            name = "Ticket",
            default_price = "40.00",
            variations = new object[] { new { value = "Adult" }, new { value = "Student", default_price = "25.00" } },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        var itemId = item.Value<long>("id");
        var adult = item.Value<long>("variations.0.id");
        var student = item.Value<long>("variations.1.id");
        Assert.Null(item!["variations"]![0]!["default_price"]);
        Assert.Equal("25.00", item.Value<string>("variations.1.default_price"));

        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = itemId })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = s.AdmissionItem, variation = adult })).Status);
        var (_, sale) = await OrderAsync(s, "cash", new { item = itemId, variation = adult }, new { item = itemId, variation = student });
        Assert.Equal("65.00", sale.Value<string>("total"));
        Assert.Equal(student, sale.Value<long>("positions.1.variation"));

        // Students are limited to one more; adults are not held by this quota.
        var quota = await CreatedIdAsync(s.Client, $"{s.EventBase}/quotas/", new { name = "Student places", size = 2, items = new[] { itemId }, variations = new[] { student } });
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(s, "cash", new { item = itemId, variation = student })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = itemId, variation = student })).Status);
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(s, "cash", new { item = itemId, variation = adult }, new { item = itemId, variation = adult })).Status);
        Assert.Equal(2, (await AvailabilityAsync(s, quota)).Value<int>("paid_orders"));

        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PostJsonAsync($"{s.EventBase}/quotas/", new { name = "Wrong", size = 1, items = new[] { s.AdmissionItem }, variations = new[] { student } })).Status);

        var (patched, renamed) = await s.Client.PatchJsonAsync($"{s.EventBase}/items/{itemId}/variations/{adult}/", new { value = "Grown-up", active = false });
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.False(renamed.Value<bool>("active"));
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = itemId, variation = adult })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.SendAsync(HttpMethod.Delete, $"{s.EventBase}/items/{itemId}/variations/{adult}/")).Status);
        var unsold = await CreatedIdAsync(s.Client, $"{s.EventBase}/items/{itemId}/variations/", new { value = "Child", default_price = "10.00" });
        Assert.Equal(HttpStatusCode.NoContent, (await s.Client.SendAsync(HttpMethod.Delete, $"{s.EventBase}/items/{itemId}/variations/{unsold}/")).Status);
        Assert.Equal(2, (await s.Client.GetJsonAsync($"{s.EventBase}/items/{itemId}/variations/")).Body.Value<int>("count"));
    }

    [Fact]
    public async Task Addons_AreSoldOnlyWithAParentThatOffersThem_WithinTheirCounts()
    {
        var s = await Scenario.CreateAsync(Host);
        var extras = await CreatedIdAsync(s.Client, $"{s.EventBase}/categories/", new { name = "Extras", is_addon = true });
        var drink = await CreatedIdAsync(s.Client, $"{s.EventBase}/items/", new { name = "Drink voucher", default_price = "4.00", admission = false, category = extras });
        var (patched, _) = await s.Client.PatchJsonAsync($"{s.EventBase}/items/{s.AdmissionItem}/", new { addons = new[] { new { addon_category = extras, min_count = 0, max_count = 2 } } });
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PatchJsonAsync($"{s.EventBase}/items/{s.DayPassItem}/", new { addons = new[] { new { addon_category = extras, min_count = 3, max_count = 1 } } })).Status);

        var (alone, aloneBody) = await OrderAsync(s, "cash", new { item = drink });
        Assert.Equal(HttpStatusCode.BadRequest, alone);
        Assert.Equal("The product \"Drink voucher\" can only be sold as an add-on.", aloneBody!["positions"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = s.DayPassItem }, new { item = drink, addon_to = 1 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = s.AdmissionItem }, new { item = drink, addon_to = 3 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash",
            new { item = s.AdmissionItem }, new { item = drink, addon_to = 1 }, new { item = drink, addon_to = 1 }, new { item = drink, addon_to = 1 })).Status);
        Assert.Equal(0, await OrderCountAsync(s));

        var (sold, sale) = await OrderAsync(s, "cash", new { item = s.AdmissionItem }, new { item = drink, addon_to = 1 }, new { item = drink, addon_to = 1 });
        Assert.Equal(HttpStatusCode.Created, sold);
        var parentId = sale.Value<long>("positions.0.id");
        Assert.Null(sale!["positions"]![0]!["addon_to"]);
        Assert.Equal(parentId, sale.Value<long>("positions.1.addon_to"));
        Assert.Equal(parentId, sale.Value<long>("positions.2.addon_to"));
        Assert.Equal(3, sale.Value<int>("positions.2.positionid"));
        Assert.Equal("57.00", sale.Value<string>("total"));

        // A minimum makes the add-on compulsory.
        Assert.Equal(HttpStatusCode.OK, (await s.Client.PatchJsonAsync($"{s.EventBase}/items/{s.AdmissionItem}/", new { addons = new[] { new { addon_category = extras, min_count = 1, max_count = 1 } } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = s.AdmissionItem })).Status);
        var (_, item) = await s.Client.GetJsonAsync($"{s.EventBase}/items/{s.AdmissionItem}/");
        Assert.Equal($$"""[{"addon_category":{{extras}},"min_count":1,"max_count":1}]""", item!["addons"].Compact());
    }

    [Fact]
    public async Task Seats_AreSoldOncePerDate_RequiredForSeatedProducts_AndFreedOnRefund()
    {
        var s = await Scenario.CreateAsync(Host);
        var plan = Enumerable.Range(1, 3).Select(n => new { seat_guid = $"A-{n}", name = $"Row A, Seat {n}", row = "A", number = $"{n}", zone = "Stalls", product = s.DayPassItem }).ToArray();
        var (uploaded, seats) = await s.Client.PostJsonAsync($"{s.EventBase}/seats/", plan);
        Assert.Equal(HttpStatusCode.Created, uploaded);
        Assert.Equal(3, seats!.AsArray().Count);
        var (duplicate, _) = await s.Client.PostJsonAsync($"{s.EventBase}/seats/", new object[]
        {
            new { seat_guid = "B-1", name = "Row B, Seat 1", product = s.DayPassItem },
            new { seat_guid = "A-1", name = "again", product = s.DayPassItem },
        });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate);
        Assert.Equal(3, (await s.Client.GetJsonAsync($"{s.EventBase}/seats/")).Body.Value<int>("count"));
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.PostJsonAsync($"{s.EventBase}/seats/", new { seat_guid = "C-1", name = "C1", product = 999_999 })).Status);

        var (noSeat, noSeatBody) = await OrderAsync(s, "cash", new { item = s.DayPassItem });
        Assert.Equal(HttpStatusCode.BadRequest, noSeat);
        Assert.Contains("requires to choose a seat", noSeatBody!["positions"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var (unseated, unseatedBody) = await OrderAsync(s, "cash", new { item = s.AdmissionItem, seat = "A-1" });
        Assert.Equal(HttpStatusCode.BadRequest, unseated);
        Assert.Equal("The specified product does not allow to choose a seat.", unseatedBody!["positions"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = s.DayPassItem, seat = "Z-9" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OrderAsync(s, "cash", new { item = s.DayPassItem, seat = "A-1" }, new { item = s.DayPassItem, seat = "A-1" })).Status);

        var (sold, sale) = await OrderAsync(s, "cash", new { item = s.DayPassItem, seat = "A-1", attendee_name = "Ada" });
        Assert.Equal(HttpStatusCode.Created, sold);
        Assert.Equal("Row A, Seat 1", sale.Value<string>("positions.0.seat.name"));
        Assert.Equal("A-1", sale.Value<string>("positions.0.seat.seat_guid"));
        var (taken, takenBody) = await OrderAsync(s, "cash", new { item = s.DayPassItem, seat = "A-1" });
        Assert.Equal(HttpStatusCode.BadRequest, taken);
        Assert.Equal("The seat \"Row A, Seat 1\" has already been taken.", takenBody!["positions"]![0]!.GetValue<string>());
        Assert.Equal(1, await OrderCountAsync(s));

        var seatId = sale.Value<long>("positions.0.seat.id");
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.SendAsync(HttpMethod.Delete, $"{s.EventBase}/seats/{seatId}/")).Status);

        Assert.Equal(HttpStatusCode.OK, await ActionAsync(s, sale.Value<long>("id"), "refund"));
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(s, "cash", new { item = s.DayPassItem, seat = "A-1" })).Status);
    }

    [Fact]
    public async Task Seats_OnASeries_AreSoldOncePerDate()
    {
        var s = await Scenario.CreateAsync(Host);
        var start = Host.Clock.GetUtcNow().AddDays(3);
        Assert.Equal(HttpStatusCode.Created, (await s.Client.PostJsonAsync($"{s.Base}/events/", new { slug = "run", name = "Run", date_from = start, has_subevents = true })).Status);
        var run = $"{s.Base}/events/run";
        var item = await CreatedIdAsync(s.Client, $"{run}/items/", new { name = "Stalls", default_price = "20.00" });
        var first = await CreatedIdAsync(s.Client, $"{run}/subevents/", new { name = "Night 1", date_from = start });
        var second = await CreatedIdAsync(s.Client, $"{run}/subevents/", new { name = "Night 2", date_from = start.AddDays(1) });
        await CreatedIdAsync(s.Client, $"{run}/seats/", new { seat_guid = "S1", name = "Seat 1", product = item });

        async Task<HttpStatusCode> Buy(long date) =>
            (await s.Client.PostJsonAsync($"{run}/orders/", new { payment_provider = "cash", positions = new[] { new { item, subevent = date, seat = "S1" } } })).Status;

        Assert.Equal(HttpStatusCode.Created, await Buy(first));
        Assert.Equal(HttpStatusCode.BadRequest, await Buy(first));
        Assert.Equal(HttpStatusCode.Created, await Buy(second));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InventoryApiSqliteTests(SqliteHost host) : InventoryApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class InventoryApiPostgresTests(PostgresHost host) : InventoryApiTests(host);
