using System.Net;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>
/// Seed 003 on an event series (issue 13): lists bound to a date refuse other dates' tickets with reason
/// <c>product</c> and count only their date; positions carry variation, date, add-on parent and seat, and filter by
/// them; every product stays on an all-products list (a T-shirt is counted and can be picked up).
/// </summary>
public abstract class SeriesCheckinTests(HostFixture host) : HostTests(host)
{
    private static string Lists(SeriesScenario f) => $"{f.EventBase}/checkinlists/";

    private static async Task<(SeriesScenario F, long Day1List)> SeriesWithDay1ListAsync(HostFixture host)
    {
        var f = await SeriesScenario.CreateAsync(await Scenario.CreateAsync(host));
        var (status, list) = await f.S.Client.PostJsonAsync(Lists(f), new { name = "Day 1 gate", subevent = f.Day1 });
        Assert.True(status == HttpStatusCode.Created, list.Compact());
        Assert.Equal(f.Day1, list.Value<long>("subevent"));
        return (f, list.Value<long>("id"));
    }

    private static long Position(SeriesScenario f, JsonNode order, int index) => f.Mix(order, index).Value<long>("id");

    [Fact]
    public async Task ListOfOneDate_RefusesTicketsOfOtherDates_WithReasonProduct()
    {
        var (f, day1List) = await SeriesWithDay1ListAsync(Host);
        var order = await f.SellMixAsync();
        var seatedDay2 = Position(f, order, 2);

        var (refused, body) = await f.S.Client.PostJsonAsync($"{Lists(f)}{day1List}/positions/{f.Mix(order, 2).Value<string>("secret")}/redeem/", new { });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("error", body.Value<string>("status"));
        Assert.Equal("product", body.Value<string>("reason"));

        // Not even force admits another date's ticket (pretix: product is not a forcible reason).
        var (forced, forcedBody) = await f.S.Client.PostJsonAsync($"{Lists(f)}{day1List}/positions/{seatedDay2}/redeem/", new { force = true });
        Assert.Equal(HttpStatusCode.BadRequest, forced);
        Assert.Equal("product", forcedBody.Value<string>("reason"));

        var (admitted, ok) = await f.S.Client.PostJsonAsync($"{Lists(f)}{day1List}/positions/{Position(f, order, 0)}/redeem/", new { });
        Assert.True(admitted == HttpStatusCode.Created, ok.Compact());
        Assert.Equal("ok", ok.Value<string>("status"));
        Assert.Equal(f.Day1, ok.Value<long>("position.subevent"));

        // The event's default list holds every date, so the Day 2 ticket is admitted there.
        var (_, lists) = await f.S.Client.GetJsonAsync(Lists(f));
        var defaultList = lists!["results"]!.AsArray().Single(l => l!["subevent"] is null)!.Value<long>("id");
        var (other, otherBody) = await f.S.Client.PostJsonAsync($"{Lists(f)}{defaultList}/positions/{seatedDay2}/redeem/", new { });
        Assert.True(other == HttpStatusCode.Created, otherBody.Compact());
    }

    [Fact]
    public async Task ListNamingVariations_AdmitsOnlyThoseVariations_OfItsProducts()
    {
        var f = await SeriesScenario.CreateAsync(await Scenario.CreateAsync(Host));
        var (created, list) = await f.S.Client.PostJsonAsync(Lists(f), new { name = "Students' gate", all_products = false, limit_products = new[] { f.Pass }, limit_variations = new[] { f.Student } });
        Assert.True(created == HttpStatusCode.Created, list.Compact());
        Assert.Equal($"[{f.Student}]", list!["limit_variations"].Compact());
        var listId = list.Value<long>("id");

        var student = SeriesScenario.PositionOf(await f.SellAsync(new { item = f.Pass, variation = f.Student, subevent = f.Day1 }), f.Pass).Value<long>("id");
        var adult = SeriesScenario.PositionOf(await f.SellAsync(new { item = f.Pass, variation = f.Adult, subevent = f.Day1 }), f.Pass).Value<long>("id");
        var (refused, body) = await f.S.Client.PostJsonAsync($"{Lists(f)}{listId}/positions/{adult}/redeem/", new { });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("product", body.Value<string>("reason"));
        var (admitted, ok) = await f.S.Client.PostJsonAsync($"{Lists(f)}{listId}/positions/{student}/redeem/", new { });
        Assert.True(admitted == HttpStatusCode.Created, ok.Compact());
        var (_, status) = await f.S.Client.GetJsonAsync($"{Lists(f)}{listId}/");
        Assert.Equal(1, status.Value<int>("position_count"));

        // A variation of a product the list does not hold, or of no product at all, is refused; nothing changes.
        var (bad, badBody) = await f.S.Client.PatchJsonAsync($"{Lists(f)}{listId}/", new { limit_products = new[] { f.Shirt }, limit_variations = new[] { f.Student } });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(badBody!["limit_variations"]);
        Assert.Equal($"[{f.Student}]", (await f.S.Client.GetJsonAsync($"{Lists(f)}{listId}/")).Body!["limit_variations"].Compact());
    }

    [Fact]
    public async Task ListSubevent_MustBeADateOfTheListsEvent()
    {
        var (f, day1List) = await SeriesWithDay1ListAsync(Host);
        var (status, errors) = await f.S.Client.PostJsonAsync(Lists(f), new { name = "Nowhere", subevent = f.Day2 + 1000 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(errors!["subevent"]);

        // A date of another event does not exist for this one: the single event "conf" has no dates.
        var (other, otherErrors) = await f.S.Client.PostJsonAsync($"{f.S.EventBase}/checkinlists/", new { name = "Wrong event", subevent = f.Day1 });
        Assert.Equal(HttpStatusCode.BadRequest, other);
        Assert.Equal($"Invalid pk \"{f.Day1}\" - object does not exist.", otherErrors.Value<string>("subevent.0"));

        var (notNumber, _) = await f.S.Client.PostJsonAsync(Lists(f), new { name = "Text", subevent = "one" });
        Assert.Equal(HttpStatusCode.BadRequest, notNumber);

        var (patched, body) = await f.S.Client.PatchJsonAsync($"{Lists(f)}{day1List}/", new { subevent = f.Day2 });
        Assert.True(patched == HttpStatusCode.OK, body.Compact());
        Assert.Equal(f.Day2, body.Value<long>("subevent"));
        var (badPatch, _) = await f.S.Client.PatchJsonAsync($"{Lists(f)}{day1List}/", new { subevent = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, badPatch);
        Assert.Equal(f.Day2, (await f.S.Client.GetJsonAsync($"{Lists(f)}{day1List}/")).Body.Value<long>("subevent"));

        Assert.Equal(1, (await f.S.Client.GetJsonAsync($"{Lists(f)}?subevent={f.Day2}")).Body.Value<int>("count"));
        Assert.Equal(0, (await f.S.Client.GetJsonAsync($"{Lists(f)}?subevent={f.Day1}")).Body.Value<int>("count"));

        var (cleared, clearedBody) = await f.S.Client.PatchJsonAsync($"{Lists(f)}{day1List}/", new { subevent = (long?)null });
        Assert.Equal(HttpStatusCode.OK, cleared);
        Assert.Null(clearedBody!["subevent"]);
    }

    [Fact]
    public async Task ListOfOneDate_CountsOnlyThatDatesTickets_InStatusAndPositions()
    {
        var (f, day1List) = await SeriesWithDay1ListAsync(Host);
        var order = await f.SellMixAsync();
        await f.SellAsync(new { item = f.Pass, variation = f.Adult, subevent = f.Day2, attendee_name = "Day Two" });
        var (redeemed, answer) = await f.S.Client.PostJsonAsync($"{Lists(f)}{day1List}/positions/{Position(f, order, 1)}/redeem/", new { });
        Assert.True(redeemed == HttpStatusCode.Created, answer.Compact());

        // Day 1: the Student pass and its T-shirt add-on; the T-shirt (no admission) is counted and checked in.
        var (_, list) = await f.S.Client.GetJsonAsync($"{Lists(f)}{day1List}/");
        Assert.Equal(2, list.Value<int>("position_count"));
        Assert.Equal(1, list.Value<int>("checkin_count"));

        var (status, body) = await f.S.Client.GetJsonAsync($"{Lists(f)}{day1List}/status/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.Value<int>("position_count"));
        Assert.Equal(1, body.Value<int>("checkin_count"));
        var items = body!["items"]!.AsArray();
        var pass = items.Single(i => i!.Value<long>("id") == f.Pass)!;
        Assert.Equal(1, pass.Value<int>("position_count"));
        Assert.Equal(["Adult", "Student"], pass["variations"]!.AsArray().Select(v => v!.Value<string>("value")));
        Assert.Equal(0, pass.Value<int>("variations.0.position_count"));
        Assert.Equal(1, pass.Value<int>("variations.1.position_count"));
        var shirt = items.Single(i => i!.Value<long>("id") == f.Shirt)!;
        Assert.False(shirt.Value<bool>("admission"));
        Assert.Equal(1, shirt.Value<int>("position_count"));
        Assert.Equal(1, shirt.Value<int>("checkin_count"));
        Assert.Equal(0, items.Single(i => i!.Value<long>("id") == f.Seated)!.Value<int>("position_count"));

        var (_, positions) = await f.S.Client.GetJsonAsync($"{Lists(f)}{day1List}/positions/");
        Assert.Equal(2, positions.Value<int>("count"));
        Assert.All(positions!["results"]!.AsArray(), p => Assert.Equal(f.Day1, p!.Value<long>("subevent")));
        var (missing, _) = await f.S.Client.GetJsonAsync($"{Lists(f)}{day1List}/positions/{Position(f, order, 2)}/");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task Positions_CarryVariationDateAddonParentAndSeat()
    {
        var f = await SeriesScenario.CreateAsync(await Scenario.CreateAsync(Host));
        var order = await f.SellMixAsync();
        var (pass, shirt, seated) = (Position(f, order, 0), Position(f, order, 1), Position(f, order, 2));
        var (_, lists) = await f.S.Client.GetJsonAsync(Lists(f));
        var list = lists.Value<long>("results.0.id");

        var (status, p) = await f.S.Client.GetJsonAsync($"{Lists(f)}{list}/positions/{pass}/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(f.Student, p.Value<long>("variation"));
        Assert.Equal(f.Day1, p.Value<long>("subevent"));
        Assert.Null(p!["addon_to"]);
        Assert.Null(p["seat"]);
        Assert.Equal("25.00", p.Value<string>("price"));

        var (_, addon) = await f.S.Client.GetJsonAsync($"{Lists(f)}{list}/positions/{shirt}/");
        Assert.Equal(pass, addon.Value<long>("addon_to"));
        Assert.Equal(f.Day1, addon.Value<long>("subevent"));
        Assert.Null(addon!["variation"]);

        // seed 003: an empty attendee name falls back to the parent position's.
        Assert.Equal("Grace Hopper", addon.Value<string>("attendee_name"));

        var (_, seat) = await f.S.Client.GetJsonAsync($"{Lists(f)}{list}/positions/{seated}/");
        Assert.Equal(f.Day2, seat.Value<long>("subevent"));
        Assert.Equal(f.SeatA1, seat.Value<long>("seat.id"));
        Assert.Equal(SeriesScenario.SeatA1Name, seat.Value<string>("seat.name"));
        Assert.Equal(SeriesScenario.SeatA1Guid, seat.Value<string>("seat.seat_guid"));
        Assert.Equal(["id", "name", "seat_guid"], seat!["seat"]!.AsObject().Select(x => x.Key).Order());

        // The redeem answer's position carries the same.
        var (_, redeemed) = await f.S.Client.PostJsonAsync($"{Lists(f)}{list}/positions/{seated}/redeem/", new { });
        Assert.Equal(SeriesScenario.SeatA1Guid, redeemed.Value<string>("position.seat.seat_guid"));
        Assert.Equal(f.Day2, redeemed.Value<long>("position.subevent"));
    }

    [Fact]
    public async Task Positions_FilterByVariationDateAndAddonParent()
    {
        var f = await SeriesScenario.CreateAsync(await Scenario.CreateAsync(Host));
        var order = await f.SellMixAsync();
        var (pass, shirt, seated) = (Position(f, order, 0), Position(f, order, 1), Position(f, order, 2));
        var adultDay2 = SeriesScenario.PositionOf(await f.SellAsync(new { item = f.Pass, variation = f.Adult, subevent = f.Day2, attendee_name = "Day Two" }), f.Pass).Value<long>("id");
        var (_, lists) = await f.S.Client.GetJsonAsync(Lists(f));
        var url = $"{Lists(f)}{lists.Value<long>("results.0.id")}/positions/";

        async Task<List<long>> IdsAsync(string query)
        {
            var (status, body) = await f.S.Client.GetJsonAsync(url + query);
            Assert.True(status == HttpStatusCode.OK, $"{query}: {body.Compact()}");
            return [.. body!["results"]!.AsArray().Select(r => r!.Value<long>("id")).Order()];
        }

        async Task ExpectAsync(string query, params long[] expected) => Assert.Equal(expected.Order(), await IdsAsync(query));

        await ExpectAsync(string.Empty, pass, shirt, seated, adultDay2);
        await ExpectAsync($"?variation={f.Student}", pass);
        await ExpectAsync($"?variation__in={f.Student},{f.Adult}", pass, adultDay2);
        await ExpectAsync($"?subevent={f.Day1}", pass, shirt);
        await ExpectAsync($"?subevent__in={f.Day2}", seated, adultDay2);
        await ExpectAsync($"?subevent__in={f.Day1},{f.Day2}", pass, shirt, seated, adultDay2);
        await ExpectAsync($"?addon_to={pass}", shirt);
        await ExpectAsync($"?addon_to__in={pass},{seated}", shirt);
        Assert.Empty(await IdsAsync($"?addon_to={seated}"));
        await ExpectAsync($"?subevent={f.Day2}&variation={f.Adult}", adultDay2);

        // pretix: filtering by the attendee's name also finds the add-ons that belong to that attendee.
        await ExpectAsync("?attendee_name=Grace%20Hopper", pass, shirt);

        foreach (var bad in new[] { "?variation=x", "?variation__in=1,x", "?subevent=-1", "?subevent__in=a", "?addon_to=1.5", "?addon_to__in=,x" })
        {
            var (status, body) = await f.S.Client.GetJsonAsync(url + bad);
            Assert.True(status == HttpStatusCode.BadRequest, $"{bad}: {(int)status} {body.Compact()}");
        }
    }

    [Fact]
    public async Task CheckinRpc_GivenAListPerDate_RedeemsOnTheTicketsDate()
    {
        var (f, day1List) = await SeriesWithDay1ListAsync(Host);
        var (_, day2) = await f.S.Client.PostJsonAsync(Lists(f), new { name = "Day 2 gate", subevent = f.Day2 });
        var day2List = day2.Value<long>("id");
        var order = await f.SellMixAsync();
        var url = $"{f.S.Base}/checkinrpc/redeem/";

        var (status, body) = await f.S.Client.PostJsonAsync(url, new { secret = f.Mix(order, 2).Value<string>("secret"), lists = new[] { day1List, day2List } });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        Assert.Equal(day2List, body.Value<long>("list.id"));
        Assert.Equal(f.Day2, body.Value<long>("list.subevent"));

        // Only another date's list given: refused with pretix's reason.
        var (refused, error) = await f.S.Client.PostJsonAsync(url, new { secret = f.Mix(order, 0).Value<string>("secret"), lists = new[] { day2List } });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("product", error.Value<string>("reason"));
    }

    [Fact]
    public async Task AutoCheckin_OnAListOfOneDate_ChecksInOnlyThatDatesTickets()
    {
        var f = await SeriesScenario.CreateAsync(await Scenario.CreateAsync(Host));
        var (created, list) = await f.S.Client.PostJsonAsync(Lists(f), new { name = "Day 2 box office", subevent = f.Day2, auto_checkin_sales_channels = new[] { "web" } });
        Assert.True(created == HttpStatusCode.Created, list.Compact());
        var order = await f.SellMixAsync();
        using var scope = Host.Factory.Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Checkin.AutoCheckin.AutoCheckinJob>();

        // The seated Day 2 ticket only: the Day 1 pass is another date's, the T-shirt has no admission.
        Assert.Equal(1, await job.RunAsync(f.S.Organizer.Id, f.EventId, order.Value<long>("id"), CancellationToken.None));
        var (_, positions) = await f.S.Client.GetJsonAsync($"{Lists(f)}{list.Value<long>("id")}/positions/?has_checkin=true");
        Assert.Equal([Position(f, order, 2)], positions!["results"]!.AsArray().Select(p => p!.Value<long>("id")));
    }

    [Fact]
    public async Task AllProductsList_KeepsProductsWithoutAdmission_ForPickUp()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, shirt, _) = await c.PaidTicketAsync(item: c.S.ShirtItem);
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, shirt), new { });
        Assert.True(status == HttpStatusCode.Created, body.Compact());
        Assert.Equal("ok", body.Value<string>("status"));
        var (_, list) = await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/status/");
        Assert.Equal(1, list.Value<int>("checkin_count"));
        Assert.Equal(1, list.Value<int>("position_count"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesCheckinSqliteTests(SqliteHost host) : SeriesCheckinTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SeriesCheckinPostgresTests(PostgresHost host) : SeriesCheckinTests(host);
