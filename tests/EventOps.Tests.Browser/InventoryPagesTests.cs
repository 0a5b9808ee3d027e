using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventOps.Tests.Browser;

/// <summary>Selling from availability at the till, and the dashboard's capacity and door figures, on the demo series.</summary>
public abstract class InventoryPagesTests(AdminHost host) : PageTests(host)
{
    [Fact]
    public async Task PointOfSale_OnTheNearlySoldOutDate_RefusesTooManyNamingTheQuota_ThenSellsOutAndDisablesTheLine()
    {
        await AdminHost.LoginAsync(Page);
        await Page.GotoAsync("/Sales/PointOfSale");
        await Page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = (await EventOptionAsync("Demo Tour"))! });
        await Expect(Page.GetByLabel("Date")).ToBeVisibleAsync();
        // The first date's standing quota has 12 places, 10 sold by the demo data.
        var adult = Page.GetByLabel("Concert Ticket – Adult");
        await Expect(Page.Locator("tr").Filter(new() { HasText = "Concert Ticket – Adult" }).Locator("[data-testid^='left-']")).ToHaveTextAsync("2");
        await Host.ScreenshotAsync(Page, "pos-availability");

        await adult.FillAsync("3");
        await Page.GetByLabel("Buyer name").FillAsync("Too Many");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is not enough quota available on quota \"Standing Friday\"");
        await Expect(adult).ToHaveValueAsync("3");
        await Expect(Page.GetByLabel("Buyer name")).ToHaveValueAsync("Too Many");
        await Host.ScreenshotAsync(Page, "pos-quota-refused");

        await adult.FillAsync("2");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(Page.GetByTestId("sale-status")).ToHaveTextAsync("paid");
        await Expect(Page.GetByTestId("ticket")).ToHaveCountAsync(2);
        await Expect(Page.GetByTestId("date").First).ToContainTextAsync("Friday");
        await Expect(Page.GetByTestId("variation").First).ToContainTextAsync("Adult");

        await Page.GotoAsync(Page.Url.Split("/Sales/")[0] + "/Sales/PointOfSale");
        await Page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = (await EventOptionAsync("Demo Tour"))! });
        await Expect(Page.GetByLabel("Concert Ticket – Adult")).ToBeDisabledAsync();
        await Expect(Page.GetByLabel("Concert Ticket – Student")).ToBeDisabledAsync();
        await Expect(Page.Locator("tr.sold-out")).ToHaveCountAsync(2);

        await Page.GotoAsync("/Sales/Dashboard");
        var tour = Page.GetByTestId("door-demo-tour").First;
        await Expect(tour.GetByTestId("quota").First).ToContainTextAsync("Standing Friday: 12 / 12 sold");
        await Expect(tour.GetByTestId("quota").First).ToContainTextAsync("sold out");
        await Expect(Page.GetByTestId("door-demo-conf").GetByTestId("checked-in")).ToContainTextAsync("Checked in");
        await Host.ScreenshotAsync(Page, "dashboard-capacity");
    }

    [Fact]
    public async Task PointOfSale_SeatPicker_SellsAChosenSeatOnce()
    {
        await AdminHost.LoginAsync(Page);
        await Page.GotoAsync("/Sales/PointOfSale");
        await Page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = (await EventOptionAsync("Demo Tour"))! });
        // A1 and A2 of the first date were sold by the demo data: on the grid, not to be ticked.
        await Expect(Page.GetByLabel("Row A, Seat 1", new() { Exact = true })).ToBeDisabledAsync();
        await Expect(Page.GetByLabel("Row A, Seat 3", new() { Exact = true })).ToBeEnabledAsync();
        await Page.GetByLabel("Row B, Seat 7", new() { Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(Page.GetByTestId("seat")).ToContainTextAsync("Row B, Seat 7");
        await Host.ScreenshotAsync(Page, "sale-seated");

        await Page.GotoAsync("/Sales/PointOfSale");
        await Page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = (await EventOptionAsync("Demo Tour"))! });
        await Expect(Page.GetByLabel("Row B, Seat 7", new() { Exact = true })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task DoorCheck_RefusesAProductWithoutAdmission()
    {
        await AdminHost.LoginAsync(Page);
        await Page.GotoAsync("/Sales/PointOfSale");
        await Page.GetByLabel("T-Shirt").FillAsync("1");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(Page.GetByTestId("sale-status")).ToHaveTextAsync("paid");
        var publicId = (await Page.GetByTestId("public-id").First.TextContentAsync())!.Trim();

        await Page.GotoAsync("/Sales/Door");
        await Page.GetByLabel("Scan or type the ticket code, then Enter").FillAsync(publicId);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Expect(Page.GetByTestId("verdict-headline")).ToHaveTextAsync("REFUSED");
        await Expect(Page.GetByTestId("verdict-detail")).ToContainTextAsync("does not grant admission");
        await Host.ScreenshotAsync(Page, "door-no-admission");
    }

    private async Task<string?> EventOptionAsync(string name)
    {
        foreach (var option in await Page.GetByLabel("Event").Locator("option").AllTextContentsAsync())
        {
            if (option.StartsWith(name, StringComparison.Ordinal))
            {
                return option;
            }
        }

        return null;
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class InventoryPagesSqliteTests(SqliteAdminHost host) : InventoryPagesTests(host);

[Collection(PostgresBrowserCollection.Name)]
public sealed class InventoryPagesPostgresTests(PostgresAdminHost host) : InventoryPagesTests(host);
