using System.Net;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>Every scan attempt is recorded once, with surface, device or token, actor, time, ticket and result.</summary>
public abstract class ScanHistoryTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task EveryAttempt_OnEverySurface_IsRecorded_AndFilterable()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync("Door 1");
        var ticket = await s.PaidTicketAsync();
        await s.RedeemAsync(ticket.PublicId, s.Bearer(device.Token));
        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        var afterFirst = Host.Clock.GetUtcNow();
        await s.PickupAsync(ticket);
        await s.TickableScanAsync(ticket.Uuid);
        await s.RedeemAsync("nope");
        await s.SyncAsync(new[] { new { client_id = "c1", event_slug = "conf", public_id = ticket.PublicId } }, s.Bearer(device.Token));

        var (status, all) = await s.S.Client.GetJsonAsync($"{s.S.Base}/scans/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, all.Value<int>("count"));
        var results = all!["results"]!.AsArray();
        Assert.Equal(["usetix_offline", "usetix", "tickable", "showpass", "usetix"], results.Select(r => r!.Value<string>("surface")));
        Assert.Equal(["already_redeemed", "not_found", "already_redeemed", "already_redeemed", "ok"], results.Select(r => r!.Value<string>("result")));
        var first = results[4]!;
        Assert.Equal(device.Id, first.Value<long>("device_id"));
        Assert.Equal("Door 1", first.Value<string>("device_name"));
        Assert.Equal("device:Door 1", first.Value<string>("actor"));
        Assert.Equal(ticket.Id, first.Value<long>("ticket_id"));
        Assert.Null(results[3]!["device_id"]);
        Assert.NotNull(results[3]!["token_id"]);
        Assert.Null(results[1]!["ticket_id"]);

        // Tickable without scanner_id scans as "the first active scanner" (seed 002): Door 1.
        Assert.Equal(3, (await s.S.Client.GetJsonAsync($"{s.S.Base}/scans/?device={device.Id}")).Body.Value<int>("count"));
        Assert.Equal(1, (await s.S.Client.GetJsonAsync($"{s.S.Base}/scans/?result=ok")).Body.Value<int>("count"));
        Assert.Equal(4, (await s.S.Client.GetJsonAsync($"{s.S.Base}/scans/?event=conf")).Body.Value<int>("count"));
        Assert.Equal(4, (await s.S.Client.GetJsonAsync($"{s.S.Base}/scans/?since={Uri.EscapeDataString(afterFirst.ToString("O"))}")).Body.Value<int>("count"));
        Assert.Equal(1, (await s.S.Client.GetJsonAsync($"{s.S.Base}/scans/?until={Uri.EscapeDataString(afterFirst.ToString("O"))}")).Body.Value<int>("count"));
        var (bad, errors) = await s.S.Client.GetJsonAsync($"{s.S.Base}/scans/?event=nope&device=x&since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(errors!["event"]);
        Assert.NotNull(errors["device"]);
        Assert.NotNull(errors["since"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Token(device.Token).GetJsonAsync($"{s.S.Base}/scans/")).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ScanHistorySqliteTests(SqliteHost host) : ScanHistoryTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ScanHistoryPostgresTests(PostgresHost host) : ScanHistoryTests(host);
