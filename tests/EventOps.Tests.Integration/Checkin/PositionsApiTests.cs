using System.Net;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>Seed 003: <c>positions/</c> of a list, every filter, ordering and pagination parameter, and retrieve by id or secret.</summary>
public abstract class PositionsApiTests(HostFixture host) : HostTests(host)
{
    private sealed record Data(CheckinScenario C, JsonNode Grace, JsonNode Alan, JsonNode Pending, JsonNode Refunded, long GraceTicket, long AlanTicket, long AlanShirt, long PendingTicket);

    private async Task<Data> ArrangeAsync()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        async Task<JsonNode> Order(string name, string email, string provider, params long[] items)
        {
            var (status, body) = await c.Client.PostJsonAsync($"{c.S.EventBase}/orders/", new
            {
                email,
                name,
                payment_provider = provider,
                positions = items.Select(i => new { item = i, attendee_name = name }).ToArray(),
            });
            Assert.True(status == HttpStatusCode.Created, body.Compact());
            return body!;
        }

        var grace = await Order("Grace Hopper", "grace@example.com", "cash", c.S.AdmissionItem);
        var alan = await Order("Alan Turing", "alan@example.com", "cash", c.S.DayPassItem, c.S.ShirtItem);

        // The fixture's clock cannot be turned back between tests, so Alan's sale is dated later in the database.
        var alanId = alan.Value<long>("id");
        var later = Host.Clock.GetUtcNow().AddMinutes(1);
        await Host.WithSalesAsync(db => db.Sales.Where(s => s.Id == alanId).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, later)));
        var pending = await Order("Barbara Liskov", "barbara@example.com", "manual", c.S.AdmissionItem);
        var refunded = await Order("Dennis Ritchie", "dennis@example.com", "cash", c.S.AdmissionItem);
        Assert.Equal(HttpStatusCode.OK, (await c.SaleActionAsync(refunded.Value<long>("id"), "refund")).Status);
        var graceTicket = grace.Value<long>("positions.0.id");
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, graceTicket), new { })).Status);
        return new Data(c, grace, alan, pending, refunded, graceTicket, alan.Value<long>("positions.0.id"), alan.Value<long>("positions.1.id"), pending.Value<long>("positions.0.id"));
    }

    private static List<long> Ids(JsonNode? page) => [.. page!["results"]!.AsArray().Select(r => r.Value<long>("id"))];

    private static async Task<List<long>> QueryAsync(CheckinScenario c, string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, body) = await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/positions/{query}");
        Assert.True(status == expected, $"{query}: {status} {body.Compact()}");
        return expected == HttpStatusCode.OK ? Ids(body) : [];
    }

    [Fact]
    public async Task List_ShowsPaidPositions_WithTheirCheckinsOnThisList()
    {
        var d = await ArrangeAsync();
        var other = await d.C.CreateListAsync(new { name = "Other" });
        Assert.Equal(HttpStatusCode.Created, (await d.C.Client.PostJsonAsync(d.C.Redeem(other, d.AlanTicket), new { })).Status);

        var (status, page) = await d.C.Client.GetJsonAsync($"{d.C.Lists}{d.C.DefaultListId}/positions/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, page.Value<int>("count"));

        // Default ordering attendee_name, positionid.
        Assert.Equal([d.AlanTicket, d.AlanShirt, d.GraceTicket], Ids(page));
        var grace = page!["results"]!.AsArray().Single(r => r.Value<long>("id") == d.GraceTicket)!;
        Assert.Equal(d.Grace.Value<string>("code"), grace.Value<string>("order"));
        Assert.Single(grace["checkins"]!.AsArray());
        Assert.Equal(d.C.DefaultListId, grace.Value<long>("checkins.0.list"));
        Assert.False(grace.Value<bool>("require_attention"));
        Assert.Equal(d.Grace.Value<string>("positions.0.public_id"), grace.Value<string>("pseudonymization_id"));
        Assert.Empty(grace["answers"]!.AsArray());
        Assert.Empty(grace["downloads"]!.AsArray());
        var alanShirt = page["results"]!.AsArray().Single(r => r.Value<long>("id") == d.AlanShirt)!;
        Assert.Equal(2, alanShirt.Value<int>("positionid"));

        // Check-ins on another list are not shown here.
        Assert.Empty(page["results"]!.AsArray().Single(r => r.Value<long>("id") == d.AlanTicket)!["checkins"]!.AsArray());
    }

    [Fact]
    public async Task Filters_NarrowTheList()
    {
        var d = await ArrangeAsync();
        var c = d.C;
        var graceCode = d.Grace.Value<string>("code");
        var graceSecret = d.Grace.Value<string>("positions.0.secret");
        Assert.Equal([d.GraceTicket], await QueryAsync(c, $"?order={graceCode}"));
        Assert.Equal([d.GraceTicket], await QueryAsync(c, "?search=hopper"));
        Assert.Equal([d.GraceTicket], await QueryAsync(c, $"?search={graceCode.ToLowerInvariant()}"));
        Assert.Equal([d.GraceTicket], await QueryAsync(c, $"?search={graceSecret[..8]}"));
        Assert.Equal([d.AlanTicket], await QueryAsync(c, $"?item={c.S.DayPassItem}"));
        Assert.Equal([d.AlanTicket, d.GraceTicket], await QueryAsync(c, $"?item__in={c.S.DayPassItem},{c.S.AdmissionItem}"));
        Assert.Equal([d.AlanTicket, d.AlanShirt], await QueryAsync(c, "?attendee_name=alan%20turing"));
        Assert.Equal([d.GraceTicket], await QueryAsync(c, $"?secret={graceSecret}"));
        Assert.Equal([d.GraceTicket], await QueryAsync(c, "?has_checkin=true"));
        Assert.Equal([d.AlanTicket, d.AlanShirt], await QueryAsync(c, "?has_checkin=false"));
        Assert.Equal(3, (await QueryAsync(c, "?order__status=p")).Count);
        Assert.Empty(await QueryAsync(c, "?order__status=n"));
        Assert.Equal([d.PendingTicket], await QueryAsync(c, "?ignore_status=true&order__status=n"));
        Assert.Equal(5, (await QueryAsync(c, "?ignore_status=true")).Count);
        Assert.Equal(2, (await QueryAsync(c, "?ignore_status=true&order__status__in=n,c")).Count);
        Assert.Equal(2, (await QueryAsync(c, "?ignore_status=true&order__status__in=pending,refunded")).Count);
        foreach (var nothing in new[] { "?variation=1", "?variation__in=1,2", "?subevent=1", "?subevent__in=1", "?addon_to=1", "?addon_to__in=1", "?voucher=1", "?voucher__code=ABC" })
        {
            Assert.Empty(await QueryAsync(c, nothing));
        }

        foreach (var bad in new[] { "?item=abc", "?item__in=1,x", "?has_checkin=maybe", "?order__status=z", "?order__status__in=p,zz", "?ignore_status=perhaps", "?subevent=x", "?variation=-" })
        {
            await QueryAsync(c, bad, HttpStatusCode.BadRequest);
        }

        await QueryAsync(c, "?page=0", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ordering_AndPagination()
    {
        var d = await ArrangeAsync();
        var c = d.C;
        Assert.Equal([d.GraceTicket, d.AlanTicket, d.AlanShirt], await QueryAsync(c, "?ordering=-attendee_name,positionid"));
        Assert.Equal([d.GraceTicket, d.AlanTicket, d.AlanShirt], await QueryAsync(c, "?ordering=order__datetime,positionid"));
        Assert.Equal([d.AlanShirt, d.AlanTicket, d.GraceTicket], await QueryAsync(c, "?ordering=-order__datetime,-positionid"));
        Assert.Equal([d.AlanTicket, d.AlanShirt, d.GraceTicket], await QueryAsync(c, "?ordering=order__email,positionid"));
        Assert.Equal([d.GraceTicket, d.AlanTicket, d.AlanShirt], await QueryAsync(c, "?ordering=-last_checked_in,positionid"));
        var byCode = string.CompareOrdinal(d.Grace.Value<string>("code"), d.Alan.Value<string>("code")) < 0
            ? new List<long> { d.GraceTicket, d.AlanTicket, d.AlanShirt }
            : [d.AlanTicket, d.AlanShirt, d.GraceTicket];
        Assert.Equal(byCode, await QueryAsync(c, "?ordering=order__code,positionid"));
        Assert.Equal([d.GraceTicket, d.AlanTicket, d.AlanShirt], await QueryAsync(c, "?ordering=positionid,-order__email"));

        // Unknown ordering fields are ignored (DRF), the default applies.
        Assert.Equal([d.AlanTicket, d.AlanShirt, d.GraceTicket], await QueryAsync(c, "?ordering=nonsense"));

        var (status, page) = await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/positions/?page_size=2&page=2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, page.Value<int>("count"));
        Assert.Equal([d.GraceTicket], Ids(page));
        Assert.Contains("page=1", page.Value<string>("previous"), StringComparison.Ordinal);
        Assert.Null(page!["next"]);
        var first = (await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/positions/?page_size=2")).Body;
        Assert.Contains("page=2", first.Value<string>("next"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrieve_ByIdOrSecret_AndWhatIsNotOnTheList()
    {
        var d = await ArrangeAsync();
        var c = d.C;
        var url = $"{c.Lists}{c.DefaultListId}/positions/";
        var (status, byId) = await c.Client.GetJsonAsync($"{url}{d.GraceTicket}/");
        Assert.Equal(HttpStatusCode.OK, status);
        var (secretStatus, bySecret) = await c.Client.GetJsonAsync($"{url}{d.Grace.Value<string>("positions.0.secret")}/");
        Assert.Equal(HttpStatusCode.OK, secretStatus);
        Assert.Equal(byId.Compact(), bySecret.Compact());
        Assert.Single(byId!["checkins"]!.AsArray());

        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{url}{d.PendingTicket}/")).Status);
        Assert.Equal(HttpStatusCode.OK, (await c.Client.GetJsonAsync($"{url}{d.PendingTicket}/?ignore_status=true")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{url}99999999/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{url}no-such-secret/")).Status);
        var passes = await c.CreateListAsync(new { name = "Passes", all_products = false, limit_products = new[] { c.S.DayPassItem } });
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{c.Lists}{passes}/positions/{d.GraceTicket}/")).Status);
        Assert.Equal([d.AlanTicket], Ids((await c.Client.GetJsonAsync($"{c.Lists}{passes}/positions/")).Body));

        var pendingList = await c.CreateListAsync(new { name = "Pending", include_pending = true });
        Assert.Equal(HttpStatusCode.OK, (await c.Client.GetJsonAsync($"{c.Lists}{pendingList}/positions/{d.PendingTicket}/")).Status);
        Assert.Equal(4, (await c.Client.GetJsonAsync($"{c.Lists}{pendingList}/positions/")).Body.Value<int>("count"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PositionsApiSqliteTests(SqliteHost host) : PositionsApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PositionsApiPostgresTests(PostgresHost host) : PositionsApiTests(host);
