using System.Net;
using System.Text.Json.Nodes;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>
/// A second event of a <see cref="Scenario"/>'s organizer, <c>fest</c>, with what issue 13 adds to a sale: two dates
/// (a series), a pass with two variations, an add-on category with a T-shirt the pass offers, and a seated product
/// with two seats, all made through the management API (CONTRACT.md "Inventory"); tickets are sold through the order
/// API, as a client would.
/// </summary>
public sealed class SeriesScenario
{
    private SeriesScenario(Scenario scenario) => S = scenario;

    public const string Slug = "fest";

    public Scenario S { get; }

    public string EventBase => $"{S.Base}/events/{Slug}";

    public long EventId { get; private set; }

    public long Day1 { get; private set; }

    public long Day2 { get; private set; }

    public DateTimeOffset Day1Start { get; private set; }

    public long Pass { get; private set; }

    public long Adult { get; private set; }

    public long Student { get; private set; }

    public long Shirt { get; private set; }

    public long Seated { get; private set; }

    public long SeatA1 { get; private set; }

    public const string SeatA1Guid = "hall-a-1";

    public const string SeatA1Name = "Row A, Seat 1";

    public static async Task<SeriesScenario> CreateAsync(Scenario scenario)
    {
        var series = new SeriesScenario(scenario);
        var start = scenario.Host.Clock.GetUtcNow().AddDays(10);
        var festival = await CreatedAsync(scenario.Client, $"{scenario.Base}/events/", new
        {
            slug = Slug,
            name = "Festival",
            date_from = start,
            date_to = start.AddDays(2),
            venue = new { name = "Park", city = "Amsterdam" },
            has_subevents = true,
        });
        series.EventId = festival.Value<long>("id");
        series.Day1Start = start;
        series.Day1 = (await series.PostAsync("subevents/", new { name = "Day 1", date_from = start, date_to = start.AddHours(10) })).Value<long>("id");
        series.Day2 = (await series.PostAsync("subevents/", new { name = "Day 2", date_from = start.AddDays(1), date_to = start.AddDays(1).AddHours(10) })).Value<long>("id");
        var merch = (await series.PostAsync("categories/", new { name = "Merch", is_addon = true })).Value<long>("id");
        series.Pass = await series.ItemAsync("Festival Pass", "40.00", admission: true);
        series.Shirt = await series.ItemAsync("Fest Shirt", "20.00", admission: false, category: merch);
        series.Seated = await series.ItemAsync("Seated Concert", "60.00", admission: true);
        series.Adult = (await series.PostAsync($"items/{series.Pass}/variations/", new { value = "Adult" })).Value<long>("id");
        series.Student = (await series.PostAsync($"items/{series.Pass}/variations/", new { value = "Student", default_price = "25.00" })).Value<long>("id");
        var (patched, item) = await scenario.Client.PatchJsonAsync(
            $"{series.EventBase}/items/{series.Pass}/", new { addons = new[] { new { addon_category = merch, min_count = 0, max_count = 2 } } });
        Assert.True(patched == HttpStatusCode.OK, item.Compact());
        var (uploaded, seats) = await scenario.Client.PostJsonAsync($"{series.EventBase}/seats/", new object[]
        {
            new { seat_guid = SeatA1Guid, name = SeatA1Name, row = "A", number = "1", zone = "Hall", product = series.Seated },
            new { seat_guid = "hall-a-2", name = "Row A, Seat 2", row = "A", number = "2", zone = "Hall", product = series.Seated },
        });
        Assert.True(uploaded == HttpStatusCode.Created, seats.Compact());
        series.SeatA1 = seats!.AsArray().Single(x => x!.Value<string>("seat_guid") == SeatA1Guid)!.Value<long>("id");
        return series;
    }

    private static async Task<JsonNode> CreatedAsync(HttpClient client, string url, object body)
    {
        var (status, created) = await client.PostJsonAsync(url, body);
        Assert.True(status == HttpStatusCode.Created, $"{url}: {status} {created.Compact()}");
        return created!;
    }

    private Task<JsonNode> PostAsync(string path, object body) => CreatedAsync(S.Client, $"{EventBase}/{path}", body);

    private async Task<long> ItemAsync(string name, string price, bool admission, long? category = null) =>
        (await PostAsync("items/", new { name, default_price = price, admission, multiscan_limit = 1, category })).Value<long>("id");

    /// <summary>A paid sale of the given positions (<c>{item, variation?, subevent?, seat?, addon_to?, attendee_name?}</c>).</summary>
    public async Task<JsonNode> SellAsync(params object[] positions)
    {
        var (status, body) = await S.Client.PostJsonAsync($"{EventBase}/orders/", new
        {
            email = "ada@example.com",
            name = "Ada Lovelace",
            payment_provider = "cash",
            positions,
        });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        return body!;
    }

    /// <summary>A pass of Day 1 (Student) with a T-shirt add-on, and a seated ticket of Day 2: one sale.</summary>
    public async Task<JsonNode> SellMixAsync() => await SellAsync(
        new { item = Pass, variation = Student, subevent = Day1, attendee_name = "Grace Hopper" },
        new { item = Shirt, subevent = Day1, addon_to = 1 },
        new { item = Seated, subevent = Day2, seat = SeatA1Guid, attendee_name = "Alan Turing" });

    /// <summary>The sale's position of a product (the response lists add-ons after the other positions).</summary>
    public static JsonNode PositionOf(JsonNode order, long item) =>
        order["positions"]!.AsArray().Single(p => p!["item"]!.GetValue<long>() == item)!;

    /// <summary>The positions of <see cref="SellMixAsync"/>'s sale in the order it was asked: 0 pass, 1 T-shirt, 2 seated.</summary>
    public JsonNode Mix(JsonNode order, int index) => PositionOf(order, index switch { 0 => Pass, 1 => Shirt, _ => Seated });
}
