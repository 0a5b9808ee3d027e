using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>
/// The admin's door figures (live page, list counts) count admission products only, as pretix's dashboard does, while
/// the check-in lists API keeps counting every product (seed 003); on a series the live page counts one date at a time.
/// </summary>
public abstract partial class DoorFiguresTests(HostFixture host) : HostTests(host)
{
    [GeneratedRegex("data-list-id=\"(\\d+)\">.*?data-testid=\"live-checked-in\">(\\d+)</strong> / <span data-testid=\"live-expected\">(\\d+)</span>.*?data-testid=\"live-entries\">(\\d+)<", RegexOptions.Singleline)]
    private static partial Regex LiveCard();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task AdminListForm_BindsAListToADate_AndRefusesADateOfAnotherEvent()
    {
        var f = await SeriesScenario.CreateAsync(await Scenario.CreateAsync(Host));
        var staff = await StaffAsync();
        var form = await staff.GetStringAsync($"/Checkin/List?eventId={f.EventId}");
        Assert.Contains($"<option value=\"{f.Day2}\">Day 2", form, StringComparison.Ordinal);

        Task<HttpResponseMessage> PostAsync(string name, long date) => staff.PostAsync($"/Checkin/List?eventId={f.EventId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.AllProducts"] = "true",
            ["Input.SubEventId"] = date.ToString(CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value,
        }));

        var refused = await PostAsync("Elsewhere", f.Day2 + 1000);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The chosen date does not belong to this event.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("Day 2 gate", f.Day2)).StatusCode);
        var (_, lists) = await f.S.Client.GetJsonAsync($"{f.EventBase}/checkinlists/?subevent={f.Day2}");
        Assert.Equal(1, lists.Value<int>("count"));
        Assert.Equal("Day 2 gate", lists.Value<string>("results.0.name"));
        Assert.Equal(2, (await f.S.Client.GetJsonAsync($"{f.EventBase}/checkinlists/")).Body.Value<int>("count"));
    }

    [Fact]
    public async Task AdminListForm_NamesVariations_OfItsProductsOnly()
    {
        var f = await SeriesScenario.CreateAsync(await Scenario.CreateAsync(Host));
        var staff = await StaffAsync();
        var form = await staff.GetStringAsync($"/Checkin/List?eventId={f.EventId}");
        Assert.Contains($"name=\"Input.Variations\" value=\"{f.Student}\"", form, StringComparison.Ordinal);

        Task<HttpResponseMessage> PostAsync(string name, long product, long variation) => staff.PostAsync($"/Checkin/List?eventId={f.EventId}", new FormUrlEncodedContent(
        [
            new("Input.Name", name), new("Input.AllProducts", "false"), new("Input.Products", product.ToString(CultureInfo.InvariantCulture)),
            new("Input.Variations", variation.ToString(CultureInfo.InvariantCulture)), new("__RequestVerificationToken", AntiforgeryField().Match(form).Groups[1].Value),
        ]));

        var refused = await PostAsync("Shirts by variation", f.Shirt, f.Student);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Tick variations only of products the list holds.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await f.S.Client.GetJsonAsync($"{f.EventBase}/checkinlists/")).Body.Value<int>("count"));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("Students", f.Pass, f.Student)).StatusCode);
        var (_, lists) = await f.S.Client.GetJsonAsync($"{f.EventBase}/checkinlists/");
        var students = lists!["results"]!.AsArray().Single(l => l.Value<string>("name") == "Students");
        Assert.Equal($"[{f.Student}]", students!["limit_variations"].Compact());
    }

    private async Task<HttpClient> StaffAsync()
    {
        var staff = Host.Client();
        await StaffLogin.LoginAsync(staff, "admin@example.com", TestStaff.AdminPassword);
        return staff;
    }

    /// <summary>Per list id: checked in, expected, entries in the chart's window, as the live page's fragment shows them.</summary>
    private static async Task<Dictionary<long, (int CheckedIn, int Expected, int Entries)>> LiveAsync(HttpClient staff, string query)
    {
        var response = await staff.GetAsync($"/Checkin/Live?handler=Fragment&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        int N(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);
        return LiveCard().Matches(html).ToDictionary(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => (N(m.Groups[2]), N(m.Groups[3]), N(m.Groups[4])));
    }

    [Fact]
    public async Task LivePage_CountsAdmissionProductsOnly_WhileTheListsApiCountsEveryProduct()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticket, _) = await c.PaidTicketAsync();
        var (_, shirt, _) = await c.PaidTicketAsync(item: c.S.ShirtItem);
        await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticket), new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, shirt), new { })).Status);

        var (_, list) = await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/");
        Assert.Equal(3, list.Value<int>("position_count"));
        Assert.Equal(2, list.Value<int>("checkin_count"));

        var (_, events) = await c.Client.GetJsonAsync($"{c.S.Base}/events/");
        var eventId = events.Value<long>("results.0.id");
        var live = await LiveAsync(await StaffAsync(), $"eventId={eventId}");
        Assert.Equal((1, 2, 1), live[c.DefaultListId]);

        var lists = await (await StaffAsync()).GetStringAsync($"/Checkin/Lists?eventId={eventId}");
        Assert.Contains("<strong>1</strong> / 2", lists, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LivePage_OfASeries_CountsOneDateAtATime()
    {
        var f = await SeriesScenario.CreateAsync(await Scenario.CreateAsync(Host));
        var order = await f.SellMixAsync();
        var lists = $"{f.EventBase}/checkinlists/";
        var (_, all) = await f.S.Client.GetJsonAsync(lists);
        var defaultList = all.Value<long>("results.0.id");
        var (_, day2) = await f.S.Client.PostJsonAsync(lists, new { name = "Day 2 gate", subevent = f.Day2 });
        var day2List = day2.Value<long>("id");
        var pass = f.Mix(order, 0).Value<long>("id");
        Assert.Equal(HttpStatusCode.Created, (await f.S.Client.PostJsonAsync($"{lists}{defaultList}/positions/{pass}/redeem/", new { })).Status);

        var staff = await StaffAsync();

        // Every date: the pass (admitted) and the seated ticket; the T-shirt add-on is no one at the door.
        var every = await LiveAsync(staff, $"eventId={f.EventId}");
        Assert.Equal((1, 2, 1), every[defaultList]);
        Assert.Equal((0, 1, 0), every[day2List]);

        var first = await LiveAsync(staff, $"eventId={f.EventId}&subEventId={f.Day1}");
        Assert.Equal((1, 1, 1), first[defaultList]);
        Assert.False(first.ContainsKey(day2List));

        var second = await LiveAsync(staff, $"eventId={f.EventId}&subEventId={f.Day2}");
        Assert.Equal((0, 1, 0), second[defaultList]);
        Assert.Equal((0, 1, 0), second[day2List]);

        // The page offers the dates and names the chosen one.
        var page = await staff.GetStringAsync($"/Checkin/Live?eventId={f.EventId}&subEventId={f.Day2}");
        Assert.Contains("data-testid=\"live-date\"", page, StringComparison.Ordinal);
        Assert.Matches($"<option value=\"{f.Day2}\" selected=\"selected\">Day 2", page);
        Assert.Contains($"subEventId={f.Day2}", page, StringComparison.Ordinal);

        // A date of another event is no date here: every date is counted.
        Assert.Equal((1, 2, 1), (await LiveAsync(staff, $"eventId={f.EventId}&subEventId=999999"))[defaultList]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DoorFiguresSqliteTests(SqliteHost host) : DoorFiguresTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DoorFiguresPostgresTests(PostgresHost host) : DoorFiguresTests(host);
