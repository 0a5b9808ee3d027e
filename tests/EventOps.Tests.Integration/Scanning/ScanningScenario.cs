using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

public sealed record PairedDevice(long Id, Guid Uuid, string Token);

public sealed record PaidTicket(JsonNode Order, long Id, Guid Uuid, string PublicId, string Secret, string CheckInCode, long SaleId);

/// <summary>A scenario with the three scanner surfaces at hand: Usetix (Bearer), Showpass (Token), Tickable (Bearer).</summary>
internal sealed class ScanningScenario
{
    private ScanningScenario(Scenario scenario, long venueId)
    {
        S = scenario;
        VenueId = venueId;
    }

    public const string BuyerEmail = "ada@example.com";

    public Scenario S { get; }

    public HostFixture Host => S.Host;

    public long VenueId { get; }

    public string Histories => $"/api/venue/{VenueId}/tickets/items/histories/";

    public string Verify(string barcode) => $"/api/venue/{VenueId}/tickets/items/verify/?barcode_string={Uri.EscapeDataString(barcode)}";

    public static async Task<ScanningScenario> CreateAsync(HostFixture host, string organizer = "acme")
    {
        var scenario = await Scenario.CreateAsync(host, organizer);
        var (status, body) = await scenario.Client.GetJsonAsync($"{scenario.EventBase}/");
        Assert.Equal(HttpStatusCode.OK, status);
        return new ScanningScenario(scenario, body.Value<long>("venue.id"));
    }

    /// <summary>Usetix and Tickable send <c>Authorization: Bearer</c>.</summary>
    public HttpClient Bearer(string? token = null) => Host.Client(token ?? S.Organizer.WriteToken, "Bearer");

    /// <summary>Showpass sends <c>Authorization: Token</c>.</summary>
    public HttpClient Token(string? token = null) => Host.Client(token ?? S.Organizer.WriteToken, "Token");

    public async Task<PairedDevice> DeviceAsync(string name = "Door 1 iPhone", string? eventSlug = null, long? checkinList = null)
    {
        var (status, body) = await S.Client.PostJsonAsync($"{S.Base}/devices/", new { name, @event = eventSlug, checkin_list = checkinList });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        return new PairedDevice(body.Value<long>("id"), Guid.Parse(body.Value<string>("uuid")), body.Value<string>("token"));
    }

    public async Task<PaidTicket> PaidTicketAsync(long? item = null, string provider = "cash", params long[] more)
    {
        var order = await S.OrderAsync(provider, "web", [item ?? S.AdmissionItem, .. more]);
        return Ticket(order, 0);
    }

    public static PaidTicket Ticket(JsonNode order, int index) => new(
        order,
        order.Value<long>($"positions.{index}.id"),
        Guid.Parse(order.Value<string>($"positions.{index}.uuid")),
        order.Value<string>($"positions.{index}.public_id"),
        order.Value<string>($"positions.{index}.secret"),
        order.Value<string>($"positions.{index}.check_in_code"),
        order.Value<long>("id"));

    public Task<(HttpStatusCode Status, JsonNode? Body)> PickupAsync(PaidTicket ticket, HttpClient? client = null) =>
        (client ?? Token()).PostJsonAsync(Histories, new { item = ticket.Id, action = "pickup", scanner_device = "web_app", barcode_type = "static", barcode_string = ticket.Secret });

    public Task<(HttpStatusCode Status, JsonNode? Body)> ShowpassAsync(PaidTicket ticket, string action, HttpClient? client = null) =>
        (client ?? Token()).PostJsonAsync(Histories, new { item = ticket.Id, action });

    public Task<(HttpStatusCode Status, JsonNode? Body)> TickableScanAsync(Guid ticket, object? body = null, HttpClient? client = null) =>
        (client ?? Bearer()).PostJsonAsync($"/tickets/{ticket}/scan", body ?? new { });

    public Task<(HttpStatusCode Status, JsonNode? Body)> RedeemAsync(string identifier, HttpClient? client = null, bool scoped = true) =>
        (client ?? Bearer()).PostJsonAsync(scoped ? $"/scanner/events/{S.EventSlug}/tickets/{identifier}/redemption" : $"/scanner/tickets/{identifier}/redemption", new { });

    public Task<(HttpStatusCode Status, JsonNode? Body)> SyncAsync(object attempts, HttpClient? client = null) =>
        (client ?? Bearer()).PostJsonAsync("/scanner/redemption_attempts", new { attempts });

    public async Task<JsonNode> SnapshotTicketAsync(string publicId, HttpClient? client = null)
    {
        var (status, body) = await (client ?? Bearer()).GetJsonAsync($"/scanner/events/{S.EventSlug}/snapshot");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["tickets"]!.AsArray().Single(t => t!.Value<string>("public_id") == publicId)!;
    }

    public static void AcceptGzip(HttpClient client) => client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
}
