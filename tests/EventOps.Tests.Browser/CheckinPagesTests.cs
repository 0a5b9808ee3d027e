using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventOps.Tests.Browser;

/// <summary>The check-in pages (Checkin area) and the door's list picker, in a real browser; run once per database kind.</summary>
public abstract partial class CheckinPagesTests(AdminHost host) : IAsyncLifetime
{
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        page = await host.NewPageAsync();
    }

    public async Task DisposeAsync() => await page.Context.CloseAsync();

    [Fact]
    public async Task CheckinList_CreateWithValidationThenEdit_ShowsTheSettingsAndCounts()
    {
        var name = "Gate " + Guid.NewGuid().ToString("N")[..6];
        await LoginAsync();
        await page.GotoAsync("/Checkin/Lists");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demo Conference" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("list-row").First).ToContainTextAsync("Default list");
        await Expect(page.GetByTestId("list-counts").First).ToHaveTextAsync(CountsPattern());
        await host.ScreenshotAsync(page, "checkin-lists");

        await page.GetByRole(AriaRole.Link, new() { Name = "New list" }).ClickAsync();
        await page.GetByLabel("All products").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create list" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.Name']")).ToHaveTextAsync("Give the list a name.");
        await Expect(page.Locator("[data-valmsg-for='Input.Products']")).ToContainTextAsync("Choose at least one product");

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Day Pass").CheckAsync();
        await page.GetByLabel("Allow multiple entries").CheckAsync();
        await page.GetByLabel("pos", new() { Exact = true }).CheckAsync();
        await host.ScreenshotAsync(page, "checkin-list-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create list" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Check-in list {name} created.");
        var row = page.GetByTestId("list-row").Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("Day Pass");
        await Expect(row).ToContainTextAsync("multiple entries");
        await Expect(row).ToContainTextAsync("auto: pos");
        await Expect(row.GetByTestId("list-counts")).ToHaveTextAsync(CountsPattern());

        await row.GetByRole(AriaRole.Link, new() { Name = $"Edit {name}" }).ClickAsync();
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync(name);
        await Expect(page.GetByLabel("Day Pass")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("All products")).Not.ToBeCheckedAsync();
        await page.GetByLabel("Name").FillAsync(name + " renamed");
        await page.GetByLabel("Include pending (unpaid) sales").CheckAsync();
        await page.GetByLabel("Allow multiple entries").UncheckAsync();
        await host.ScreenshotAsync(page, "checkin-list-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save list" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Check-in list {name} renamed saved.");
        row = page.GetByTestId("list-row").Filter(new() { HasText = name + " renamed" });
        await Expect(row).ToContainTextAsync("pending counts");
        await Expect(row).Not.ToContainTextAsync("multiple entries");
    }

    [Fact]
    public async Task CsvExport_DownloadsTheAttendeeWhoCheckedIn()
    {
        await LoginAsync();
        await SellCashAsync("Export Guest");
        var code = (await page.GetByTestId("checkin-code").First.TextContentAsync())!.Trim();
        await AdmitAsync(code);

        await page.GotoAsync("/Checkin/Lists");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Export CSV of Default list" }).First.ClickAsync());

        Assert.Matches(@"^checkin-demo-conf-\d+\.csv$", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,ticket,product,checked_in_at,by", lines[0].TrimStart('\uFEFF'));
        var line = Assert.Single(lines, l => l.StartsWith("Export Guest,", StringComparison.Ordinal));
        Assert.Matches($@"^Export Guest,[^,]+,General Admission,\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ,{Regex.Escape(AdminHost.AdminEmail)}$", line);
    }

    [Fact]
    public async Task LiveChart_ShowsAnEntryAfterADoorAdmission_WithoutReloading()
    {
        await LoginAsync();
        await SellCashAsync("Live Guest");
        var code = (await page.GetByTestId("checkin-code").First.TextContentAsync())!.Trim();

        await page.GotoAsync("/Checkin/Live");
        var card = page.GetByTestId("live-list").Filter(new() { HasText = "Default list" }).First;
        await Expect(card.Locator("svg.chart")).ToBeVisibleAsync();
        var entries = int.Parse((await card.GetByTestId("live-entries").TextContentAsync())!, CultureInfo.InvariantCulture);
        var checkedIn = int.Parse((await card.GetByTestId("live-checked-in").TextContentAsync())!, CultureInfo.InvariantCulture);

        // The door is another tab of the same desk; the chart tab is never reloaded.
        var door = await page.Context.NewPageAsync();
        try
        {
            await door.GotoAsync("/Sales/Door");
            await door.Keyboard.TypeAsync(code);
            await door.Keyboard.PressAsync("Enter");
            await Expect(door.GetByTestId("verdict-headline")).ToHaveTextAsync("ADMITTED");
        }
        finally
        {
            await door.CloseAsync();
        }

        await Expect(card.GetByTestId("live-entries")).ToHaveTextAsync((entries + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(card.GetByTestId("live-checked-in")).ToHaveTextAsync((checkedIn + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(card.Locator("svg.chart rect[data-count]").Last).ToBeVisibleAsync();
        await Expect(page.Locator("#live-state")).ToContainTextAsync("Updated at");
        await host.ScreenshotAsync(page, "checkin-live");
    }

    [Fact]
    public async Task DoorPicker_ChecksAgainstTheChosenList()
    {
        var name = "Day pass gate " + Guid.NewGuid().ToString("N")[..6];
        await LoginAsync();
        await page.GotoAsync("/Checkin/List?eventId=" + await DemoConferenceIdAsync());
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("All products").UncheckAsync();
        await page.GetByLabel("Day Pass").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create list" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("created");
        await SellCashAsync("Picker Guest");
        var code = (await page.GetByTestId("checkin-code").First.TextContentAsync())!.Trim();

        await page.GotoAsync("/Sales/Door");
        await Expect(page.GetByTestId("door-list-name")).ToContainTextAsync("Default list");
        await page.GetByLabel("Check-in list").SelectOptionAsync(new SelectOptionValue { Label = $"Demo Conference · {name}" });
        await Expect(page.GetByTestId("door-list-name")).ToContainTextAsync(name);
        await Expect(page).ToHaveURLAsync(new Regex(@"listId=\d+"));
        await host.ScreenshotAsync(page, "door-list-picker");

        var input = page.GetByLabel("Scan or type the ticket code, then Enter");
        await input.FocusAsync();
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");

        // A General Admission ticket on a Day Pass list: refused, and the door stays on the chosen list.
        await Expect(page.GetByTestId("verdict-headline")).ToHaveTextAsync("REFUSED");
        await Expect(page.GetByTestId("verdict-detail")).ToContainTextAsync("Wrong product");
        await Expect(page.GetByTestId("door-list-name")).ToContainTextAsync(name);
        await Expect(page.GetByLabel("Check-in list").Locator("option:checked")).ToHaveTextAsync($"Demo Conference · {name}");
    }

    [Fact]
    public async Task BoxOffice_SeesTheListsButCannotEditThemNorOpenDevices()
    {
        var email = $"gate-{Guid.NewGuid():N}"[..13] + "@example.com";
        const string password = "Gate-Password-123";
        await LoginAsync();
        await page.GotoAsync("/Users");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("First password").FillAsync(password);
        await page.GetByLabel("Role").SelectOptionAsync("BoxOffice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("can now log in");

        var desk = await host.NewPageAsync();
        try
        {
            page = desk;
            await LoginAsync(email, password);
            await page.GotoAsync("/Checkin/Lists");
            await Expect(page.GetByTestId("list-row").First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New list" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit Default list" })).ToHaveCountAsync(0);

            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Devices" })).ToHaveCountAsync(0);
            foreach (var path in new[] { "/Checkin/List?eventId=" + await DemoConferenceIdAsync(), "/Checkin/List/1", "/Scanning/Devices" })
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(403, response!.Status);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
            }

            // Reading is for all staff: the live figures and the scan history.
            Assert.Equal(200, (await page.GotoAsync("/Checkin/Live"))!.Status);
            Assert.Equal(200, (await page.GotoAsync("/Scanning/History"))!.Status);
        }
        finally
        {
            await desk.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task BadInput_UnknownListsAndForgedPosts_AreRefusedAndChangeNothing()
    {
        await LoginAsync();
        var api = page.APIRequest;

        Assert.Equal(404, (await api.GetAsync("/Checkin/Lists?handler=Export&listId=999999")).Status);
        Assert.Equal(404, (await api.GetAsync("/Checkin/List/999999")).Status);
        Assert.Equal(404, (await api.GetAsync("/Checkin/List?eventId=999999")).Status);
        Assert.Equal(404, (await api.GetAsync("/Checkin/List")).Status);

        // The session cookie alone, as a cross-site form would send it.
        var forged = await api.PostAsync("/Checkin/List?eventId=" + await DemoConferenceIdAsync(), new()
        {
            Form = api.CreateFormData().Set("Input.Name", "Forged list").Set("Input.AllProducts", "true"),
            MaxRedirects = 0,
        });
        Assert.Equal(400, forged.Status);
        await page.GotoAsync("/Checkin/Lists");
        await Expect(page.GetByTestId("list-row").Filter(new() { HasText = "Forged list" })).ToHaveCountAsync(0);

        // A device bound to every event cannot carry one event's list.
        await page.GotoAsync("/Scanning/Devices");
        await page.GetByLabel("Device name").FillAsync("Mismatched gate");
        await page.GetByLabel("Check-in list").SelectOptionAsync(new SelectOptionValue { Label = "Demo Conference · Default list" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pair device" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.ListId']")).ToHaveTextAsync("A check-in list needs the device bound to that list's event.");
        await Expect(page.GetByTestId("device-token")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("device-row").Filter(new() { HasText = "Mismatched gate" })).ToHaveCountAsync(0);
    }

    private async Task<string> DemoConferenceIdAsync()
    {
        var response = await page.APIRequest.GetAsync("/Checkin/Lists");
        return EventIdPattern().Match(await response.TextAsync()).Groups[1].Value;
    }

    private async Task AdmitAsync(string code)
    {
        await page.GotoAsync("/Sales/Door");
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("verdict-headline")).ToHaveTextAsync("ADMITTED");
    }

    private async Task LoginAsync(string email = AdminHost.AdminEmail, string password = AdminHost.AdminPassword)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }

    private async Task SellCashAsync(string buyer)
    {
        await page.GotoAsync("/Sales/PointOfSale");
        await page.GetByLabel("General Admission").FillAsync("1");
        await page.GetByLabel("Buyer name").FillAsync(buyer);
        await page.GetByLabel("Box office").CheckAsync();
        await page.GetByLabel("Payment").SelectOptionAsync("cash");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Sales/Sale/\d+$"));
    }

    [GeneratedRegex(@"^\d+ / \d+$")]
    private static partial Regex CountsPattern();

    [GeneratedRegex(@"/Checkin/List\?eventId=(\d+)")]
    private static partial Regex EventIdPattern();
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class CheckinPagesSqliteTests(SqliteAdminHost host) : CheckinPagesTests(host);

[Collection(PostgresBrowserCollection.Name)]
public sealed class CheckinPagesPostgresTests(PostgresAdminHost host) : CheckinPagesTests(host);
