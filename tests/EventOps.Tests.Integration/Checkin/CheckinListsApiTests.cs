using System.Net;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>Seed 003: check-in lists CRUD, <c>status/</c>, counts, auth and bad input.</summary>
public abstract class CheckinListsApiTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task NewEvent_HasDefaultList_WithEveryField()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (status, body) = await c.Client.GetJsonAsync(c.Lists);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.Value<int>("count"));
        Assert.Null(body!["next"]);
        Assert.Null(body["previous"]);
        var list = body["results"]![0]!;
        Assert.Equal("Default list", list.Value<string>("name"));
        Assert.True(list.Value<bool>("all_products"));
        Assert.Empty(list["limit_products"]!.AsArray());
        Assert.False(list.Value<bool>("include_pending"));
        Assert.Null(list["subevent"]);
        Assert.Empty(list["auto_checkin_sales_channels"]!.AsArray());
        Assert.Equal(0, list.Value<int>("checkin_count"));
        Assert.Equal(0, list.Value<int>("position_count"));
        Assert.False(list.Value<bool>("allow_multiple_entries"));
        Assert.True(list.Value<bool>("allow_entry_after_exit"));
    }

    [Fact]
    public async Task OpenApi_DescribesTheCheckinSurfaces()
    {
        var (status, document) = await Host.Client().GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var paths = document!["paths"]!.AsObject();
        const string lists = "/api/v1/organizers/{organizer}/events/{event}/checkinlists";
        foreach (var path in new[] { lists, $"{lists}/{{id}}", $"{lists}/{{id}}/status", $"{lists}/{{list}}/positions", $"{lists}/{{list}}/positions/{{id}}",
            $"{lists}/{{list}}/positions/{{id}}/redeem", "/api/v1/organizers/{organizer}/checkinrpc/redeem", "/api/v1/organizers/{organizer}/checkinrpc/search",
            "/api/v1/organizers/{organizer}/events/{event}/questions" })
        {
            Assert.True(paths.ContainsKey(path) || paths.ContainsKey(path + "/"), path);
        }

        var redeem = paths[$"{lists}/{{list}}/positions/{{id}}/redeem"] ?? paths[$"{lists}/{{list}}/positions/{{id}}/redeem/"];
        Assert.NotNull(redeem!["post"]!["requestBody"]);
    }

    [Fact]
    public async Task Create_Retrieve_Patch_Put_Delete()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (status, created) = await c.Client.PostJsonAsync(c.Lists, new
        {
            name = "VIP entry",
            all_products = false,
            limit_products = new[] { c.S.AdmissionItem, c.S.DayPassItem },
            subevent = (long?)null,
            auto_checkin_sales_channels = new[] { "pos" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created.Value<long>("id");
        Assert.Equal("VIP entry", created.Value<string>("name"));
        Assert.False(created.Value<bool>("all_products"));
        Assert.Equal([c.S.AdmissionItem, c.S.DayPassItem], created!["limit_products"]!.AsArray().Select(n => n!.GetValue<long>()).Order());
        Assert.Equal("pos", created.Value<string>("auto_checkin_sales_channels.0"));
        Assert.Equal(0, created.Value<int>("checkin_count"));
        Assert.Equal(0, created.Value<int>("position_count"));
        Assert.False(created.Value<bool>("include_pending"));

        var (getStatus, fetched) = await c.Client.GetJsonAsync($"{c.Lists}{id}/");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(created.Compact(), fetched.Compact());

        var (patchStatus, patched) = await c.Client.PatchJsonAsync($"{c.Lists}{id}/", new { name = "Backstage" });
        Assert.Equal(HttpStatusCode.OK, patchStatus);
        Assert.Equal("Backstage", patched.Value<string>("name"));
        Assert.False(patched.Value<bool>("all_products"));
        Assert.Equal(2, patched!["limit_products"]!.AsArray().Count);

        var (putStatus, put) = await c.Client.SendAsync(HttpMethod.Put, $"{c.Lists}{id}/", new { name = "Reset", include_pending = true });
        Assert.Equal(HttpStatusCode.OK, putStatus);
        Assert.True(put.Value<bool>("all_products"));
        Assert.Empty(put!["limit_products"]!.AsArray());
        Assert.Empty(put["auto_checkin_sales_channels"]!.AsArray());
        Assert.True(put.Value<bool>("include_pending"));

        var (listStatus, all) = await c.Client.GetJsonAsync(c.Lists);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal(2, all.Value<int>("count"));

        var (deleteStatus, _) = await c.Client.SendAsync(HttpMethod.Delete, $"{c.Lists}{id}/");
        Assert.Equal(HttpStatusCode.NoContent, deleteStatus);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.SendAsync(HttpMethod.Delete, $"{c.Lists}{id}/")).Status);
        Assert.Equal(1, (await c.Client.GetJsonAsync(c.Lists)).Body.Value<int>("count"));
    }

    [Fact]
    public async Task Delete_BySeedsSingularPath_Works_AndKeepsCheckins()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var id = await c.CreateListAsync(new { name = "Side door" });
        var (_, ticketId, _) = await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(id, ticketId), new { })).Status);

        var (status, _) = await c.Client.SendAsync(HttpMethod.Delete, $"{c.S.EventBase}/checkinlist/{id}/");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PostJsonAsync(c.Redeem(id, ticketId), new { })).Status);
        var kept = await c.WithCheckinAsync(db => Task.FromResult(db.Checkins.Count(x => x.ListId == id && x.Successful)));
        Assert.Equal(1, kept);
    }

    [Fact]
    public async Task Create_InvalidInput_Is400WithFieldErrors_AndWritesNothing()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var cases = new (object Body, string Field)[]
        {
            (new { all_products = true }, "name"),
            (new { name = "" }, "name"),
            (new { name = 5 }, "name"),
            (new { name = new string('x', 201) }, "name"),
            (new { name = "x", all_products = "yes" }, "all_products"),
            (new { name = "x", limit_products = new[] { 999_999 } }, "limit_products"),
            (new { name = "x", limit_products = "1" }, "limit_products"),
            (new { name = "x", limit_products = new object[] { "a" } }, "limit_products"),
            (new { name = "x", include_pending = 1 }, "include_pending"),
            (new { name = "x", subevent = 3 }, "subevent"),
            (new { name = "x", auto_checkin_sales_channels = new[] { "nope" } }, "auto_checkin_sales_channels"),
            (new { name = "x", auto_checkin_sales_channels = "pos" }, "auto_checkin_sales_channels"),
            (new { name = "x", allow_multiple_entries = "no" }, "allow_multiple_entries"),
            (new { name = "x", valid_from = "tomorrow" }, "valid_from"),
            (new { name = "x", valid_from = "2026-12-02T10:00:00Z", valid_until = "2026-12-01T10:00:00Z" }, "valid_until"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, errors) = await c.Client.PostJsonAsync(c.Lists, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{field}: {status} {errors.Compact()}");
            Assert.NotNull(errors![field]);
        }

        foreach (var raw in new[] { "{not json", "[1,2]", "\"text\"", "" })
        {
            var (status, errors) = await c.Client.PostJsonAsync(c.Lists, Api.Raw(raw));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotNull(errors!["non_field_errors"]);
        }

        var (patchStatus, patchErrors) = await c.Client.PatchJsonAsync($"{c.Lists}{c.DefaultListId}/", new { name = (string?)null });
        Assert.Equal(HttpStatusCode.BadRequest, patchStatus);
        Assert.NotNull(patchErrors!["name"]);
        Assert.Equal(1, (await c.Client.GetJsonAsync(c.Lists)).Body.Value<int>("count"));
        Assert.Equal("Default list", (await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/")).Body.Value<string>("name"));
    }

    [Fact]
    public async Task Auth_ReadTokenReads_WritesAre403_NoTokenIs401_ForeignOrganizerIs404()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var other = await CheckinScenario.CreateAsync(Host, "other");
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var read = Host.Client(c.S.Organizer.ReadToken);
        Assert.Equal(HttpStatusCode.OK, (await read.GetJsonAsync(c.Lists)).Status);
        Assert.Equal(HttpStatusCode.OK, (await read.GetJsonAsync($"{c.Lists}{c.DefaultListId}/status/")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.PostJsonAsync(c.Lists, new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.PatchJsonAsync($"{c.Lists}{c.DefaultListId}/", new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.SendAsync(HttpMethod.Delete, $"{c.Lists}{c.DefaultListId}/")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Status);

        var anonymous = Host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJsonAsync(c.Lists)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client("wrong-token").GetJsonAsync(c.Lists)).Status);

        // The other organizer's token on our paths, and our token on theirs: 404 as if missing.
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync(c.Lists)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{other.Lists}{other.DefaultListId}/")).Status);

        // Our organizer, another organizer's list id in our event's path.
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}{other.DefaultListId}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PostJsonAsync(c.Redeem(other.DefaultListId, ticketId), new { })).Status);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("99999999")]
    [InlineData("99999999999999999999999")]
    public async Task InvalidListIds_Are404(string id)
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}{id}/status/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}{id}/positions/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PatchJsonAsync($"{c.Lists}{id}/", new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PostJsonAsync($"{c.Lists}{id}/positions/{ticketId}/redeem/", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.S.Base}/events/nope/checkinlists/")).Status);
    }

    [Fact]
    public async Task List_PagesAndSubeventFilter()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        await c.CreateListAsync(new { name = "Second" });
        await c.CreateListAsync(new { name = "Third" });
        var (status, page) = await c.Client.GetJsonAsync($"{c.Lists}?page_size=2&page=2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, page.Value<int>("count"));
        Assert.Single(page!["results"]!.AsArray());
        Assert.Equal("Third", page.Value<string>("results.0.name"));
        Assert.NotNull(page["previous"]);
        Assert.Null(page["next"]);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}?page=0")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}?page=abc")).Status);
        Assert.Equal(0, (await c.Client.GetJsonAsync($"{c.Lists}?subevent=1")).Body.Value<int>("count"));
        var (bad, errors) = await c.Client.GetJsonAsync($"{c.Lists}?subevent=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(errors!["subevent"]);
    }

    [Fact]
    public async Task Counts_AndStatus_FollowEntriesExitsAndPending()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, first, _) = await c.PaidTicketAsync();
        var (_, second, _) = await c.PaidTicketAsync(item: c.S.DayPassItem);
        var shirt = (await c.S.OrderAsync("cash", "web", c.S.ShirtItem)).Value<long>("positions.0.id");
        var pending = (await c.S.OrderAsync("manual")).Value<long>("positions.0.id");
        var pendingList = await c.CreateListAsync(new { name = "Pending too", include_pending = true });

        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, first), new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, second), new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, second), new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, shirt), new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(pendingList, pending), new { ignore_unpaid = true })).Status);

        var list = (await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/")).Body;
        Assert.Equal(3, list.Value<int>("position_count"));
        Assert.Equal(3, list.Value<int>("checkin_count"));
        var other = (await c.Client.GetJsonAsync($"{c.Lists}{pendingList}/")).Body;
        Assert.Equal(4, other.Value<int>("position_count"));
        Assert.Equal(1, other.Value<int>("checkin_count"));

        var (status, body) = await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/status/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, body.Value<int>("checkin_count"));
        Assert.Equal(3, body.Value<int>("position_count"));
        Assert.Equal("Conference", body.Value<string>("event.name"));
        var items = body!["items"]!.AsArray();
        Assert.Equal(4, items.Count);
        JsonNode Item(long id) => items.Single(i => i.Value<long>("id") == id)!;
        Assert.Equal("General Admission", Item(c.S.AdmissionItem).Value<string>("name"));
        Assert.True(Item(c.S.AdmissionItem).Value<bool>("admission"));
        Assert.Equal(1, Item(c.S.AdmissionItem).Value<int>("position_count"));
        Assert.Equal(1, Item(c.S.AdmissionItem).Value<int>("checkin_count"));
        Assert.Equal(1, Item(c.S.DayPassItem).Value<int>("checkin_count"));
        Assert.False(Item(c.S.ShirtItem).Value<bool>("admission"));
        Assert.Equal(1, Item(c.S.ShirtItem).Value<int>("checkin_count"));
        Assert.Equal(0, Item(c.S.FreeItem).Value<int>("position_count"));
        Assert.Empty(Item(c.S.FreeItem)["variations"]!.AsArray());

        // An exit leaves the ticket checked in (it was admitted); a revert takes it back out of the count.
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, first), new { type = "exit" })).Status);
        await c.SendAsync(new EventOps.Shared.Contracts.Checkin.RevertCheckin(c.S.Organizer.Id, first, "tests", "tests", c.DefaultListId));
        Assert.Equal(2, (await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/status/")).Body.Value<int>("checkin_count"));

        var limited = await c.CreateListAsync(new { name = "Passes", all_products = false, limit_products = new[] { c.S.DayPassItem } });
        var limitedStatus = (await c.Client.GetJsonAsync($"{c.Lists}{limited}/status/")).Body;
        Assert.Single(limitedStatus!["items"]!.AsArray());
        Assert.Equal(1, limitedStatus.Value<int>("position_count"));
        Assert.Equal(0, limitedStatus.Value<int>("checkin_count"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CheckinListsApiSqliteTests(SqliteHost host) : CheckinListsApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CheckinListsApiPostgresTests(PostgresHost host) : CheckinListsApiTests(host);
