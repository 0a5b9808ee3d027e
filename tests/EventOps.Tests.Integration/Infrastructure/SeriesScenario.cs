using System.Net;
using System.Text.Json.Nodes;
using EventOps.Modules.Sales.Domain;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>
/// A second event of a <see cref="Scenario"/>'s organizer, <c>fest</c>, with what issue 13 adds to a sale: two dates
/// (a series), a pass with two variations, an add-on category with a T-shirt the pass offers, and a seated product
/// with two seats. The event and its products are made through the management API; dates, variations, the add-on
/// category and the seats are written to the Sales tables directly until the inventory API is there. Tickets are sold
/// through the order API, as a client would.
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
        var host = scenario.Host;
        var start = host.Clock.GetUtcNow().AddDays(10);
        var (status, body) = await scenario.Client.PostJsonAsync($"{scenario.Base}/events/", new
        {
            slug = Slug,
            name = "Festival",
            date_from = start,
            date_to = start.AddDays(2),
            venue = new { name = "Park", city = "Amsterdam" },
        });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        series.Pass = await series.ItemAsync("Festival Pass", "40.00", admission: true);
        series.Shirt = await series.ItemAsync("Fest Shirt", "20.00", admission: false);
        series.Seated = await series.ItemAsync("Seated Concert", "60.00", admission: true);
        series.Day1Start = start;
        await host.WithSalesAsync(async db =>
        {
            var festival = db.Events.Single(e => e.OrganizerId == scenario.Organizer.Id && e.Slug == Slug);
            festival.HasSubevents = true;
            series.EventId = festival.Id;
            var day1 = new SubEvent { EventId = festival.Id, Name = "Day 1", DateFrom = start, DateTo = start.AddHours(10) };
            var day2 = new SubEvent { EventId = festival.Id, Name = "Day 2", DateFrom = start.AddDays(1), DateTo = start.AddDays(1).AddHours(10) };
            var merch = new ProductCategory { EventId = festival.Id, Name = "Merch", IsAddon = true };
            var adult = new ProductVariation { ProductId = series.Pass, Value = "Adult" };
            var student = new ProductVariation { ProductId = series.Pass, Value = "Student", DefaultPrice = 25m };
            var seat1 = new Seat { EventId = festival.Id, SeatGuid = SeatA1Guid, Name = SeatA1Name, Row = "A", Number = "1", ProductId = series.Seated };
            var seat2 = new Seat { EventId = festival.Id, SeatGuid = "hall-a-2", Name = "Row A, Seat 2", Row = "A", Number = "2", ProductId = series.Seated };
            db.AddRange(day1, day2, merch, adult, student, seat1, seat2);
            await db.SaveChangesAsync();
            db.Products.Single(p => p.Id == series.Shirt).CategoryId = merch.Id;
            db.Addons.Add(new ProductAddon { ProductId = series.Pass, AddonCategoryId = merch.Id, MinCount = 0, MaxCount = 2 });
            await db.SaveChangesAsync();
            (series.Day1, series.Day2, series.Adult, series.Student, series.SeatA1) = (day1.Id, day2.Id, adult.Id, student.Id, seat1.Id);
            return 0;
        });
        return series;
    }

    private async Task<long> ItemAsync(string name, string price, bool admission)
    {
        var (status, body) = await S.Client.PostJsonAsync($"{EventBase}/items/", new { name, default_price = price, admission, multiscan_limit = 1 });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        return body.Value<long>("id");
    }

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
