using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventOps.Tests.Browser;

/// <summary>The Scanning area: devices (token shown once, last used, revoke) and the scan history; once per database kind.</summary>
public abstract partial class ScanningPagesTests(AdminHost host) : IAsyncLifetime
{
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        page = await host.NewPageAsync();
    }

    public async Task DisposeAsync() => await page.Context.CloseAsync();

    [Fact]
    public async Task Device_TokenShownOnce_ScansAppearInTheHistory_AndRevokeStopsIt()
    {
        var name = "Gate phone " + Guid.NewGuid().ToString("N")[..6];
        await LoginAsync();
        var code = await SellCashAsync("Scanner Guest");

        await page.GotoAsync("/Scanning/Devices");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pair device" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.Name']")).ToContainTextAsync("Give the device a name");

        await page.GetByLabel("Device name").FillAsync(name);
        await page.GetByLabel("Scans for").SelectOptionAsync(new SelectOptionValue { Label = "Demo Conference only" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pair device" }).ClickAsync();
        var value = page.GetByTestId("device-token");
        await Expect(value).ToHaveTextAsync(DeviceTokenPattern());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy token" })).ToBeVisibleAsync();
        var token = (await value.TextContentAsync())!.Trim();
        var row = page.GetByTestId("device-row").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("device-last-used")).ToHaveTextAsync("never");
        await host.ScreenshotAsync(page, "scanning-device-created");

        // The scanner redeems with its token; the token is then never shown again.
        var scan = await page.APIRequest.PostAsync($"/scanner/tickets/{code}/redemption", new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Token " + token } });
        Assert.Equal(200, scan.Status);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("device-token")).ToHaveCountAsync(0);
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(row.GetByTestId("device-last-used")).ToHaveTextAsync(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d UTC$"));

        await row.GetByRole(AriaRole.Link, new() { Name = $"Scan history of {name}" }).ClickAsync();
        await Expect(page.GetByTestId("history-count")).ToHaveTextAsync("1 attempt");
        await Expect(page.GetByTestId("scan-row")).ToContainTextAsync(name);
        await Expect(page.GetByTestId("scan-row")).ToContainTextAsync("ok");
        await host.ScreenshotAsync(page, "scan-history");

        // A second scan is refused and recorded too; the result filter tells them apart.
        var again = await page.APIRequest.PostAsync($"/scanner/tickets/{code}/redemption", new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Token " + token } });
        Assert.Equal(422, again.Status);
        await page.GetByLabel("Result").SelectOptionAsync(new SelectOptionValue { Label = "refused: already used" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByTestId("history-count")).ToHaveTextAsync("1 attempt");
        await Expect(page.GetByTestId("scan-row")).ToContainTextAsync("already_redeemed");
        await page.GetByLabel("Result").SelectOptionAsync(new SelectOptionValue { Label = "All results" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByTestId("history-count")).ToHaveTextAsync("2 attempts");
        await page.GetByLabel("From (UTC)").FillAsync(DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByTestId("history-count")).ToHaveTextAsync("0 attempts");

        await page.GotoAsync("/Scanning/Devices");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke device {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("revoked");
        await Expect(row).ToContainTextAsync("revoked");
        var refused = await page.APIRequest.GetAsync("/scanner/me", new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Token " + token } });
        Assert.Equal(401, refused.Status);
        await host.ScreenshotAsync(page, "scanning-devices");
    }

    private async Task LoginAsync()
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(AdminHost.AdminEmail);
        await page.GetByLabel("Password").FillAsync(AdminHost.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }

    private async Task<string> SellCashAsync(string buyer)
    {
        await page.GotoAsync("/Sales/PointOfSale");
        await page.GetByLabel("General Admission").FillAsync("1");
        await page.GetByLabel("Buyer name").FillAsync(buyer);
        await page.GetByLabel("Box office").CheckAsync();
        await page.GetByLabel("Payment").SelectOptionAsync("cash");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Sales/Sale/\d+$"));
        return (await page.GetByTestId("checkin-code").First.TextContentAsync())!.Trim();
    }

    [GeneratedRegex("^eod_[A-Za-z0-9_-]{40,}$")]
    private static partial Regex DeviceTokenPattern();
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class ScanningPagesSqliteTests(SqliteAdminHost host) : ScanningPagesTests(host);

[Collection(PostgresBrowserCollection.Name)]
public sealed class ScanningPagesPostgresTests(PostgresAdminHost host) : ScanningPagesTests(host);
