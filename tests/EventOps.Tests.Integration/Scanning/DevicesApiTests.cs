using System.Net;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>CONTRACT.md devices API: pairing returns the token once; revoking refuses it at once on every surface.</summary>
public abstract class DevicesApiTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task Create_ReturnsIdUuidAndTokenOnce_ListNeverShowsToken()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (status, created) = await s.S.Client.PostJsonAsync($"{s.S.Base}/devices/", new { name = "Door 1 iPhone", @event = "conf" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(created.Value<long>("id") > 0);
        Assert.True(Guid.TryParse(created.Value<string>("uuid"), out _));
        Assert.StartsWith("eod_", created.Value<string>("token"), StringComparison.Ordinal);
        Assert.Equal("Door 1 iPhone", created.Value<string>("name"));
        Assert.Equal("conf", created.Value<string>("event"));
        Assert.Null(created!["checkin_list"]);
        Assert.False(created.Value<bool>("revoked"));

        var (listStatus, list) = await s.S.Client.GetJsonAsync($"{s.S.Base}/devices/");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal(1, list.Value<int>("count"));
        Assert.Null(list!["results"]![0]!["token"]);
        Assert.Equal(created.Value<string>("uuid"), list.Value<string>("results.0.uuid"));
        Assert.DoesNotContain(created.Value<string>("token"), list.Compact(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InvalidInput_Is400PerField()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (status, body) = await s.S.Client.PostJsonAsync($"{s.S.Base}/devices/", new { @event = "nope", checkin_list = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["name"]);
        Assert.NotNull(body["event"]);
        Assert.NotNull(body["checkin_list"]);
        var (notJson, _) = await s.S.Client.PostJsonAsync($"{s.S.Base}/devices/", Api.Raw("[1]"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson);
        var (_, list) = await s.S.Client.GetJsonAsync($"{s.S.Base}/devices/");
        Assert.Equal(0, list.Value<int>("count"));
    }

    [Fact]
    public async Task DeviceToken_WorksOnEverySurface_ButIsRefusedOnManagement()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        var ticket = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.Bearer(device.Token).GetJsonAsync("/scanner/me")).Status);
        Assert.Equal(HttpStatusCode.OK, (await s.Token(device.Token).GetJsonAsync(s.Verify(ticket.Secret))).Status);
        Assert.Equal(HttpStatusCode.OK, (await s.TickableScanAsync(ticket.Uuid, client: s.Bearer(device.Token))).Status);

        var deviceClient = s.Token(device.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await deviceClient.GetJsonAsync($"{s.S.Base}/devices/")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await deviceClient.PostJsonAsync($"{s.S.Base}/devices/", new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await deviceClient.PostJsonAsync($"{s.S.Base}/events/", new { slug = "x", name = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await deviceClient.GetJsonAsync($"{s.S.Base}/tokens/")).Status);
    }

    [Fact]
    public async Task ReadToken_CannotManageDevices()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var read = s.Token(s.S.Organizer.ReadToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.PostJsonAsync($"{s.S.Base}/devices/", new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.GetJsonAsync($"{s.S.Base}/devices/")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client().GetJsonAsync($"{s.S.Base}/devices/")).Status);
    }

    [Fact]
    public async Task Revoke_RefusesTheTokenAtOnce_OnEverySurface()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        var ticket = await s.PaidTicketAsync();
        var response = await s.S.Client.DeleteAsync($"{s.S.Base}/devices/{device.Id}/");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Bearer(device.Token).GetJsonAsync("/scanner/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.RedeemAsync(ticket.PublicId, s.Bearer(device.Token))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.PickupAsync(ticket, s.Token(device.Token))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.TickableScanAsync(ticket.Uuid, client: s.Bearer(device.Token))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Token(device.Token).GetJsonAsync($"{s.S.EventBase}/checkinlists/")).Status);

        // A second Host on the same database refuses it too: nothing is cached in process.
        await using var second = Host.CreateFactory();
        var other = second.CreateClient();
        other.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", device.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/scanner/me")).StatusCode);

        var (_, list) = await s.S.Client.GetJsonAsync($"{s.S.Base}/devices/");
        Assert.True(list.Value<bool>("results.0.revoked"));
        Assert.Equal(HttpStatusCode.NotFound, (await s.S.Client.DeleteAsync($"{s.S.Base}/devices/{device.Id}/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.S.Client.DeleteAsync($"{s.S.Base}/devices/abc/")).StatusCode);
    }

    [Fact]
    public async Task OtherOrganizersDevice_IsNotFound()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        var other = await Host.CreateOrganizerAsync("other");
        var client = Host.Client(other.WriteToken);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/organizers/other/devices/{device.Id}/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJsonAsync($"{s.S.Base}/devices/")).Status);
        Assert.Equal(HttpStatusCode.OK, (await s.Bearer(device.Token).GetJsonAsync("/scanner/me")).Status);
    }

    [Fact]
    public async Task LastUsed_IsRecorded()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        await s.Bearer(device.Token).GetJsonAsync("/scanner/me");
        var (_, list) = await s.S.Client.GetJsonAsync($"{s.S.Base}/devices/");
        Assert.NotNull(list!["results"]![0]!["last_used"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DevicesApiSqliteTests(SqliteHost host) : DevicesApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DevicesApiPostgresTests(PostgresHost host) : DevicesApiTests(host);
