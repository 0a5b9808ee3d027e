using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EventOps.Modules.Sales.Domain;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>Seed 004, the Usetix scanner API: every endpoint, field and error.</summary>
public abstract class UsetixScannerTests(HostFixture host) : HostTests(host)
{
    private static readonly string[] TicketFields =
    [
        "public_id", "check_in_code", "display_check_in_code", "event_slug", "event_title", "ticket_title", "ticket_color", "buyer_name",
        "redeemed", "redeemable", "blocked_reason", "redeemed_at", "updated_at",

        // Ours, after the seed's: admission, the date of a series, the variation and the seat, and the product and
        // variation ids a check-in list admits.
        "admission", "date_id", "date_title", "date_starts_at", "date_ends_at", "variation_title", "seat", "product_id", "variation_id",
    ];

    /// <summary>Snapshot and cache tickets add what an offline scanner decides with (the browser scanner at /scan).</summary>
    private static readonly string[] SnapshotTicketFields = [.. TicketFields, "secret_hash", "multiscan_limit", "entries"];

    private static readonly string[] EventFields = ["slug", "title", "starts_at", "ends_at", "updated_at", "snapshot_url", "image_url", "venue", "dates"];

    private static void AssertTicketShape(JsonNode? ticket)
    {
        Assert.NotNull(ticket);
        Assert.Equal(TicketFields.Order(), ticket.AsObject().Select(p => p.Key).Order());
    }

    private static void AssertSnapshotTicketShape(JsonNode? ticket)
    {
        Assert.NotNull(ticket);
        Assert.Equal(SnapshotTicketFields.Order(), ticket.AsObject().Select(p => p.Key).Order());
    }

    private static void AssertEventShape(JsonNode? e)
    {
        Assert.NotNull(e);
        Assert.Equal(EventFields.Order(), e.AsObject().Select(p => p.Key).Order());
        Assert.Equal(["city", "name"], e["venue"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Me_DescribesAccountAndCredential()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync("Door 1 iPhone");
        var (status, me) = await s.Bearer(device.Token).GetJsonAsync("/scanner/me");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(s.S.Organizer.Id, me.Value<long>("account.id"));
        Assert.Equal("acme", me.Value<string>("account.name"));
        Assert.Equal("acme", me.Value<string>("account.subdomain"));
        Assert.Equal("scanner_device", me.Value<string>("authentication.type"));
        Assert.Equal("Door 1 iPhone", me.Value<string>("authentication.name"));

        var (_, api) = await s.Bearer().GetJsonAsync("/scanner/me.json");
        Assert.Equal("api_token", api.Value<string>("authentication.type"));
        Assert.Equal("tests write", api.Value<string>("authentication.description"));
        Assert.Equal("write", api.Value<string>("authentication.permission"));
        var (_, read) = await s.Bearer(s.S.Organizer.ReadToken).GetJsonAsync("/scanner/me");
        Assert.Equal("read", read.Value<string>("authentication.permission"));
    }

    [Fact]
    public async Task MissingOrInvalidToken_Is401()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client().GetJsonAsync("/scanner/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Bearer("eo_not-a-token").GetJsonAsync("/scanner/events")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Bearer("eo_not-a-token").PostJsonAsync("/scanner/redemption_attempts", new { attempts = Array.Empty<object>() })).Status);
    }

    [Fact]
    public async Task InvalidBearer_Is401_EvenWithACookie()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var client = s.Bearer("eo_revoked");
        client.DefaultRequestHeaders.Add("Cookie", "eventops.auth=anything");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/scanner/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/scanner/tickets/x/redemption", new { })).Status);
    }

    [Fact]
    public async Task Events_NearestNotEndedFirst_WithEveryField()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var now = Host.Clock.GetUtcNow();
        foreach (var (slug, start) in new[] { ("past", now.AddDays(-3)), ("soon", now.AddDays(1)), ("later", now.AddDays(30)) })
        {
            var (status, body) = await s.S.Client.PostJsonAsync($"{s.S.Base}/events/", new { slug, name = slug, date_from = start, date_to = start.AddHours(4) });
            Assert.True(status == HttpStatusCode.Created, body.Compact());
        }

        var (listStatus, events) = await s.Bearer().GetJsonAsync("/scanner/events");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        var slugs = events!["events"]!.AsArray().Select(e => e!.Value<string>("slug")).ToList();
        Assert.Equal(["soon", "conf", "later"], slugs);
        var conf = events["events"]![1]!;
        AssertEventShape(conf);
        Assert.Equal("Conference", conf.Value<string>("title"));
        Assert.EndsWith("/scanner/events/conf/snapshot.json", conf.Value<string>("snapshot_url"), StringComparison.Ordinal);
        Assert.StartsWith("http", conf.Value<string>("snapshot_url"), StringComparison.Ordinal);
        Assert.Null(conf["image_url"]);
        Assert.Equal("Hall", conf.Value<string>("venue.name"));
        Assert.Equal("Berlin", conf.Value<string>("venue.city"));
        Assert.EndsWith("Z", conf.Value<string>("starts_at"), StringComparison.Ordinal);

        var bound = await s.DeviceAsync("Door", "later");
        var (_, only) = await s.Bearer(bound.Token).GetJsonAsync("/scanner/events.json");
        Assert.Equal(["later"], only!["events"]!.AsArray().Select(e => e!.Value<string>("slug")));
    }

    [Fact]
    public async Task Snapshot_HasEveryTicket_BlockedOnesWithReason()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var paid = await s.PaidTicketAsync();
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        var refunded = await s.PaidTicketAsync();
        await Host.WithSalesAsync(db => db.Sales.Where(x => x.Id == refunded.SaleId).ExecuteUpdateAsync(x => x.SetProperty(y => y.Status, SaleStatus.Refunded)));
        var voided = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await s.ShowpassAsync(voided, "void")).Status);
        var used = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(used.PublicId)).Status);

        var (status, snapshot) = await s.Bearer().GetJsonAsync("/scanner/events/conf/snapshot");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(snapshot!["generated_at"]);
        AssertEventShape(snapshot["event"]);
        var tickets = snapshot["tickets"]!.AsArray();
        Assert.Equal(5, tickets.Count);
        foreach (var t in tickets)
        {
            AssertSnapshotTicketShape(t);
        }

        JsonNode Of(PaidTicket p) => tickets.Single(t => t!.Value<string>("public_id") == p.PublicId)!;
        var ok = Of(paid);
        Assert.Equal(paid.CheckInCode, ok.Value<string>("check_in_code"));
        Assert.Equal($"{paid.CheckInCode[..4]}-{paid.CheckInCode[4..]}", ok.Value<string>("display_check_in_code"));
        Assert.Equal("conf", ok.Value<string>("event_slug"));
        Assert.Equal("Conference", ok.Value<string>("event_title"));
        Assert.Equal("General Admission", ok.Value<string>("ticket_title"));
        Assert.Equal("Ada Lovelace", ok.Value<string>("buyer_name"));
        Assert.False(ok.Value<bool>("redeemed"));
        Assert.True(ok.Value<bool>("redeemable"));
        Assert.Null(ok["blocked_reason"]);
        Assert.Null(ok["redeemed_at"]);
        Assert.Equal("Order unpaid", Of(unpaid).Value<string>("blocked_reason"));
        Assert.False(Of(unpaid).Value<bool>("redeemable"));
        Assert.Equal("Order refunded", Of(refunded).Value<string>("blocked_reason"));
        Assert.Equal("Ticket voided", Of(voided).Value<string>("blocked_reason"));
        Assert.True(Of(used).Value<bool>("redeemed"));
        Assert.Equal("Already redeemed", Of(used).Value<string>("blocked_reason"));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, Of(used).Value<DateTime>("redeemed_at"));

        Assert.Equal(HttpStatusCode.OK, (await s.Bearer().GetJsonAsync("/scanner/events/conf/snapshot.json")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().GetJsonAsync("/scanner/events/nope/snapshot")).Status);
    }

    [Fact]
    public async Task Snapshot_OverManyPages_HasEveryTicketOnce_InOrder_WithItsState()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var tickets = new List<PaidTicket>();
        for (var i = 0; i < 11; i++)
        {
            tickets.Add(await s.PaidTicketAsync(provider: i % 4 == 3 ? "manual" : "cash"));
        }

        foreach (var used in tickets.Where((_, i) => i % 3 == 0 && i % 4 != 3))
        {
            Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(used.PublicId)).Status);
        }

        var (_, whole) = await s.Bearer().GetJsonAsync("/scanner/events/conf/snapshot");

        // Pages of 3 and of 1: the next page is read while the last one is written, and a page that ends exactly at the
        // last ticket (11 = 11 x 1) is followed by an empty one.
        foreach (var pageSize in new[] { "3", "1" })
        {
            await using var paged = Host.Factory.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, config) =>
                config.AddInMemoryCollection(new Dictionary<string, string?> { ["Scanning:SnapshotPageSize"] = pageSize })));
            using var client = paged.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", s.S.Organizer.WriteToken);
            var (status, snapshot) = await client.GetJsonAsync("/scanner/events/conf/snapshot");

            Assert.Equal(HttpStatusCode.OK, status);
            var rows = snapshot!["tickets"]!.AsArray();
            Assert.Equal(tickets.Select(t => t.PublicId), rows.Select(t => t!.Value<string>("public_id")));
            Assert.Equal(whole!["tickets"]!.ToJsonString(), rows.ToJsonString());
            Assert.Equal(3, rows.Count(t => t!.Value<bool>("redeemed")));
            Assert.Equal(2, rows.Count(t => t!.Value<string>("blocked_reason") == "Order unpaid"));
        }
    }

    [Fact]
    public async Task Snapshot_ETag_AnswersNotModified_UntilAScanChangesIt()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var client = s.Bearer();
        var first = await client.GetAsync("/scanner/events/conf/snapshot");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/scanner/events/conf/snapshot");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(ticket.PublicId)).Status);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/scanner/events/conf/snapshot");
        again.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Snapshot_IsGzipped_WhenAccepted()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var client = s.Bearer();
        ScanningScenario.AcceptGzip(client);
        var response = await client.GetAsync("/scanner/events/conf/snapshot");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var body = await JsonNode.ParseAsync(gzip);
        Assert.Equal(ticket.PublicId, body.Value<string>("tickets.0.public_id"));
    }

    [Fact]
    public async Task EventTickets_ValidCache_AndQueryByCodePublicIdNameOrEmail()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var paid = await s.PaidTicketAsync();
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        var (status, cache) = await s.Bearer().GetJsonAsync("/scanner/events/conf/tickets");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertEventShape(cache!["event"]);
        Assert.Equal([paid.PublicId], cache["tickets"]!.AsArray().Select(t => t!.Value<string>("public_id")));
        AssertSnapshotTicketShape(cache["tickets"]![0]);

        foreach (var query in new[] { paid.CheckInCode, $"{paid.CheckInCode[..4]}-{paid.CheckInCode[4..]}", paid.PublicId, "ada love", ScanningScenario.BuyerEmail, "ADA@example.com" })
        {
            var (_, found) = await s.Bearer().GetJsonAsync($"/scanner/events/conf/tickets.json?query={Uri.EscapeDataString(query)}");
            Assert.Equal([paid.PublicId], found!["tickets"]!.AsArray().Select(t => t!.Value<string>("public_id")));
        }

        var (_, none) = await s.Bearer().GetJsonAsync($"/scanner/events/conf/tickets?query={unpaid.CheckInCode}");
        Assert.Empty(none!["tickets"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().GetJsonAsync("/scanner/events/nope/tickets")).Status);
    }

    [Fact]
    public async Task UnscopedTickets_AndSearch()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var paid = await s.PaidTicketAsync();
        var unpaid = await s.PaidTicketAsync(provider: "manual");

        var (_, empty) = await s.Bearer().GetJsonAsync("/scanner/tickets");
        Assert.Null(empty!["event"]);
        Assert.Empty(empty["tickets"]!.AsArray());

        var (_, byEmail) = await s.Bearer().GetJsonAsync($"/scanner/tickets?query={Uri.EscapeDataString(ScanningScenario.BuyerEmail)}");
        Assert.Null(byEmail!["event"]);
        Assert.Equal([paid.PublicId], byEmail["tickets"]!.AsArray().Select(t => t!.Value<string>("public_id")));

        // Exact codes find blocked tickets too (seed 004), so staff can explain them.
        var (_, exact) = await s.Bearer().GetJsonAsync($"/scanner/tickets.json?query={unpaid.CheckInCode}");
        Assert.Equal("Order unpaid", exact.Value<string>("tickets.0.blocked_reason"));

        var (_, scoped) = await s.Bearer().GetJsonAsync("/scanner/tickets?event_slug=conf");
        Assert.Equal("conf", scoped.Value<string>("event.slug"));
        Assert.Equal([paid.PublicId], scoped!["tickets"]!.AsArray().Select(t => t!.Value<string>("public_id")));

        var (_, search) = await s.Bearer().GetJsonAsync($"/scanner/search?event_slug=conf&q={Uri.EscapeDataString("Ada")}");
        Assert.Equal("conf", search.Value<string>("event.slug"));
        Assert.Equal([paid.PublicId], search!["tickets"]!.AsArray().Select(t => t!.Value<string>("public_id")));
        var (_, blank) = await s.Bearer().GetJsonAsync("/scanner/search.json?q=");
        Assert.Null(blank!["event"]);
        Assert.Empty(blank["tickets"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().GetJsonAsync("/scanner/search?event_slug=nope&q=ada")).Status);
    }

    [Fact]
    public async Task TicketByIdentifier_PublicIdOrCode_WithOrWithoutDash()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var paid = await s.PaidTicketAsync();
        foreach (var id in new[] { paid.PublicId, paid.CheckInCode, $"{paid.CheckInCode[..4]}-{paid.CheckInCode[4..]}", paid.CheckInCode.ToLowerInvariant(), paid.PublicId + ".json" })
        {
            var (status, ticket) = await s.Bearer().GetJsonAsync($"/scanner/tickets/{id}");
            Assert.Equal(HttpStatusCode.OK, status);
            AssertTicketShape(ticket);
            Assert.Equal(paid.PublicId, ticket.Value<string>("public_id"));
        }

        var (notFound, error) = await s.Bearer().GetJsonAsync("/scanner/tickets/ZZZZ-ZZZZ");
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Equal("Not found", error.Value<string>("error"));
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().GetJsonAsync($"/scanner/tickets/{paid.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().GetJsonAsync($"/scanner/tickets/{paid.Secret}")).Status);
    }

    [Fact]
    public async Task Redemption_Succeeds_ThenConflictsWith422()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var paid = await s.PaidTicketAsync();
        var (status, redeemed) = await s.RedeemAsync($"{paid.CheckInCode[..4]}-{paid.CheckInCode[4..]}");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertTicketShape(redeemed);
        Assert.Equal(paid.PublicId, redeemed.Value<string>("public_id"));
        Assert.True(redeemed.Value<bool>("redeemed"));
        Assert.False(redeemed.Value<bool>("redeemable"));
        Assert.Equal("Already redeemed", redeemed.Value<string>("blocked_reason"));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, redeemed.Value<DateTime>("redeemed_at"));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, redeemed.Value<DateTime>("updated_at"));

        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (again, conflict) = await s.RedeemAsync(paid.PublicId, scoped: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again);
        Assert.Equal("Already redeemed", conflict.Value<string>("error"));
        AssertTicketShape(conflict!["ticket"]);
        Assert.Equal(redeemed.Value<string>("redeemed_at"), conflict.Value<string>("ticket.redeemed_at"));

        var (jsonSuffix, _) = await s.Bearer().PostJsonAsync($"/scanner/tickets/{paid.PublicId}/redemption.json", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, jsonSuffix);
    }

    /// <summary>
    /// The ticket a redemption answers with is built from the engine's own count of the list it used; it must be what a
    /// fresh read of the ticket says, on the default list and on a device's own list, admitted, refused and out of order.
    /// </summary>
    [Fact]
    public async Task Redemption_AnswersTheTicketAsStored_OnTheDefaultListAndADevicesList()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (created, list) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new { name = "VIP door", all_products = true });
        Assert.True(created == HttpStatusCode.Created, list.Compact());
        var device = await s.DeviceAsync("VIP scanner", checkinList: list.Value<long>("id"));
        var ticket = await s.PaidTicketAsync(s.S.DayPassItem);
        foreach (var client in new[] { s.Bearer(), s.Bearer(device.Token) })
        {
            for (var scan = 0; scan < 4; scan++)
            {
                Host.Clock.Advance(TimeSpan.FromMinutes(1));
                var (status, body) = await client.PostJsonAsync(
                    $"/scanner/events/{s.S.EventSlug}/tickets/{ticket.PublicId}/redemption", new { });
                Assert.Equal(scan < 3 ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity, status);
                var answered = scan < 3 ? body! : body!["ticket"]!;
                var (_, stored) = await client.GetJsonAsync($"/scanner/tickets/{ticket.PublicId}");
                Assert.Equal(stored.Compact(), answered.Compact());
                Assert.Equal(Math.Min(scan + 1, 3) == 3, answered.Value<string>("blocked_reason") == "Already redeemed");
            }
        }
    }

    [Fact]
    public async Task Redemption_Blocked_UnknownAndReadToken()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        var (status, blocked) = await s.RedeemAsync(unpaid.PublicId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Order unpaid", blocked.Value<string>("error"));
        Assert.False(blocked.Value<bool>("ticket.redeemed"));

        Assert.Equal(HttpStatusCode.NotFound, (await s.RedeemAsync("nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().PostJsonAsync($"/scanner/events/nope/tickets/{unpaid.PublicId}/redemption", new { })).Status);

        var paid = await s.PaidTicketAsync();
        var read = s.Bearer(s.S.Organizer.ReadToken);
        var (readStatus, readBody) = await s.RedeemAsync(paid.PublicId, read);
        Assert.Equal(HttpStatusCode.Unauthorized, readStatus);
        Assert.Equal("Unauthorized", readBody.Value<string>("error"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.RedeemAsync(paid.PublicId, read, scoped: false)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.SyncAsync(Array.Empty<object>(), read)).Status);
        Assert.False((await s.SnapshotTicketAsync(paid.PublicId)).Value<bool>("redeemed"));
    }

    [Fact]
    public async Task Sync_EachAnswersTicket_IsWhatAFreshReadShows_OnTheDefaultListAndOnADevicesOwnList()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (_, list) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new { name = "Side door", all_products = true });
        foreach (var device in new[] { await s.DeviceAsync("Main door"), await s.DeviceAsync("Side door", "conf", list.Value<long>("id")) })
        {
            var client = s.Bearer(device.Token);
            var twice = await s.PaidTicketAsync();
            var dayPass = await s.PaidTicketAsync(s.S.DayPassItem);
            var unpaid = await s.PaidTicketAsync(provider: "manual");
            var used = await s.PaidTicketAsync();
            Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(used.PublicId, client)).Status);

            var (status, body) = await s.SyncAsync(new object[]
            {
                new { client_id = $"{device.Uuid}:1", event_slug = "conf", public_id = twice.PublicId },
                new { client_id = $"{device.Uuid}:2", event_slug = "conf", public_id = dayPass.PublicId },
                new { client_id = $"{device.Uuid}:3", event_slug = "conf", public_id = twice.PublicId },
                new { client_id = $"{device.Uuid}:4", event_slug = "conf", public_id = dayPass.PublicId },
                new { client_id = $"{device.Uuid}:5", event_slug = "conf", public_id = unpaid.PublicId },
                new { client_id = $"{device.Uuid}:6", event_slug = "conf", public_id = used.PublicId },
            }, client);

            Assert.Equal(HttpStatusCode.OK, status);
            var results = body!["redemption_attempts"]!.AsArray();
            Assert.Equal(["accepted", "accepted", "conflict", "accepted", "blocked", "conflict"], results.Select(r => r!.Value<string>("result")));
            foreach (var (result, publicId) in results.Zip(new[] { twice, dayPass, twice, dayPass, unpaid, used }.Select(t => t.PublicId)))
            {
                var (_, fresh) = await client.GetJsonAsync($"/scanner/tickets/{publicId}");
                Assert.Equal(fresh!.ToJsonString(), result!["ticket"]!.ToJsonString());
            }
        }
    }

    [Fact]
    public async Task RedeemInEvent_ATicketOfAnotherEvent_OrAnUnknownEvent_IsNotFound_AndRecordedAsSuch()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (created, _) = await s.S.Client.PostJsonAsync($"{s.S.Base}/events/", new { slug = "other", name = "Other", date_from = Host.Clock.GetUtcNow().AddDays(2) });
        Assert.Equal(HttpStatusCode.Created, created);
        var paid = await s.PaidTicketAsync();

        // The public id finds the ticket, but it is of "conf": at "other" it is not found, and stays unused.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().PostJsonAsync($"/scanner/events/other/tickets/{paid.PublicId}/redemption", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().PostJsonAsync($"/scanner/events/nope/tickets/{paid.PublicId}/redemption", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer().PostJsonAsync($"/scanner/events/conf/tickets/{paid.PublicId.ToUpperInvariant()}x/redemption", new { })).Status);
        Assert.False((await s.SnapshotTicketAsync(paid.PublicId)).Value<bool>("redeemed"));

        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var scanning = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Scanning.Persistence.ScanningDbContext>();
        var reasons = await scanning.ScanAttempts.AsNoTracking().Where(x => x.OrganizerId == s.S.Organizer.Id && x.Surface == "usetix").OrderBy(x => x.Id)
            .Select(x => x.Reason).ToListAsync();
        Assert.Equal(["Ticket not found", "Event not found", "Ticket not found"], reasons);

        // And the same ticket at its own event by public id, then again by its check-in code: admitted once, then used.
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(paid.PublicId)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await s.RedeemAsync(paid.CheckInCode)).Status);
    }

    [Fact]
    public async Task DeviceBoundToAnotherEvent_CannotRedeemHere()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (created, body) = await s.S.Client.PostJsonAsync($"{s.S.Base}/events/", new { slug = "other", name = "Other", date_from = Host.Clock.GetUtcNow().AddDays(2) });
        Assert.True(created == HttpStatusCode.Created, body.Compact());
        var device = await s.DeviceAsync("Other door", "other");
        var paid = await s.PaidTicketAsync();
        var (status, body2) = await s.RedeemAsync(paid.PublicId, s.Bearer(device.Token), scoped: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Not valid on this scanner", body2.Value<string>("error"));
        Assert.Equal(HttpStatusCode.NotFound, (await s.RedeemAsync(paid.PublicId, s.Bearer(device.Token))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Bearer(device.Token).GetJsonAsync("/scanner/events/conf/snapshot")).Status);
        Assert.False((await s.SnapshotTicketAsync(paid.PublicId)).Value<bool>("redeemed"));
    }

    [Fact]
    public async Task OfflineSync_AcceptedConflictBlockedNotFound_InRequestOrder()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var door1 = await s.DeviceAsync("Door 1");
        var door2 = await s.DeviceAsync("Door 2");
        var paid = await s.PaidTicketAsync();
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        var scannedAt = Host.Clock.GetUtcNow().AddMinutes(-5);
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        var (status, body) = await s.SyncAsync(new object[]
        {
            new { client_id = "d1:1", event_slug = "conf", public_id = paid.PublicId, scanned_at = scannedAt },
            new { client_id = "d1:2", event_slug = "conf", public_id = paid.PublicId, scanned_at = "not a time" },
            new { client_id = "d1:3", event_slug = "conf", public_id = unpaid.PublicId },
            new { client_id = "d1:4", event_slug = "conf", public_id = "nope" },
            new { client_id = "d1:5", event_slug = "nope", public_id = paid.PublicId },
        }, s.Bearer(door1.Token));
        Assert.Equal(HttpStatusCode.OK, status);
        var results = body!["redemption_attempts"]!.AsArray();
        Assert.Equal(["accepted", "conflict", "blocked", "not_found", "not_found"], results.Select(r => r!.Value<string>("result")));
        var accepted = results[0]!;
        Assert.Equal(
            ["accepted_at", "client_id", "event_slug", "message", "public_id", "result", "scanned_at", "synced_at", "ticket"],
            accepted.AsObject().Select(p => p.Key).Order());
        Assert.Equal("d1:1", accepted.Value<string>("client_id"));
        Assert.Equal("conf", accepted.Value<string>("event_slug"));
        Assert.Equal(paid.PublicId, accepted.Value<string>("public_id"));
        Assert.Equal("Ticket has been redeemed.", accepted.Value<string>("message"));
        Assert.Equal(scannedAt.UtcDateTime, accepted.Value<DateTime>("scanned_at"));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, accepted.Value<DateTime>("synced_at"));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, accepted.Value<DateTime>("accepted_at"));
        Assert.True(accepted.Value<bool>("ticket.redeemed"));
        AssertTicketShape(accepted["ticket"]);

        var conflict = results[1]!;
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, conflict.Value<DateTime>("scanned_at"));
        Assert.Null(conflict["accepted_at"]);
        Assert.Contains("Door 1", conflict.Value<string>("message"), StringComparison.Ordinal);
        Assert.Equal("Order unpaid", results[2]!.Value<string>("message"));
        Assert.Null(results[3]!["ticket"]);

        // Another device scanned the same ticket offline: conflict, saying when and which device.
        var (_, other) = await s.SyncAsync(new[] { new { client_id = "d2:1", event_slug = "conf", public_id = paid.PublicId } }, s.Bearer(door2.Token));
        var otherResult = other!["redemption_attempts"]![0]!;
        Assert.Equal("conflict", otherResult.Value<string>("result"));
        Assert.Contains("by Door 1", otherResult.Value<string>("message"), StringComparison.Ordinal);
        Assert.Contains(scannedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), otherResult.Value<string>("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfflineSync_StoresEachResult_LinkedToItsOwnScanRecord()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var door = await s.DeviceAsync("Door 1");
        var a = await s.PaidTicketAsync();
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        var (status, body) = await s.SyncAsync(new object[]
        {
            new { client_id = "1", event_slug = "conf", public_id = a.PublicId },
            new { client_id = "2", event_slug = "conf", public_id = a.PublicId },
            new { client_id = "3", event_slug = "conf", public_id = unpaid.PublicId },
            new { client_id = "4", event_slug = "conf", public_id = "NOPE0000" },
        }, s.Bearer(door.Token));
        Assert.True(status == HttpStatusCode.OK, body.Compact());

        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var scanning = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Scanning.Persistence.ScanningDbContext>();
        var checkin = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Checkin.Persistence.CheckinDbContext>();
        var organizer = s.S.Organizer.Id;
        var rows = await scanning.OfflineRedemptions.AsNoTracking().Where(r => r.OrganizerId == organizer).OrderBy(r => r.ClientId).ToListAsync();
        var records = await scanning.ScanAttempts.AsNoTracking().Where(x => x.OrganizerId == organizer && x.Surface == "usetix_offline").ToDictionaryAsync(x => x.Id);
        Assert.Equal(["accepted", "conflict", "blocked", "not_found"], rows.Select(r => r.Result));
        Assert.Equal(body!["redemption_attempts"]!.AsArray().Select(r => r!.Value<string>("message")), rows.Select(r => r.Message));
        Assert.Equal([a.Id, a.Id, unpaid.Id, null], rows.Select(r => r.TicketId));
        Assert.Equal([true, false, false, false], rows.Select(r => r.AcceptedAt is not null));
        Assert.Equal(4, rows.Select(r => r.ScanAttemptId).Distinct().Count());

        // Each result names the scan record of its own attempt; the accepted one's record names its check-in.
        var linked = rows.Select(r => records[r.ScanAttemptId!.Value]).ToList();
        Assert.Equal([a.PublicId, a.PublicId, unpaid.PublicId, "NOPE0000"], linked.Select(x => x.Identifier));
        Assert.Equal(["ok", "already_redeemed", "unpaid", "not_found"], linked.Select(x => x.Result));
        var admitted = await checkin.Checkins.AsNoTracking().SingleAsync(c => c.TicketId == a.Id && c.Successful);
        Assert.Equal(admitted.Id, linked[0].CheckinId);
        Assert.Equal(door.Id, linked[0].DeviceId);
    }

    [Fact]
    public async Task OfflineSync_Replay_ReturnsStoredResults_AndCreatesNothing()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        var paid = await s.PaidTicketAsync();
        var batch = new[] { new { client_id = "a", event_slug = "conf", public_id = paid.PublicId } };
        var (_, first) = await s.SyncAsync(batch, s.Bearer(device.Token));
        Host.Clock.Advance(TimeSpan.FromMinutes(3));
        var (status, replay) = await s.SyncAsync(batch, s.Bearer(device.Token));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first.Compact(), replay.Compact());
        Assert.Equal("accepted", replay.Value<string>("redemption_attempts.0.result"));
        var (_, checkins) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/");
        Assert.Equal(1, checkins.Value<int>("results.0.checkin_count"));

        // The same client_id from another credential is a different attempt.
        var (_, fromApi) = await s.SyncAsync(batch);
        Assert.Equal("conflict", fromApi.Value<string>("redemption_attempts.0.result"));
    }

    [Fact]
    public async Task OfflineSync_DuplicatesUnknownUsedAndRepeats_DecidedInOrder_OneCheckinPerTicket_AndReplayWritesNothing()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var door = await s.DeviceAsync("Door 1");
        var a = await s.PaidTicketAsync();
        var b = await s.PaidTicketAsync();
        var used = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(used.PublicId)).Status);
        var firstScan = Host.Clock.GetUtcNow().AddMinutes(-2);
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        var batch = new object[]
        {
            new { client_id = "1", event_slug = "conf", public_id = a.PublicId, scanned_at = firstScan },
            new { client_id = "2", event_slug = "conf", public_id = b.PublicId },
            new { client_id = "3", event_slug = "conf", public_id = a.PublicId },
            new { client_id = "4", event_slug = "conf", public_id = "NOPE0000" },
            new { client_id = "5", event_slug = "conf", public_id = used.PublicId },
            new { client_id = "1", event_slug = "conf", public_id = a.PublicId, scanned_at = firstScan },
            new { client_id = "6", event_slug = "conf", public_id = b.PublicId },
        };

        var (status, body) = await s.SyncAsync(batch, s.Bearer(door.Token));
        Assert.True(status == HttpStatusCode.OK, body.Compact());
        var results = body!["redemption_attempts"]!.AsArray();
        Assert.Equal(["1", "2", "3", "4", "5", "1", "6"], results.Select(r => r!.Value<string>("client_id")));
        Assert.Equal(["accepted", "accepted", "conflict", "not_found", "conflict", "accepted", "conflict"], results.Select(r => r!.Value<string>("result")));
        Assert.Equal(results[0].Compact(), results[5].Compact());
        var when = firstScan.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Already redeemed at {when} by Door 1.", results[2]!.Value<string>("message"));
        Assert.Equal("Ticket not found.", results[3]!.Value<string>("message"));
        Assert.Null(results[3]!["ticket"]);
        Assert.StartsWith("Already redeemed at ", results[4]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.DoesNotContain("Door 1", results[4]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.Contains("by Door 1.", results[6]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.All(results.Where(r => r!.Value<string>("result") != "not_found"), r => Assert.True(r!.Value<bool>("ticket.redeemed")));

        async Task<(int[] Successful, int Failed, int Attempts, int Rows)> StoredAsync()
        {
            await using var scope = Host.Factory.Services.CreateAsyncScope();
            var checkin = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Checkin.Persistence.CheckinDbContext>();
            var scanning = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Scanning.Persistence.ScanningDbContext>();
            long[] ids = [a.Id, b.Id, used.Id];
            var successful = await checkin.Checkins.Where(c => c.Successful && ids.Contains(c.TicketId!.Value)).GroupBy(c => c.TicketId).Select(g => g.Count()).ToListAsync();
            var failed = await checkin.Checkins.CountAsync(c => !c.Successful && ids.Contains(c.TicketId!.Value));
            var attempts = await scanning.ScanAttempts.CountAsync(x => x.DeviceId != null && x.Surface == "usetix_offline");
            var rows = await scanning.OfflineRedemptions.CountAsync();
            return ([.. successful], failed, attempts, rows);
        }

        // One successful check-in per ticket; every attempt that reached the engine is on record there, and every
        // distinct attempt has its scan record and its result row.
        var stored = await StoredAsync();
        Assert.Equal([1, 1, 1], stored.Successful);
        Assert.Equal(3, stored.Failed);
        Assert.Equal(6, stored.Attempts);
        Assert.Equal(6, stored.Rows);

        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (again, replay) = await s.SyncAsync(batch, s.Bearer(door.Token));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(body.Compact(), replay.Compact());
        var afterReplay = await StoredAsync();
        Assert.Equal(stored.Successful, afterReplay.Successful);
        Assert.Equal((stored.Failed, stored.Attempts, stored.Rows), (afterReplay.Failed, afterReplay.Attempts, afterReplay.Rows));
    }

    [Fact]
    public async Task OfflineSync_BadBatches_Are400_AndWriteNothing()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var paid = await s.PaidTicketAsync();
        var tooMany = Enumerable.Range(0, 1001).Select(i => new { client_id = $"c{i}", event_slug = "conf", public_id = paid.PublicId }).ToArray();
        var (status, body) = await s.SyncAsync(tooMany);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1000", body.Value<string>("error"), StringComparison.Ordinal);

        var (missing, errors) = await s.SyncAsync(new object[]
        {
            new { client_id = "ok", event_slug = "conf", public_id = paid.PublicId },
            new { event_slug = "conf", public_id = "" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.NotNull(errors!["errors"]!["attempts[1].client_id"]);
        Assert.NotNull(errors["errors"]!["attempts[1].public_id"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await s.Bearer().PostJsonAsync("/scanner/redemption_attempts", new { attempts = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Bearer().PostJsonAsync("/scanner/redemption_attempts", Api.Raw("{"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Bearer().PostJsonAsync("/scanner/redemption_attempts.json", Api.Raw("[]"))).Status);
        Assert.False((await s.SnapshotTicketAsync(paid.PublicId)).Value<bool>("redeemed"));

        var (exactly, ok) = await s.SyncAsync(tooMany[..1000]);
        Assert.Equal(HttpStatusCode.OK, exactly);
        Assert.Equal(999, ok!["redemption_attempts"]!.AsArray().Count(r => r!.Value<string>("result") == "conflict"));
    }

    [Fact]
    public async Task NoScannerPayload_ContainsTheBuyersEmail()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var paid = await s.PaidTicketAsync();
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        var client = s.Bearer();
        var responses = new List<string>();
        async Task Get(string url) => responses.Add(await (await client.GetAsync(url)).Content.ReadAsStringAsync());
        async Task Post(string url, object body) => responses.Add(await (await client.PostAsync(url, Api.Json(body))).Content.ReadAsStringAsync());
        await Get("/scanner/me");
        await Get("/scanner/events");
        await Get("/scanner/events/conf/snapshot");
        await Get("/scanner/events/conf/tickets");
        await Get($"/scanner/events/conf/tickets?query={ScanningScenario.BuyerEmail}");
        await Get($"/scanner/tickets?query={ScanningScenario.BuyerEmail}");
        await Get($"/scanner/search?q={ScanningScenario.BuyerEmail}");
        await Get($"/scanner/tickets/{paid.PublicId}");
        await Post($"/scanner/events/conf/tickets/{paid.PublicId}/redemption", new { });
        await Post($"/scanner/tickets/{paid.PublicId}/redemption", new { });
        await Post($"/scanner/tickets/{unpaid.PublicId}/redemption", new { });
        await Post("/scanner/redemption_attempts", new { attempts = new[] { new { client_id = "x", event_slug = "conf", public_id = paid.PublicId } } });
        Assert.Equal(12, responses.Count);
        Assert.Contains(responses, r => r.Contains(paid.PublicId, StringComparison.Ordinal));
        Assert.All(responses, r => Assert.DoesNotContain("ada@", r, StringComparison.OrdinalIgnoreCase));
        Assert.All(responses, r => Assert.DoesNotContain("email", r, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Redemption_StatementBudget_TheScanRecordRidesWithTheCheckin()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        var first = await s.PaidTicketAsync();
        var second = await s.PaidTicketAsync();
        using var counter = new EventOps.Tests.Integration.Checkin.CommandCounter();
        await using var counted = counter.Attach(Host);
        using var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", device.Token);
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(first.PublicId, client)).Status);

        counter.Reset();
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(second.PublicId, client)).Status);

        // PostgreSQL: the ticket, then the check-in with the scan record in its statement. Elsewhere: the ticket, the list
        // and history, the check-in, the scan record.
        Assert.True(counter.Count == (Host.Provider == EventOps.Shared.Modules.DatabaseProvider.Postgres ? 2 : 4), string.Join("\n---\n", counter.Commands));

        // Either way the record is the admission's: its check-in, ticket, device and result; a refusal is recorded too.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await s.RedeemAsync(second.PublicId, client)).Status);
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var scanning = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Scanning.Persistence.ScanningDbContext>();
        var checkins = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Checkin.Persistence.CheckinDbContext>();
        var checkinId = await checkins.Checkins.Where(c => c.TicketId == second.Id && c.Successful).Select(c => c.Id).SingleAsync();
        var records = await scanning.ScanAttempts.AsNoTracking().Where(a => a.TicketId == second.Id).OrderBy(a => a.Id)
            .Select(a => new { a.Result, a.CheckinId, a.DeviceId, a.Identifier, a.Surface }).ToListAsync();
        Assert.Equal(
            [new { Result = "ok", CheckinId = (long?)checkinId, DeviceId = (long?)device.Id, Identifier = (string?)second.PublicId, Surface = "usetix" },
             new { Result = "already_redeemed", CheckinId = (long?)null, DeviceId = (long?)device.Id, Identifier = (string?)second.PublicId, Surface = "usetix" }],
            records);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class UsetixScannerSqliteTests(SqliteHost host) : UsetixScannerTests(host);

[Collection(PostgresCollection.Name)]
public sealed class UsetixScannerPostgresTests(PostgresHost host) : UsetixScannerTests(host);
