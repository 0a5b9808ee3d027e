using System.Net;
using System.Text.RegularExpressions;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>
/// Seed 004 snapshot ETags are version stamps, not hashes of the body: every kind of edit that changes a ticket as the
/// snapshot shows it must change the tag, or a scanner would keep stale tickets behind a 304. The clock never moves
/// here, so no edit can be seen through a newer timestamp alone.
/// </summary>
public abstract partial class SnapshotETagTests(HostFixture host) : HostTests(host)
{
    private const string Snapshot = "/scanner/events/conf/snapshot";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task ETag_ChangesWithEveryKindOfEdit_AndOnlyThen()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var tickets = new List<PaidTicket>();
        for (var i = 0; i < 8; i++)
        {
            tickets.Add(await s.PaidTicketAsync());
        }

        var scanner = s.Bearer();
        var actions = Host.Client();
        actions.DefaultRequestHeaders.Add("X-API-Key", s.S.Organizer.WriteToken);
        var etag = await CurrentETagAsync(scanner);

        async Task AssertChanges(string edit, Func<Task> act)
        {
            await act();
            var next = await CurrentETagAsync(scanner, stale: etag, edit);
            Assert.True(next != etag, $"{edit} left the snapshot ETag at {etag}");
            etag = next;
        }

        async Task Action(PaidTicket ticket, object body)
        {
            var (status, answer) = await actions.PatchJsonAsync($"/api/tickets/{ticket.SaleId}", body);
            Assert.True(status == HttpStatusCode.OK, answer.Compact());
        }

        await AssertChanges("a new sale", async () => tickets.Add(await s.PaidTicketAsync()));
        await AssertChanges("a holder name edit (seed 001)", () => Action(tickets[0], new { action = "mark_unused", name = "Grace Hopper" }));
        await AssertChanges("a holder name edit (admin)", () => EditHolderAsync(tickets[1].SaleId, "Katherine Johnson"));
        await AssertChanges("a void", async () => Assert.Equal(HttpStatusCode.Created, (await s.ShowpassAsync(tickets[2], "void")).Status));
        await AssertChanges("a refund", () => Action(tickets[3], new { action = "refund" }));
        await AssertChanges("a cancellation", () => Action(tickets[4], new { action = "cancel" }));
        await AssertChanges("mark unpaid", () => Action(tickets[5], new { action = "mark_unpaid" }));
        await AssertChanges("a deletion", () => Action(tickets[6], new { action = "delete" }));
        await AssertChanges("a check-in", async () => Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(tickets[7].PublicId)).Status));
        await AssertChanges("a revert", async () => Assert.Equal(HttpStatusCode.Created, (await s.ShowpassAsync(tickets[7], "return")).Status));
        await AssertChanges("mark used (seed 001)", () => Action(tickets[7], new { action = "mark_used" }));
        await AssertChanges("mark unused (seed 001)", () => Action(tickets[7], new { action = "mark_unused" }));
        await AssertChanges("an event rename", async () =>
        {
            var (status, body) = await s.S.Client.PatchJsonAsync($"{s.S.EventBase}/", new { name = "Conference Day" });
            Assert.True(status == HttpStatusCode.OK, body.Compact());
        });
        await AssertChanges("a new product", () => s.S.ItemAsync("Backstage", "10.00", true, 2));
    }

    [Fact]
    public async Task ETag_DependsOnTheScannersList()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        await s.PaidTicketAsync();
        var (status, list) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/checkinlists/", new { name = "VIP door", all_products = true });
        Assert.True(status == HttpStatusCode.Created, list.Compact());
        var device = await s.DeviceAsync("VIP door", "conf", list.Value<long>("id"));
        Assert.NotEqual(await CurrentETagAsync(s.Bearer()), await CurrentETagAsync(s.Bearer(device.Token)));
    }

    [Fact]
    public async Task ETag_ChangesWithDatesVariationsAndAdmission()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var f = await SeriesScenario.CreateAsync(s.S);
        await f.SellMixAsync();
        var snapshot = $"/scanner/events/{SeriesScenario.Slug}/snapshot";
        var scanner = s.Bearer();
        var etag = await CurrentETagAsync(scanner, snapshot: snapshot);

        async Task AssertChanges(string edit, HttpMethod method, string path, object body)
        {
            var (status, answer) = await s.S.Client.SendAsync(method, $"{f.EventBase}/{path}", body);
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"{edit}: {status} {answer.Compact()}");
            var next = await CurrentETagAsync(scanner, stale: etag, edit, snapshot);
            Assert.True(next != etag, $"{edit} left the snapshot ETag at {etag}");
            etag = next;
        }

        // Through the inventory API, as staff edit a series (a seat has no rename: the plan is uploaded and deleted).
        await AssertChanges("a variation rename", HttpMethod.Patch, $"items/{f.Pass}/variations/{f.Student}/", new { value = "Student (ID needed)" });
        await AssertChanges("a date rename", HttpMethod.Patch, $"subevents/{f.Day1}/", new { name = "Opening day" });
        await AssertChanges("a date that ends later", HttpMethod.Patch, $"subevents/{f.Day2}/", new { date_to = f.Day1Start.AddDays(3) });
        await AssertChanges("a date moved", HttpMethod.Patch, $"subevents/{f.Day2}/", new { date_from = f.Day1Start.AddDays(2) });
        await AssertChanges("a new date", HttpMethod.Post, "subevents/", new { name = "Day 3", date_from = f.Day1Start.AddDays(4) });
        await AssertChanges("a product's admission flag", HttpMethod.Patch, $"items/{f.Shirt}/", new { admission = true });
    }

    /// <summary>The snapshot's ETag, checked to be stable (a repeat answers 304) and, given a stale one, to answer 200.</summary>
    private static async Task<string> CurrentETagAsync(HttpClient client, string? stale = null, string? after = null, string snapshot = Snapshot)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, snapshot);
        if (stale is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", stale);
        }

        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"after {after ?? "nothing"}: {(int)response.StatusCode} to If-None-Match {stale}");
        var etag = response.Headers.ETag!.ToString();
        using var again = new HttpRequestMessage(HttpMethod.Get, snapshot);
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        return etag;
    }

    /// <summary>The buyer details form of the admin sale page, as staff submit it.</summary>
    private async Task EditHolderAsync(long saleId, string name)
    {
        var staff = Host.Client();
        await StaffLogin.LoginAsync(staff, "admin@example.com", TestStaff.AdminPassword);
        var page = await staff.GetStringAsync($"/Sales/Sale/{saleId}");
        var response = await staff.PostAsync($"/Sales/Sale/{saleId}?handler=Holder", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Holder.Name"] = name,
            ["Holder.Email"] = ScanningScenario.BuyerEmail,
            ["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SnapshotETagSqliteTests(SqliteHost host) : SnapshotETagTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SnapshotETagPostgresTests(PostgresHost host) : SnapshotETagTests(host);
