using System.Net;
using System.Text.Json.Nodes;
using EventOps.Modules.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>An organizer with one event and its products, made through the management API as a client would.</summary>
public sealed class Scenario
{
    private Scenario(HostFixture host, TestOrganizer organizer, HttpClient client)
    {
        Host = host;
        Organizer = organizer;
        Client = client;
    }

    public HostFixture Host { get; }

    public TestOrganizer Organizer { get; }

    public HttpClient Client { get; }

    public string EventSlug { get; private set; } = "conf";

    public long AdmissionItem { get; private set; }

    public long DayPassItem { get; private set; }

    public long ShirtItem { get; private set; }

    public long FreeItem { get; private set; }

    public string Base => $"/api/v1/organizers/{Organizer.Slug}";

    public string EventBase => $"{Base}/events/{EventSlug}";

    public static async Task<Scenario> CreateAsync(HostFixture host, string organizer = "acme", DateTimeOffset? eventStart = null)
    {
        var org = await host.CreateOrganizerAsync(organizer);
        var scenario = new Scenario(host, org, host.Client(org.WriteToken));
        var start = eventStart ?? host.Clock.GetUtcNow().AddDays(7);
        var (status, body) = await scenario.Client.PostJsonAsync($"{scenario.Base}/events/", new
        {
            slug = "conf",
            name = "Conference",
            date_from = start,
            date_to = start.AddHours(8),
            venue = new { name = "Hall", city = "Berlin" },
        });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        scenario.AdmissionItem = await scenario.ItemAsync("General Admission", "49.00", true, 1);
        scenario.DayPassItem = await scenario.ItemAsync("Day Pass", "89.00", true, 3);
        scenario.ShirtItem = await scenario.ItemAsync("T-Shirt", "25.00", false, 1);
        scenario.FreeItem = await scenario.ItemAsync("Guest", "0.00", true, 1);
        return scenario;
    }

    public async Task<long> ItemAsync(string name, string price, bool admission, int limit)
    {
        var (status, body) = await Client.PostJsonAsync($"{EventBase}/items/", new { name, default_price = price, admission, multiscan_limit = limit });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        return body.Value<long>("id");
    }

    public async Task<JsonNode> OrderAsync(string provider = "cash", string channel = "web", params long[] items)
    {
        var positions = (items.Length == 0 ? [AdmissionItem] : items).Select(i => new { item = i, attendee_name = "Ada Lovelace" }).ToArray();
        var (status, body) = await Client.PostJsonAsync($"{EventBase}/orders/", new
        {
            email = "ada@example.com",
            name = "Ada Lovelace",
            sales_channel = channel,
            payment_provider = provider,
            positions,
        });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        return body!;
    }

    /// <summary>A sale put straight into a status, for testing transitions out of every status.</summary>
    internal async Task<long> SaleInStatusAsync(SaleStatus status)
    {
        var order = await OrderAsync("manual");
        var id = order.Value<long>("id");
        await Host.WithSalesAsync(db => db.Sales.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, status)));
        return id;
    }

    public async Task<JsonNode> GetOrderAsync(string code)
    {
        var (status, body) = await Client.GetJsonAsync($"{EventBase}/orders/{code}/");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }
}
