using System.Net;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Sales;

/// <summary>CONTRACT.md's management API: events, items, orders; pretix-style 400s; nothing half-written.</summary>
public abstract class ManagementApiTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task CreateEvent_ThenGetAndList_ShowTheSameFields()
    {
        var organizer = await Host.CreateOrganizerAsync("acme");
        var client = Host.Client(organizer.WriteToken);
        var (status, created) = await client.PostJsonAsync("/api/v1/organizers/acme/events/", new
        {
            slug = "summer",
            name = "Summer Fest",
            date_from = "2027-07-01T16:00:00Z",
            date_to = "2027-07-01T23:00:00Z",
            venue = new { name = "Park", city = "Hamburg" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("summer", created.Value<string>("slug"));
        Assert.Equal("Park", created.Value<string>("venue.name"));
        var venueId = created.Value<long>("venue.id");

        var (_, fetched) = await client.GetJsonAsync("/api/v1/organizers/acme/events/summer/");
        Assert.Equal(created.Compact(), fetched.Compact());
        var (_, list) = await client.GetJsonAsync("/api/v1/organizers/acme/events/");
        Assert.Equal(1, list.Value<int>("count"));
        Assert.Null(list!["next"]);

        var (second, reused) = await client.PostJsonAsync("/api/v1/organizers/acme/events/", new { slug = "winter", name = "Winter", date_from = "2027-12-01T16:00:00Z", venue = venueId });
        Assert.Equal(HttpStatusCode.Created, second);
        Assert.Equal(venueId, reused.Value<long>("venue.id"));

        var (patched, updated) = await client.PatchJsonAsync("/api/v1/organizers/acme/events/winter/", new { name = "Winter Gala" });
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal("Winter Gala", updated.Value<string>("name"));
        Assert.Equal("winter", updated.Value<string>("slug"));
    }

    [Fact]
    public async Task CreateEvent_WithBadFields_Is400PerField_AndCreatesNothing()
    {
        var organizer = await Host.CreateOrganizerAsync("acme");
        var other = await Host.CreateOrganizerAsync("other");
        var foreignVenue = await Host.WithSalesAsync(async db =>
        {
            var venue = new EventOps.Modules.Sales.Domain.Venue { OrganizerId = other.Id, Name = "Theirs" };
            db.Venues.Add(venue);
            await db.SaveChangesAsync();
            return venue.Id;
        });
        var client = Host.Client(organizer.WriteToken);

        var (status, body) = await client.PostJsonAsync("/api/v1/organizers/acme/events/", new { slug = "bad slug!", date_from = "tomorrow", venue = foreignVenue });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["slug"]);
        Assert.Equal("This field is required.", body["name"]![0]!.GetValue<string>());
        Assert.NotNull(body["date_from"]);
        Assert.Contains("object does not exist", body["venue"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetJsonAsync("/api/v1/organizers/acme/events/")).Body.Value<int>("count"));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Post, "/api/v1/organizers/acme/events/", Api.Raw("{oops"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/api/v1/organizers/acme/events/", new { slug = "x", name = "X", date_from = "2027-01-02T00:00:00Z", date_to = "2027-01-01T00:00:00Z" })).Status);
    }

    [Fact]
    public async Task DuplicateSlug_Is400()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var (status, body) = await scenario.Client.PostJsonAsync($"{scenario.Base}/events/", new { slug = "conf", name = "Again", date_from = "2027-01-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("This slug has already been used for a different event.", body!["slug"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Items_AreListedWithDecimalPrices_AndBadItemsAreRefused()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var (_, list) = await scenario.Client.GetJsonAsync($"{scenario.EventBase}/items/");
        Assert.Equal(4, list.Value<int>("count"));
        Assert.Equal("""{"id":2,"name":"Day Pass","default_price":"89.00","admission":true,"multiscan_limit":3,"category":null,"active":true,"variations":[],"addons":[]}""".Replace("\"id\":2", $"\"id\":{scenario.DayPassItem}", StringComparison.Ordinal), list!["results"]![1].Compact());

        var (status, body) = await scenario.Client.PostJsonAsync($"{scenario.EventBase}/items/", new { name = "", default_price = "-1", multiscan_limit = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["name"]);
        Assert.NotNull(body["default_price"]);
        Assert.NotNull(body["multiscan_limit"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await scenario.Client.PostJsonAsync($"{scenario.EventBase}/items/", new { name = "X", default_price = "1.005" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await scenario.Client.PostJsonAsync($"{scenario.EventBase}/items/", new { name = "X", default_price = "1", admission = "yes" })).Status);
        Assert.Equal(4, (await scenario.Client.GetJsonAsync($"{scenario.EventBase}/items/")).Body.Value<int>("count"));
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Client.GetJsonAsync($"{scenario.Base}/events/nope/items/")).Status);
    }

    [Theory]
    [InlineData("cash", "paid", false)]
    [InlineData("manual", "unpaid", false)]
    [InlineData("bank_transfer", "pending", true)]
    public async Task PaymentProvider_DecidesInitialStatus(string provider, string status, bool expires)
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync(provider, "web", scenario.AdmissionItem, scenario.ShirtItem);

        Assert.Equal(status, order.Value<string>("status"));
        Assert.Equal(provider, order.Value<string>("payment_provider"));
        Assert.Equal("74.00", order.Value<string>("total"));
        Assert.Equal(expires, order["expires"] is not null);
        if (expires)
        {
            Assert.Equal(Host.Clock.GetUtcNow().AddDays(3), order.Value<DateTimeOffset>("expires"));
        }

        var positions = order["positions"]!.AsArray();
        Assert.Equal(2, positions.Count);
        foreach (var position in positions)
        {
            Assert.Matches("^[a-z0-9]{32}$", position.Value<string>("secret"));
            Assert.Matches("^[A-HJ-NP-Z2-9]{8}$", position.Value<string>("check_in_code"));
            Assert.Equal(12, position.Value<string>("public_id").Length);
            Assert.True(Guid.TryParse(position.Value<string>("uuid"), out _));
            Assert.True(position.Value<long>("id") > 0);
            Assert.Equal("Ada Lovelace", position.Value<string>("attendee_name"));
        }

        var fetched = await scenario.GetOrderAsync(order.Value<string>("code"));
        Assert.Equal(order.Compact(), fetched.Compact());
    }

    [Fact]
    public async Task FreeProvider_IsPaidForZeroTotal_AndRefusedOtherwise()
    {
        var scenario = await Scenario.CreateAsync(Host);
        Assert.Equal("paid", (await scenario.OrderAsync("free", "web", scenario.FreeItem)).Value<string>("status"));

        var (status, body) = await scenario.Client.PostJsonAsync($"{scenario.EventBase}/orders/", new { payment_provider = "free", positions = new[] { new { item = scenario.AdmissionItem } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["payment_provider"]);
        Assert.Equal(1, (await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/")).Body.Value<int>("count"));
    }

    [Fact]
    public async Task BadOrders_Are400_AndWriteNothing()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var other = await Scenario.CreateAsync(Host, "other");
        var url = $"{scenario.EventBase}/orders/";
        object[] bodies =
        [
            new { payment_provider = "bitcoin", positions = new[] { new { item = scenario.AdmissionItem } } },
            new { sales_channel = "nowhere", positions = new[] { new { item = scenario.AdmissionItem } } },
            new { positions = Array.Empty<object>() },
            new { email = "nope", positions = new[] { new { item = scenario.AdmissionItem } } },
            new { positions = new object[] { new { item = scenario.AdmissionItem }, new { item = other.AdmissionItem } } },
            new { positions = new object[] { new { item = scenario.AdmissionItem }, new { item = "x" } } },
            new { positions = new object[] { new { attendee_name = "no item" } } },
            new { positions = "all of them" },
            new { name = new string('n', 256), positions = new[] { new { item = scenario.AdmissionItem } } },
        ];
        foreach (var body in bodies)
        {
            var (status, answer) = await scenario.Client.PostJsonAsync(url, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{System.Text.Json.JsonSerializer.Serialize(body)} -> {status} {answer.Compact()}");
            Assert.Equal(System.Text.Json.JsonValueKind.Array, answer!.AsObject().First().Value!.GetValueKind());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await scenario.Client.SendAsync(HttpMethod.Post, url, Api.Raw("not json"))).Status);
        Assert.Equal(0, (await scenario.Client.GetJsonAsync(url)).Body.Value<int>("count"));
        Assert.Equal(0, await Host.WithSalesAsync(db => db.Tickets.CountAsync(t => t.OrganizerId == scenario.Organizer.Id)));
    }

    [Fact]
    public async Task Orders_ArePagedAndFilterable()
    {
        var scenario = await Scenario.CreateAsync(Host);
        for (var i = 0; i < 5; i++)
        {
            await scenario.OrderAsync(i % 2 == 0 ? "cash" : "manual");
        }

        var (_, page1) = await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/?page_size=2");
        Assert.Equal(5, page1.Value<int>("count"));
        Assert.Equal(2, page1!["results"]!.AsArray().Count);
        Assert.Contains("page=2", page1.Value<string>("next"), StringComparison.Ordinal);
        var (_, page3) = await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/?page_size=2&page=3");
        Assert.Single(page3!["results"]!.AsArray());
        Assert.Null(page3["next"]);
        Assert.NotNull(page3["previous"]);
        var (_, paid) = await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/?status=paid");
        Assert.Equal(3, paid.Value<int>("count"));
        Assert.Equal(HttpStatusCode.BadRequest, (await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/?status=bogus")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/?page=abc")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/NOPE/")).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ManagementApiSqliteTests(SqliteHost host) : ManagementApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ManagementApiPostgresTests(PostgresHost host) : ManagementApiTests(host);
