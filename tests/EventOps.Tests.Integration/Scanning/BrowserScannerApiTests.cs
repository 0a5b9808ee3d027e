using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>
/// What the browser scanner (/scan) needs from the scanner API beyond seed 004: what a credential is paired to
/// (GET /scanner/device, with what its list admits), and the snapshot's offline fields (secret_hash, multiscan_limit,
/// entries) and product and variation ids.
/// </summary>
public abstract class BrowserScannerApiTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task Device_BoundToAnEventAndList_NamesAccountDeviceEventAndList()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (listStatus, list) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new { name = "VIP door", all_products = true });
        Assert.Equal(HttpStatusCode.Created, listStatus);
        var device = await s.DeviceAsync("Door 2 phone", "conf", list.Value<long>("id"));

        var (status, pairing) = await s.Bearer(device.Token).GetJsonAsync("/scanner/device");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(s.S.Organizer.Id, pairing.Value<long>("account.id"));
        Assert.Equal("acme", pairing.Value<string>("account.subdomain"));
        Assert.Equal("Door 2 phone", pairing.Value<string>("device.name"));
        Assert.Equal(device.Uuid, Guid.Parse(pairing.Value<string>("device.uuid")));
        Assert.Equal("conf", pairing.Value<string>("event.slug"));
        Assert.Equal("Conference", pairing.Value<string>("event.title"));
        Assert.EndsWith("/scanner/events/conf/snapshot.json", pairing.Value<string>("event.snapshot_url"), StringComparison.Ordinal);
        Assert.Equal(list.Value<long>("id"), pairing.Value<long>("checkin_list.id"));
        Assert.Equal("VIP door", pairing.Value<string>("checkin_list.name"));
        Assert.False(pairing.Value<bool>("checkin_list.is_default"));
        Assert.Null(pairing!["checkin_list"]!["date_id"]);
        Assert.True(pairing.Value<bool>("checkin_list.all_products"));
        Assert.Empty(pairing["checkin_list"]!["limit_products"]!.AsArray());
        Assert.Empty(pairing["checkin_list"]!["limit_variations"]!.AsArray());
        Assert.Empty(pairing["checkin_list"]!["limit_variation_products"]!.AsArray());
        Assert.True(pairing.Value<bool>("can_write"));
    }

    [Fact]
    public async Task Device_OnAListOfSomeProducts_NamesWhatItAdmits_SoTheScannerDecidesAsTheServerOffline()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var morning = await VariationAsync(s, s.S.DayPassItem, "Morning");
        var evening = await VariationAsync(s, s.S.DayPassItem, "Evening");
        var season = await s.S.ItemAsync("Season Pass", "60.00", true, 1);
        await VariationAsync(s, season, "Adult");
        var student = await VariationAsync(s, season, "Student");
        var (listStatus, list) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new
        {
            name = "Pass door", all_products = false, limit_products = new[] { season, s.S.DayPassItem, s.S.AdmissionItem }, limit_variations = new[] { morning },
        });
        Assert.True(listStatus == HttpStatusCode.Created, list.Compact());
        var device = await s.DeviceAsync("Pass phone", "conf", list.Value<long>("id"));
        var scanner = s.Bearer(device.Token);

        var (status, pairing) = await scanner.GetJsonAsync("/scanner/device");
        Assert.Equal(HttpStatusCode.OK, status);
        var admits = pairing!["checkin_list"]!;
        Assert.False(admits.Value<bool>("all_products"));
        Assert.Equal(new[] { s.S.AdmissionItem, s.S.DayPassItem, season }.Order(), Ids(admits, "limit_products"));
        Assert.Equal([morning], Ids(admits, "limit_variations"));
        Assert.Equal([s.S.DayPassItem], Ids(admits, "limit_variation_products"));

        // Each ticket as the snapshot shows it, decided by the documented rule from the wire alone, against the server's
        // own answer to the same device: they must agree, or the offline scanner admits whom the server refuses.
        var tickets = new (string Name, PaidTicket Ticket, bool OnList)[]
        {
            ("plain admission", await s.PaidTicketAsync(), true),
            ("a variation of a product none of whose variations is named", await TicketAsync(s, season, student), true),
            ("day pass, the named variation", await TicketAsync(s, s.S.DayPassItem, morning), true),
            ("day pass, a variation not named", await TicketAsync(s, s.S.DayPassItem, evening), false),
            ("a product the list does not name", await s.PaidTicketAsync(s.S.FreeItem), false),
        };
        foreach (var (name, ticket, onList) in tickets)
        {
            var offline = await s.SnapshotTicketAsync(ticket.PublicId, scanner);
            Assert.True(onList == AdmitsByTheWire(admits, offline), $"{name}: the wire's rule says {!onList}");
            var (redeemed, answer) = await s.RedeemAsync(ticket.PublicId, scanner);
            Assert.True(redeemed == (onList ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity), $"{name}: {redeemed} {answer.Compact()}");
            if (!onList)
            {
                Assert.Equal("Not valid for this check-in list", answer.Value<string>("error"));
            }
        }
    }

    /// <summary>The rule GET /scanner/device documents, as a third-party scanner reads it (decide.js does the same).</summary>
    private static bool AdmitsByTheWire(JsonNode list, JsonNode ticket)
    {
        if (list.Value<bool>("all_products"))
        {
            return true;
        }

        var product = ticket.Value<long>("product_id");
        var variation = ticket["variation_id"] is null ? (long?)null : ticket.Value<long>("variation_id");
        return Ids(list, "limit_products").Contains(product)
            && (variation is not { } v || !Ids(list, "limit_variation_products").Contains(product) || Ids(list, "limit_variations").Contains(v));
    }

    private static List<long> Ids(JsonNode node, string field) => [.. node[field]!.AsArray().Select(n => n!.GetValue<long>())];

    private static async Task<long> VariationAsync(ScanningScenario s, long item, string value)
    {
        var (status, body) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/items/{item}/variations/", new { value });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        return body.Value<long>("id");
    }

    private static async Task<PaidTicket> TicketAsync(ScanningScenario s, long item, long variation)
    {
        var (status, order) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/orders/", new
        {
            email = ScanningScenario.BuyerEmail, name = "Ada Lovelace", payment_provider = "cash", positions = new[] { new { item, variation } },
        });
        Assert.True(status == HttpStatusCode.Created, order.Compact());
        return ScanningScenario.Ticket(order!, 0);
    }

    [Fact]
    public async Task Device_OnAListOfOneDate_NamesThatDate_SoTheScannerRefusesOtherDatesOffline()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var start = Host.Clock.GetUtcNow().AddDays(3);
        var (created, _) = await s.S.Client.PostJsonAsync($"{s.S.Base}/events/", new { slug = "tour", name = "Tour", date_from = start, has_subevents = true });
        Assert.Equal(HttpStatusCode.Created, created);
        var (dateStatus, friday) = await s.S.Client.PostJsonAsync($"{s.S.Base}/events/tour/subevents/", new { name = "Friday", date_from = start });
        Assert.Equal(HttpStatusCode.Created, dateStatus);
        var (listStatus, list) = await s.S.Client.PostJsonAsync($"{s.S.Base}/events/tour/checkinlists/", new { name = "Friday door", all_products = true, subevent = friday.Value<long>("id") });
        Assert.Equal(HttpStatusCode.Created, listStatus);
        var device = await s.DeviceAsync("Friday phone", "tour", list.Value<long>("id"));

        var (_, pairing) = await s.Bearer(device.Token).GetJsonAsync("/scanner/device");

        Assert.Equal("Friday door", pairing.Value<string>("checkin_list.name"));
        Assert.Equal(friday.Value<long>("id"), pairing.Value<long>("checkin_list.date_id"));
        Assert.Equal("Friday", pairing.Value<string>("event.dates.0.title"));
    }

    [Fact]
    public async Task Device_BoundToAnEventWithoutList_NamesTheDefaultList_UnboundDeviceHasNoEvent()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var bound = await s.DeviceAsync("Door 3", "conf");
        var (_, pairing) = await s.Bearer(bound.Token).GetJsonAsync("/scanner/device.json");
        Assert.Equal("conf", pairing.Value<string>("event.slug"));
        Assert.True(pairing.Value<bool>("checkin_list.is_default"));

        var free = await s.DeviceAsync("Roaming");
        var (status, unbound) = await s.Bearer(free.Token).GetJsonAsync("/scanner/device");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Roaming", unbound.Value<string>("device.name"));
        Assert.Null(unbound!["event"]);
        Assert.Null(unbound["checkin_list"]);
    }

    [Fact]
    public async Task Device_WithoutList_WhenTheDefaultListIsDeleted_NamesTheListTheServerScansOn()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (_, lists) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/");
        var defaultList = lists!["results"]!.AsArray().Single()!.Value<long>("id");
        Assert.Equal(HttpStatusCode.NoContent, (await s.S.Client.DeleteAsync($"{s.S.EventBase}/checkinlists/{defaultList}/")).StatusCode);
        var (_, first) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new { name = "Admission only", all_products = false, limit_products = new[] { s.S.AdmissionItem } });
        var (_, second) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new { name = "Everything", all_products = true });
        var device = await s.DeviceAsync("Door 4", "conf");

        var (_, pairing) = await s.Bearer(device.Token).GetJsonAsync("/scanner/device");
        Assert.Equal(first.Value<long>("id"), pairing.Value<long>("checkin_list.id"));
        Assert.False(pairing.Value<bool>("checkin_list.all_products"));

        // The server scans on that list too: a product it leaves out is refused, although the other list would admit
        // it, and an admission lands on it.
        var pass = await s.PaidTicketAsync(s.S.DayPassItem);
        var (refused, answer) = await s.RedeemAsync(pass.PublicId, s.Bearer(device.Token));
        Assert.True(refused == HttpStatusCode.UnprocessableEntity, answer.Compact());
        Assert.Equal("Not valid for this check-in list", answer.Value<string>("error"));
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync((await s.PaidTicketAsync()).PublicId, s.Bearer(device.Token))).Status);
        var (_, named) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/{first.Value<long>("id")}/");
        var (_, everything) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/{second.Value<long>("id")}/");
        Assert.Equal(1, named.Value<int>("checkin_count"));
        Assert.Equal(0, everything.Value<int>("checkin_count"));
    }

    [Fact]
    public async Task Device_WithAnApiToken_HasNoDevice_AndTellsWhetherItMayRedeem()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (_, write) = await s.Bearer().GetJsonAsync("/scanner/device");
        Assert.Null(write!["device"]);
        Assert.True(write.Value<bool>("can_write"));
        var (_, read) = await s.Bearer(s.S.Organizer.ReadToken).GetJsonAsync("/scanner/device");
        Assert.False(read.Value<bool>("can_write"));
    }

    [Fact]
    public async Task Device_RevokedOrMissingToken_Is401()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync("Lost phone");
        Assert.Equal(HttpStatusCode.NoContent, (await s.S.Client.DeleteAsync($"{s.S.Base}/devices/{device.Id}/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Bearer(device.Token).GetJsonAsync("/scanner/device")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client().GetJsonAsync("/scanner/device")).Status);
    }

    [Fact]
    public async Task Snapshot_CarriesTheSecretsHash_NotTheSecret_AndEntriesAgainstTheLimit()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var single = await s.PaidTicketAsync();
        var dayPass = await s.PaidTicketAsync(s.S.DayPassItem);
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(dayPass.PublicId)).Status);

        var (status, snapshot) = await s.Bearer().GetJsonAsync("/scanner/events/conf/snapshot");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(single.Secret, snapshot!.ToJsonString(), StringComparison.Ordinal);
        var one = await s.SnapshotTicketAsync(single.PublicId);
        Assert.Equal(HashOf(single.Secret), one.Value<string>("secret_hash"));
        Assert.Equal(1, one.Value<int>("multiscan_limit"));
        Assert.Equal(0, one.Value<int>("entries"));

        var pass = await s.SnapshotTicketAsync(dayPass.PublicId);
        Assert.Equal(HashOf(dayPass.Secret), pass.Value<string>("secret_hash"));
        Assert.Equal(s.S.AdmissionItem, one.Value<long>("product_id"));
        Assert.Null(one["variation_id"]);
        Assert.Equal(s.S.DayPassItem, pass.Value<long>("product_id"));
        Assert.Equal(3, pass.Value<int>("multiscan_limit"));
        Assert.Equal(1, pass.Value<int>("entries"));
        Assert.True(pass.Value<bool>("redeemed"));
        Assert.True(pass.Value<bool>("redeemable"));
    }

    /// <summary>What the browser computes: SHA-256 over the UTF-8 secret, its first 8 bytes in lower-case hex.</summary>
    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))[..8]);
}

[Collection(SqliteCollection.Name)]
public sealed class BrowserScannerApiSqliteTests(SqliteHost host) : BrowserScannerApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class BrowserScannerApiPostgresTests(PostgresHost host) : BrowserScannerApiTests(host);
