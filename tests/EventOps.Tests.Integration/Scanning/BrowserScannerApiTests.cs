using System.Net;
using System.Security.Cryptography;
using System.Text;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>
/// What the browser scanner (/scan) needs from the scanner API beyond seed 004: what a credential is paired to
/// (GET /scanner/device), and the snapshot's offline fields (secret_hash, multiscan_limit, entries).
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
        Assert.True(pairing.Value<bool>("can_write"));
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
