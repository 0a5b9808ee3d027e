using System.Net;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>
/// The door surfaces on issue 13's inventory: a product without admission is refused where the answer means "let this
/// person in" (seed 002 <c>not_allowed</c>, seed 004 redemption 422 and offline sync <c>blocked</c>), while a Showpass
/// pickup still hands it over; seed 002 answers the date, seat and variation; seed 004 carries them on events, tickets,
/// snapshot and search.
/// </summary>
public abstract class SeriesScanningTests(HostFixture host) : HostTests(host)
{
    private static async Task<(ScanningScenario S, SeriesScenario F)> SeriesAsync(HostFixture host)
    {
        var s = await ScanningScenario.CreateAsync(host);
        return (s, await SeriesScenario.CreateAsync(s.S));
    }


    private static string Attr(SeriesScenario f, JsonNode order, int index, string field) => f.Mix(order, index).Value<string>(field);

    private static async Task<int> CheckinCountAsync(ScanningScenario s)
    {
        var (_, lists) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/");
        return lists.Value<int>("results.0.checkin_count");
    }

    [Fact]
    public async Task Tickable_ProductWithoutAdmission_IsNotAllowed_AndNotCheckedIn()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var shirt = await s.PaidTicketAsync(s.S.ShirtItem);
        var (status, body) = await s.TickableScanAsync(shirt.Uuid);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("not_allowed", body.Value<string>("status"));
        Assert.False(body.Value<bool>("scanned_before"));
        Assert.Null(body!["scanned_at"]);
        Assert.Equal(0, await CheckinCountAsync(s));

        var ticket = await s.PaidTicketAsync();
        Assert.Equal("valid", (await s.TickableScanAsync(ticket.Uuid)).Body.Value<string>("status"));
    }

    [Fact]
    public async Task Usetix_ProductWithoutAdmission_IsRefusedWith422_OnlineAndInOfflineSync()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var shirt = await s.PaidTicketAsync(s.S.ShirtItem);

        var (_, before) = await s.Bearer().GetJsonAsync($"/scanner/tickets/{shirt.PublicId}");
        Assert.False(before.Value<bool>("admission"));
        Assert.False(before.Value<bool>("redeemable"));
        Assert.Equal("Not an admission ticket", before.Value<string>("blocked_reason"));

        var (status, body) = await s.RedeemAsync(shirt.PublicId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Not an admission ticket", body.Value<string>("error"));
        Assert.False(body.Value<bool>("ticket.redeemed"));
        Assert.Equal("Not an admission ticket", body.Value<string>("ticket.blocked_reason"));

        var ticket = await s.PaidTicketAsync();
        var (_, sync) = await s.SyncAsync(new[]
        {
            new { client_id = "door:1", event_slug = "conf", public_id = shirt.PublicId, scanned_at = "2026-11-24T12:00:00Z" },
            new { client_id = "door:2", event_slug = "conf", public_id = ticket.PublicId, scanned_at = "2026-11-24T12:00:01Z" },
        });
        Assert.Equal("blocked", sync.Value<string>("redemption_attempts.0.result"));
        Assert.Equal("Not an admission ticket", sync.Value<string>("redemption_attempts.0.message"));
        Assert.Equal("accepted", sync.Value<string>("redemption_attempts.1.result"));
        Assert.Equal(1, await CheckinCountAsync(s));
    }

    [Fact]
    public async Task Showpass_Pickup_StillHandsOverAProductWithoutAdmission()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var shirt = await s.PaidTicketAsync(s.S.ShirtItem);
        var (status, body) = await s.PickupAsync(shirt);
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        Assert.Equal(1, await CheckinCountAsync(s));
    }

    [Fact]
    public async Task Tickable_AnswersTheDateSeatVariation_AndAddonsAsRelatedTickets()
    {
        var (s, f) = await SeriesAsync(Host);
        var order = await f.SellMixAsync();

        var (status, pass) = await s.TickableScanAsync(Guid.Parse(Attr(f, order, 0, "uuid")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("valid", pass.Value<string>("status"));
        Assert.Equal("Day 1", pass.Value<string>("timeslot.title"));
        Assert.Equal(f.Day1Start.UtcDateTime, pass.Value<DateTime>("timeslot.starts_at").ToUniversalTime());
        Assert.Equal(f.Day1Start.AddHours(10).UtcDateTime, pass.Value<DateTime>("timeslot.ends_at").ToUniversalTime());
        Assert.Equal("Festival Pass – Student", pass.Value<string>("ticket_type.name"));
        Assert.Equal(2500, pass.Value<long>("ticket_type.price"));
        Assert.Null(pass!["seat"]);
        var related = pass["related_tickets"]!.AsArray();
        Assert.Equal(new[] { Attr(f, order, 1, "uuid"), Attr(f, order, 2, "uuid") }.Order(), related.Select(r => r!.Value<string>("id")).Order());
        var shirt = related.Single(r => r!.Value<string>("id") == Attr(f, order, 1, "uuid"))!;
        Assert.Equal("Fest Shirt", shirt.Value<string>("ticket_type_name"));
        var seatedRelated = related.Single(r => r!.Value<string>("id") == Attr(f, order, 2, "uuid"))!;
        Assert.Equal(SeriesScenario.SeatA1Name, seatedRelated.Value<string>("seat"));

        var (_, seated) = await s.TickableScanAsync(Guid.Parse(Attr(f, order, 2, "uuid")));
        Assert.Equal("valid", seated.Value<string>("status"));
        Assert.Equal(SeriesScenario.SeatA1Name, seated.Value<string>("seat"));
        Assert.Equal("Day 2", seated.Value<string>("timeslot.title"));
        Assert.Equal("Seated Concert", seated.Value<string>("ticket_type.name"));

        // A single event's timeslot is the event itself.
        var single = await s.PaidTicketAsync();
        var (_, plain) = await s.TickableScanAsync(single.Uuid);
        Assert.Equal("Conference", plain.Value<string>("timeslot.title"));
    }

    [Fact]
    public async Task Usetix_EventsSnapshotTicketsAndSearch_CarryDateVariationSeatAndAdmission()
    {
        var (s, f) = await SeriesAsync(Host);
        var order = await f.SellMixAsync();
        var scanner = s.Bearer();

        var (_, events) = await scanner.GetJsonAsync("/scanner/events");
        var all = events!["events"]!.AsArray();
        var fest = all.Single(e => e!.Value<string>("slug") == SeriesScenario.Slug)!;
        Assert.Equal(["Day 1", "Day 2"], fest["dates"]!.AsArray().Select(d => d!.Value<string>("title")));
        Assert.Equal(f.Day1, fest.Value<long>("dates.0.id"));
        Assert.Equal(f.Day1Start.UtcDateTime, fest.Value<DateTime>("dates.0.starts_at").ToUniversalTime());
        Assert.Equal(f.Day1Start.AddHours(10).UtcDateTime, fest.Value<DateTime>("dates.0.ends_at").ToUniversalTime());
        Assert.Empty(all.Single(e => e!.Value<string>("slug") == "conf")!["dates"]!.AsArray());

        void AssertPass(JsonNode? t)
        {
            Assert.NotNull(t);
            Assert.Equal("Festival Pass – Student", t.Value<string>("ticket_title"));
            Assert.Equal("Student", t.Value<string>("variation_title"));
            Assert.Equal(f.Pass, t.Value<long>("product_id"));
            Assert.Equal(f.Student, t.Value<long>("variation_id"));
            Assert.Equal(f.Day1, t.Value<long>("date_id"));
            Assert.Equal("Day 1", t.Value<string>("date_title"));
            Assert.Equal(f.Day1Start.UtcDateTime, t.Value<DateTime>("date_starts_at").ToUniversalTime());
            Assert.Equal(f.Day1Start.AddHours(10).UtcDateTime, t.Value<DateTime>("date_ends_at").ToUniversalTime());
            Assert.True(t.Value<bool>("admission"));
            Assert.True(t.Value<bool>("redeemable"));
            Assert.Null(t["seat"]);
        }

        void AssertSeated(JsonNode? t)
        {
            Assert.NotNull(t);
            Assert.Equal("Seated Concert", t.Value<string>("ticket_title"));
            Assert.Null(t["variation_title"]);
            Assert.Equal(f.Seated, t.Value<long>("product_id"));
            Assert.Null(t["variation_id"]);
            Assert.Equal("Day 2", t.Value<string>("date_title"));
            Assert.Equal(SeriesScenario.SeatA1Name, t.Value<string>("seat"));
        }

        void AssertShirt(JsonNode? t)
        {
            Assert.NotNull(t);
            Assert.False(t.Value<bool>("admission"));
            Assert.False(t.Value<bool>("redeemable"));
            Assert.Equal("Not an admission ticket", t.Value<string>("blocked_reason"));
        }

        JsonNode? ById(JsonNode? body, int index) => body!["tickets"]!.AsArray().Single(t => t!.Value<string>("public_id") == Attr(f, order, index, "public_id"));

        var (snapStatus, snapshot) = await scanner.GetJsonAsync($"/scanner/events/{SeriesScenario.Slug}/snapshot");
        Assert.Equal(HttpStatusCode.OK, snapStatus);
        Assert.Equal(2, snapshot!["event"]!["dates"]!.AsArray().Count);
        AssertPass(ById(snapshot, 0));
        AssertShirt(ById(snapshot, 1));
        AssertSeated(ById(snapshot, 2));

        // The streamed snapshot writes each ticket exactly as the serialized lookup does, plus the offline fields that
        // only snapshots and caches carry (for the browser door scanner).
        foreach (var index in new[] { 0, 1, 2 })
        {
            var (_, one) = await scanner.GetJsonAsync($"/scanner/tickets/{Attr(f, order, index, "public_id")}");
            var streamed = ById(snapshot, index)!.DeepClone().AsObject();
            foreach (var offline in new[] { "secret_hash", "multiscan_limit", "entries" })
            {
                Assert.True(streamed.Remove(offline), offline);
            }

            Assert.Equal(one.Compact(), streamed.Compact());
        }

        var (_, cache) = await scanner.GetJsonAsync($"/scanner/events/{SeriesScenario.Slug}/tickets");
        AssertPass(ById(cache, 0));
        AssertSeated(ById(cache, 2));

        var (_, search) = await scanner.GetJsonAsync($"/scanner/search?q={Attr(f, order, 2, "check_in_code")}&event_slug={SeriesScenario.Slug}");
        AssertSeated(search!["tickets"]![0]);
        Assert.Equal(2, search["event"]!["dates"]!.AsArray().Count);

        var (redeemed, ticket) = await s.RedeemAsync(Attr(f, order, 2, "public_id"), scoped: false);
        Assert.Equal(HttpStatusCode.OK, redeemed);
        AssertSeated(ticket);
        Assert.True(ticket.Value<bool>("redeemed"));
    }

    [Fact]
    public async Task OfflineSync_OnADeviceOfADatedList_RefusesOtherDates()
    {
        var (s, f) = await SeriesAsync(Host);
        var order = await f.SellMixAsync();
        var (created, list) = await s.S.Client.PostJsonAsync($"{f.EventBase}/checkinlists/", new { name = "Day 1 gate", subevent = f.Day1 });
        Assert.True(created == HttpStatusCode.Created, list.Compact());
        var device = await s.DeviceAsync("Day 1 gate", SeriesScenario.Slug, list.Value<long>("id"));

        var (status, sync) = await s.SyncAsync(
            new[]
            {
                new { client_id = "gate:1", event_slug = SeriesScenario.Slug, public_id = Attr(f, order, 2, "public_id"), scanned_at = "2026-12-04T18:00:00Z" },
                new { client_id = "gate:2", event_slug = SeriesScenario.Slug, public_id = Attr(f, order, 0, "public_id"), scanned_at = "2026-12-04T18:00:01Z" },
            },
            s.Bearer(device.Token));
        Assert.True(status == HttpStatusCode.OK, sync.Compact());
        Assert.Equal("blocked", sync.Value<string>("redemption_attempts.0.result"));
        Assert.Equal("Not valid for this check-in list (ticket for Day 2)", sync.Value<string>("redemption_attempts.0.message"));
        Assert.Equal("accepted", sync.Value<string>("redemption_attempts.1.result"));

        var (online, refused) = await s.RedeemAsync(Attr(f, order, 2, "public_id"), s.Bearer(device.Token), scoped: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, online);
        Assert.Equal("Not valid for this check-in list (ticket for Day 2)", refused.Value<string>("error"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesScanningSqliteTests(SqliteHost host) : SeriesScanningTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SeriesScanningPostgresTests(PostgresHost host) : SeriesScanningTests(host);
