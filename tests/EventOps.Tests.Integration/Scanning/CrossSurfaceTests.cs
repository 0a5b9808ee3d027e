using System.Net;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>One truth for "this ticket was used" (ARCHITECTURE.md): every surface reads and writes the Checkin engine.</summary>
public abstract class CrossSurfaceTests(HostFixture host) : HostTests(host)
{
    private static async Task<long> DefaultListAsync(ScanningScenario s)
    {
        var (_, lists) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/");
        return lists.Value<long>("results.0.id");
    }

    [Fact]
    public async Task ShowpassPickup_ShowsAsUsed_WithTheSameTime_OnEverySurface()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        Host.Clock.Advance(TimeSpan.FromMinutes(7));
        var (pickup, history) = await s.PickupAsync(ticket);
        Assert.Equal(HttpStatusCode.Created, pickup);
        var pickedUpAt = history.Value<DateTime>("created");
        Host.Clock.Advance(TimeSpan.FromMinutes(3));

        var (_, tickable) = await s.TickableScanAsync(ticket.Uuid);
        Assert.Equal("scanned", tickable.Value<string>("status"));
        Assert.True(tickable.Value<bool>("scanned_before"));
        Assert.Equal(pickedUpAt, tickable.Value<DateTime>("scanned_at"));

        var snapshot = await s.SnapshotTicketAsync(ticket.PublicId);
        Assert.True(snapshot.Value<bool>("redeemed"));
        Assert.False(snapshot.Value<bool>("redeemable"));
        Assert.Equal(pickedUpAt, snapshot.Value<DateTime>("redeemed_at"));

        var list = await DefaultListAsync(s);
        var (positionStatus, position) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/{list}/positions/{ticket.Id}/");
        Assert.Equal(HttpStatusCode.OK, positionStatus);
        var checkins = position!["checkins"]!.AsArray();
        Assert.Single(checkins);
        Assert.Equal(pickedUpAt, checkins[0]!.Value<DateTimeOffset>("datetime").UtcDateTime);

        var (_, verify) = await s.Token().GetJsonAsync(s.Verify(ticket.Secret));
        Assert.Equal("used", verify.Value<string>("status"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await s.RedeemAsync(ticket.PublicId)).Status);
        var (_, offline) = await s.SyncAsync(new[] { new { client_id = "x", event_slug = "conf", public_id = ticket.PublicId } });
        Assert.Equal("conflict", offline.Value<string>("redemption_attempts.0.result"));
    }

    [Fact]
    public async Task Return_MakesTheTicketUsableOnEverySurface()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(ticket.PublicId)).Status);
        Assert.Equal("used", (await s.Token().GetJsonAsync(s.Verify(ticket.Secret))).Body.Value<string>("status"));
        var (returned, history) = await s.ShowpassAsync(ticket, "return");
        Assert.Equal(HttpStatusCode.Created, returned);
        Assert.Equal("payed", history.Value<string>("after"));

        var snapshot = await s.SnapshotTicketAsync(ticket.PublicId);
        Assert.False(snapshot.Value<bool>("redeemed"));
        Assert.True(snapshot.Value<bool>("redeemable"));
        Assert.Equal("valid", (await s.TickableScanAsync(ticket.Uuid)).Body.Value<string>("status"));
    }

    [Fact]
    public async Task PretixRedeem_ShowsOnTheScannerSurfaces()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var list = await DefaultListAsync(s);
        var (status, body) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/{list}/positions/{ticket.Secret}/redeem/", new { });
        Assert.True(status == HttpStatusCode.Created || status == HttpStatusCode.OK, body.Compact());
        Assert.Equal("scanned", (await s.TickableScanAsync(ticket.Uuid)).Body.Value<string>("status"));
        Assert.True((await s.SnapshotTicketAsync(ticket.PublicId)).Value<bool>("redeemed"));
        Assert.Equal(HttpStatusCode.BadRequest, (await s.PickupAsync(ticket)).Status);
    }

    [Fact]
    public async Task SameTicket_AtOnceThroughEverySurface_AdmitsOnce()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var list = await DefaultListAsync(s);
        for (var round = 0; round < 3; round++)
        {
            var ticket = await s.PaidTicketAsync();
            var attempts = new List<Task<bool>>();
            for (var i = 0; i < 2; i++)
            {
                attempts.Add(Ok(s.RedeemAsync(ticket.PublicId), r => r.Status == HttpStatusCode.OK));
                attempts.Add(Ok(s.PickupAsync(ticket), r => r.Status == HttpStatusCode.Created));
                attempts.Add(Ok(s.TickableScanAsync(ticket.Uuid), r => r.Body.Value<string>("status") == "valid"));
                attempts.Add(Ok(s.SyncAsync(new[] { new { client_id = $"{round}-{i}", event_slug = "conf", public_id = ticket.PublicId } }),
                    r => r.Body.Value<string>("redemption_attempts.0.result") == "accepted"));
                attempts.Add(Ok(s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/{list}/positions/{ticket.Id}/redeem/", new { }),
                    r => r.Body.Value<string>("status") == "ok"));
            }

            var results = await Task.WhenAll(attempts);
            Assert.Equal(1, results.Count(ok => ok));
            var (_, position) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/{list}/positions/{ticket.Id}/");
            Assert.Single(position!["checkins"]!.AsArray());
        }
    }

    [Fact]
    public async Task OfflineBatch_ReplayedTwiceAtOnce_AdmitsOnce_AndBothAnswersAgree()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        var tickets = new List<PaidTicket>();
        for (var i = 0; i < 5; i++)
        {
            tickets.Add(await s.PaidTicketAsync());
        }

        var batch = tickets.SelectMany((t, i) => new[]
        {
            new { client_id = $"scan-{i}-a", event_slug = "conf", public_id = t.PublicId },
            new { client_id = $"scan-{i}-b", event_slug = "conf", public_id = t.PublicId },
        }).ToArray();
        var first = s.SyncAsync(batch, s.Bearer(device.Token));
        var second = s.SyncAsync(batch, s.Bearer(device.Token));
        var answers = await Task.WhenAll(first, second);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(answers[0].Body.Compact(), answers[1].Body.Compact());
        var results = answers[0].Body!["redemption_attempts"]!.AsArray().Select(r => r!.Value<string>("result")).ToList();
        Assert.Equal(5, results.Count(r => r == "accepted"));
        Assert.Equal(5, results.Count(r => r == "conflict"));
        var (_, lists) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/");
        Assert.Equal(5, lists.Value<int>("results.0.checkin_count"));
    }

    private static async Task<bool> Ok(Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body)> call, Func<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body), bool> admitted)
    {
        var result = await call;
        Assert.True((int)result.Status < 500, result.Body.Compact());
        return admitted(result);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CrossSurfaceSqliteTests(SqliteHost host) : CrossSurfaceTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CrossSurfacePostgresTests(PostgresHost host) : CrossSurfaceTests(host);
