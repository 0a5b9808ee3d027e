using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EventOps.Tests.Browser;

public sealed record DoorTicket(long SaleId, string PublicId, string Secret, string CheckInCode, string Buyer)
{
    public string Display => $"{CheckInCode[..4]}-{CheckInCode[4..]}";
}

/// <summary>An event of the demo organizer with its products and sales, made through the management API as a box office would.</summary>
public sealed class DoorShop
{
    private readonly HttpClient api;

    private DoorShop(HttpClient api, string slug, string name)
    {
        this.api = api;
        Slug = slug;
        EventName = name;
    }

    public string Slug { get; }

    public string EventName { get; }

    public long Admission { get; private set; }

    public long DayPass { get; private set; }

    public long Shirt { get; private set; }

    public long ListId { get; private set; }

    private string EventBase => $"/api/v1/organizers/demo/events/{Slug}";

    /// <summary>
    /// After the demo conference (tomorrow morning): the admin pages offer the next upcoming event by default, and the
    /// other browser tests of this shared Host rely on that being the demo conference.
    /// </summary>
    private static DateTimeOffset DefaultStart => new(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(3).AddHours(18), TimeSpan.Zero);

    /// <summary>When the shop's event starts (the admin's event pickers show its day).</summary>
    public DateTimeOffset Starts { get; private set; }

    public static async Task<DoorShop> CreateAsync(HttpClient api, string name, DateTimeOffset? start = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var shop = new DoorShop(api, "door-" + suffix, $"{name} {suffix}");
        var from = start ?? DefaultStart;
        shop.Starts = from;
        await PostAsync(api, "/api/v1/organizers/demo/events/", new
        {
            slug = shop.Slug, name = shop.EventName, date_from = from, date_to = from.AddHours(6), venue = new { name = "Door Hall", city = "Berlin" },
        });
        await shop.ItemsAsync();
        return shop;
    }

    /// <summary>On a series (<see cref="CreateSeriesAsync"/>): the two dates, tonight and tomorrow.</summary>
    public long Tonight { get; private set; }

    public long Tomorrow { get; private set; }

    /// <summary>An event series (pretix sub-events) with two dates, and the same three products.</summary>
    public static async Task<DoorShop> CreateSeriesAsync(HttpClient api, string name)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var shop = new DoorShop(api, "tour-" + suffix, $"{name} {suffix}");
        var from = DefaultStart;
        shop.Starts = from;
        await PostAsync(api, "/api/v1/organizers/demo/events/", new
        {
            slug = shop.Slug, name = shop.EventName, date_from = from, date_to = from.AddDays(2), has_subevents = true,
            venue = new { name = "Door Hall", city = "Berlin" },
        });
        shop.Tonight = (await PostAsync(api, $"{shop.EventBase}/subevents/", new { name = "Tonight", date_from = from, date_to = from.AddHours(4) }))["id"]!.GetValue<long>();
        shop.Tomorrow = (await PostAsync(api, $"{shop.EventBase}/subevents/", new { name = "Tomorrow", date_from = from.AddDays(1), date_to = from.AddDays(1).AddHours(4) }))["id"]!.GetValue<long>();
        await shop.ItemsAsync();
        return shop;
    }

    private async Task ItemsAsync()
    {
        Admission = (await PostAsync(api, $"{EventBase}/items/", new { name = "General Admission", default_price = "20.00", admission = true, multiscan_limit = 1 }))["id"]!.GetValue<long>();
        DayPass = (await PostAsync(api, $"{EventBase}/items/", new { name = "Two-entry pass", default_price = "30.00", admission = true, multiscan_limit = 2 }))["id"]!.GetValue<long>();
        Shirt = (await PostAsync(api, $"{EventBase}/items/", new { name = "T-Shirt", default_price = "25.00", admission = false, multiscan_limit = 1 }))["id"]!.GetValue<long>();
        var lists = await api.GetFromJsonAsync<JsonNode>($"{EventBase}/checkinlists/");
        ListId = lists!["results"]![0]!["id"]!.GetValue<long>();
    }

    /// <summary>On a series, a ticket for tonight; on a single event, a plain one.</summary>
    public Task<DoorTicket> OrderAsync(long item, string provider, string buyer) => Tonight == 0
        ? OrderAsync(new { item, attendee_name = buyer }, provider, buyer)
        : OrderAsync(new { item, attendee_name = buyer, subevent = Tonight }, provider, buyer);

    /// <summary>A check-in list that admits one date of the series only.</summary>
    public async Task<long> ListOfDateAsync(string name, long subevent) =>
        (await PostAsync(api, $"{EventBase}/checkinlists/", new { name, all_products = true, subevent }))["id"]!.GetValue<long>();

    public Task<DoorTicket> OrderOnDateAsync(long item, long subevent, string buyer) => OrderAsync(new { item, attendee_name = buyer, subevent }, "cash", buyer);

    /// <summary>A product with variations (an item that then must be sold with one of them); its id and the variations' ids.</summary>
    public async Task<(long Item, long[] Variations)> ItemWithVariationsAsync(string name, params string[] values)
    {
        var item = (await PostAsync(api, $"{EventBase}/items/", new { name, default_price = "35.00", admission = true, multiscan_limit = 1 }))["id"]!.GetValue<long>();
        var variations = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            variations[i] = (await PostAsync(api, $"{EventBase}/items/{item}/variations/", new { value = values[i] }))["id"]!.GetValue<long>();
        }

        return (item, variations);
    }

    public Task<DoorTicket> OrderVariationAsync(long item, long variation, string buyer) => OrderAsync(new { item, variation, attendee_name = buyer }, "cash", buyer);

    /// <summary>A check-in list that admits only these products (and, of a product with named variations, only those).</summary>
    public async Task<long> ListOfProductsAsync(string name, long[] items, long[]? variations = null) =>
        (await PostAsync(api, $"{EventBase}/checkinlists/", new { name, all_products = false, limit_products = items, limit_variations = variations ?? [] }))["id"]!.GetValue<long>();

    private async Task<DoorTicket> OrderAsync(object line, string provider, string buyer)
    {
        var order = await PostAsync(api, $"{EventBase}/orders/", new
        {
            email = "door@example.com", name = buyer, sales_channel = "web", payment_provider = provider,
            positions = new[] { line },
        });
        var position = order["positions"]![0]!;
        return new DoorTicket(
            order["id"]!.GetValue<long>(), position["public_id"]!.GetValue<string>(), position["secret"]!.GetValue<string>(),
            position["check_in_code"]!.GetValue<string>(), buyer);
    }

    /// <summary>A scanner device bound to this event, through the management API; its token.</summary>
    public async Task<string> DeviceTokenAsync(string name) => (await DeviceAsync(name)).Token;

    /// <param name="list">The check-in list it scans on; null: the event's default list.</param>
    public async Task<(long Id, string Token)> DeviceAsync(string name, long? list = null)
    {
        var device = await PostAsync(api, "/api/v1/organizers/demo/devices/", new { name, @event = Slug, checkin_list = list });
        return (device["id"]!.GetValue<long>(), device["token"]!.GetValue<string>());
    }

    /// <summary>Seed 001's refund action, as the box office's tool sends it.</summary>
    public async Task RefundAsync(DoorTicket ticket)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{ticket.SaleId}") { Content = JsonContent.Create(new { action = "refund" }) };
        request.Headers.TryAddWithoutValidation("X-API-Key", AdminHost.ApiToken);
        request.Headers.Authorization = null;
        using var bare = new HttpClient { BaseAddress = api.BaseAddress };
        var response = await bare.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, object body)
    {
        var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
