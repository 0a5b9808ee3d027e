using System.Net;
using System.Net.Http.Headers;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>The organizer-level <c>/checkinrpc/</c> surface (CONTRACT.md), and the no-N+1 budget of the list endpoints.</summary>
public abstract class CheckinRpcTests(HostFixture host) : HostTests(host)
{
    private static async Task<(long ListId, long TicketId, string Secret)> SecondEventAsync(CheckinScenario c)
    {
        var (status, _) = await c.Client.PostJsonAsync($"{c.S.Base}/events/", new { slug = "night", name = "Night", date_from = DateTimeOffset.UtcNow.AddDays(30) });
        Assert.Equal(HttpStatusCode.Created, status);
        var item = (await c.Client.PostJsonAsync($"{c.S.Base}/events/night/items/", new { name = "Ticket", default_price = "5.00", admission = true })).Body.Value<long>("id");
        var order = (await c.Client.PostJsonAsync($"{c.S.Base}/events/night/orders/", new { payment_provider = "cash", positions = new[] { new { item, attendee_name = "Linus" } } })).Body;
        var list = (await c.Client.GetJsonAsync($"{c.S.Base}/events/night/checkinlists/")).Body.Value<long>("results.0.id");
        return (list, order.Value<long>("positions.0.id"), order.Value<string>("positions.0.secret"));
    }

    [Fact]
    public async Task Redeem_PicksTheListOfTheTicketsEvent_AndAnswersLikeTheListRedeem()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (nightList, nightTicket, nightSecret) = await SecondEventAsync(c);
        var (_, ticketId, secret) = await c.PaidTicketAsync();
        var url = $"{c.S.Base}/checkinrpc/redeem/";

        var (status, body) = await c.Client.PostJsonAsync(url, new { secret, lists = new[] { nightList, c.DefaultListId }, source_type = "barcode", nonce = "x1" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("ok", body.Value<string>("status"));
        Assert.Equal(ticketId, body.Value<long>("position.id"));
        Assert.Equal(c.DefaultListId, body.Value<long>("list.id"));
        Assert.Equal("conf", body.Value<string>("list.event"));
        Assert.Equal(c.DefaultListId, body.Value<long>("position.checkins.0.list"));

        var (nightStatus, night) = await c.Client.PostJsonAsync(url, new { secret = nightSecret, lists = new[] { nightList, c.DefaultListId } });
        Assert.Equal(HttpStatusCode.Created, nightStatus);
        Assert.Equal(nightList, night.Value<long>("list.id"));
        Assert.Equal(nightTicket, night.Value<long>("position.id"));

        var (again, againBody) = await c.Client.PostJsonAsync(url, new { secret, lists = new[] { c.DefaultListId } });
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("already_redeemed", againBody.Value<string>("reason"));
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(url, new { secret, lists = new[] { c.DefaultListId }, nonce = "x1" })).Status);

        // Unknown, or of an event none of the lists belongs to: 404 invalid, and the attempt is recorded.
        var (unknown, unknownBody) = await c.Client.PostJsonAsync(url, new { secret = "nope", lists = new[] { c.DefaultListId } });
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal("invalid", unknownBody.Value<string>("reason"));
        Assert.Equal(c.DefaultListId, unknownBody.Value<long>("list.id"));
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PostJsonAsync(url, new { secret = nightSecret, lists = new[] { c.DefaultListId } })).Status);
        Assert.Equal(2, await c.WithCheckinAsync(db => Task.FromResult(db.Checkins.Count(x => x.ErrorReason == "invalid"))));
    }

    [Fact]
    public async Task Redeem_BadInput_Is400_ReadTokenIs403_ForeignListIs400()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var other = await CheckinScenario.CreateAsync(Host, "other");
        var (_, _, secret) = await c.PaidTicketAsync();
        var url = $"{c.S.Base}/checkinrpc/redeem/";
        var cases = new (object Body, string Field)[]
        {
            (new { lists = new[] { c.DefaultListId } }, "secret"),
            (new { secret }, "lists"),
            (new { secret, lists = Array.Empty<long>() }, "lists"),
            (new { secret, lists = "1" }, "lists"),
            (new { secret, lists = new object[] { "a" } }, "lists"),
            (new { secret, lists = new[] { other.DefaultListId } }, "lists"),
            (new { secret, lists = new[] { 99_999_999 } }, "lists"),
            (new { secret, lists = new[] { c.DefaultListId }, force = "no" }, "force"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, errors) = await c.Client.PostJsonAsync(url, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{field}: {status} {errors.Compact()}");
            Assert.NotNull(errors![field]);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await c.Client.PostJsonAsync(url, Api.Raw(""))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.Client.PostJsonAsync(url, Api.Raw("[]"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.Client(c.S.Organizer.ReadToken).PostJsonAsync(url, new { secret, lists = new[] { c.DefaultListId } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostJsonAsync(url, new { secret, lists = new[] { c.DefaultListId } })).Status);
        Assert.Equal(0, await c.WithCheckinAsync(db => Task.FromResult(db.Checkins.Count())));
    }

    [Fact]
    public async Task Search_AcrossLists_WithThePositionsFilters()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (nightList, nightTicket, _) = await SecondEventAsync(c);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var url = $"{c.S.Base}/checkinrpc/search/";

        var (status, page) = await c.Client.GetJsonAsync($"{url}?list={c.DefaultListId}&list={nightList}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, page.Value<int>("count"));
        var (_, linus) = await c.Client.GetJsonAsync($"{url}?list={c.DefaultListId}&list={nightList}&search=linus");
        Assert.Equal(nightTicket, linus.Value<long>("results.0.id"));
        Assert.Equal(1, linus.Value<int>("count"));
        Assert.Equal(ticketId, (await c.Client.GetJsonAsync($"{url}?list={c.DefaultListId}")).Body.Value<long>("results.0.id"));

        Assert.Equal(HttpStatusCode.BadRequest, (await c.Client.GetJsonAsync(url)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.Client.GetJsonAsync($"{url}?list=abc")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.Client.GetJsonAsync($"{url}?list=99999999")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.Client.GetJsonAsync($"{url}?list={c.DefaultListId}&has_checkin=perhaps")).Status);
    }

    [Fact]
    public async Task ListEndpoints_QueryCount_DoesNotGrowWithThePage()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var counter = new CommandCounter();

        await using var counted = counter.Attach(Host);
        using var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", c.S.Organizer.WriteToken);
        var urls = new[] { $"{c.Lists}{c.DefaultListId}/positions/", c.Lists, $"{c.Lists}{c.DefaultListId}/status/", $"{c.S.EventBase}/orders/" };

        async Task<int[]> CountAsync()
        {
            var counts = new List<int>();
            foreach (var url in urls)
            {
                await client.GetJsonAsync(url);
                counter.Reset();
                Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync(url)).Status);
                counts.Add(counter.Count);
            }

            return [.. counts];
        }

        var (_, first, _) = await c.PaidTicketAsync();
        await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, first), new { });
        var few = await CountAsync();
        for (var i = 0; i < 6; i++)
        {
            var (_, ticket, _) = await c.PaidTicketAsync();
            await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticket), new { });
            await c.CreateListAsync(new { name = $"List {i}" });
        }

        Assert.Equal(few, await CountAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CheckinRpcSqliteTests(SqliteHost host) : CheckinRpcTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CheckinRpcPostgresTests(PostgresHost host) : CheckinRpcTests(host);
