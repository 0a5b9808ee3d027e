using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventOps.Tests.Browser;

/// <summary>Selling from availability at the till, and the dashboard's capacity and door figures, on the demo series.</summary>
public abstract class InventoryPagesTests(AdminHost host) : IAsyncLifetime
{
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        page = await host.NewPageAsync();
    }

    public async Task DisposeAsync() => await page.Context.CloseAsync();

    [Fact]
    public async Task PointOfSale_OnTheNearlySoldOutDate_RefusesTooManyNamingTheQuota_ThenSellsOutAndDisablesTheLine()
    {
        await AdminHost.LoginAsync(page);
        await page.GotoAsync("/Sales/PointOfSale");
        await page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = (await EventOptionAsync("Demo Tour"))! });
        await Expect(page.GetByLabel("Date")).ToBeVisibleAsync();
        // The first date's standing quota has 12 places, 10 sold by the demo data.
        var adult = page.GetByLabel("Concert Ticket – Adult");
        await Expect(page.Locator("tr").Filter(new() { HasText = "Concert Ticket – Adult" }).Locator("[data-testid^='left-']")).ToHaveTextAsync("2");
        await host.ScreenshotAsync(page, "pos-availability");

        await adult.FillAsync("3");
        await page.GetByLabel("Buyer name").FillAsync("Too Many");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is not enough quota available on quota \"Standing Friday\"");
        await Expect(adult).ToHaveValueAsync("3");
        await Expect(page.GetByLabel("Buyer name")).ToHaveValueAsync("Too Many");
        await host.ScreenshotAsync(page, "pos-quota-refused");

        await adult.FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(page.GetByTestId("sale-status")).ToHaveTextAsync("paid");
        await Expect(page.GetByTestId("ticket")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("date").First).ToContainTextAsync("Friday");
        await Expect(page.GetByTestId("variation").First).ToContainTextAsync("Adult");

        await page.GotoAsync(page.Url.Split("/Sales/")[0] + "/Sales/PointOfSale");
        await page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = (await EventOptionAsync("Demo Tour"))! });
        await Expect(page.GetByLabel("Concert Ticket – Adult")).ToBeDisabledAsync();
        await Expect(page.GetByLabel("Concert Ticket – Student")).ToBeDisabledAsync();
        await Expect(page.Locator("tr.sold-out")).ToHaveCountAsync(2);

        await page.GotoAsync("/Sales/Dashboard");
        var tour = page.GetByTestId("door-demo-tour").First;
        await Expect(tour.GetByTestId("quota").First).ToContainTextAsync("Standing Friday: 12 / 12 sold");
        await Expect(tour.GetByTestId("quota").First).ToContainTextAsync("sold out");
        await Expect(page.GetByTestId("door-demo-conf").GetByTestId("checked-in")).ToContainTextAsync("Checked in");
        await host.ScreenshotAsync(page, "dashboard-capacity");
    }

    [Fact]
    public async Task PointOfSale_SeatPicker_SellsAChosenSeatOnce()
    {
        await AdminHost.LoginAsync(page);
        await page.GotoAsync("/Sales/PointOfSale");
        await page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = (await EventOptionAsync("Demo Tour"))! });
        var seats = page.GetByLabel("Seats for Reserved Seat");
        // A1 and A2 of the first date were sold by the demo data.
        await Expect(seats.Locator("option", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Row A, Seat 1$") })).ToHaveCountAsync(0);
        await seats.SelectOptionAsync(new SelectOptionValue { Label = "Row B, Seat 7" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(page.GetByTestId("seat")).ToContainTextAsync("Row B, Seat 7");
        await host.ScreenshotAsync(page, "sale-seated");

        await page.GotoAsync("/Sales/PointOfSale");
        await page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = (await EventOptionAsync("Demo Tour"))! });
        await Expect(page.GetByLabel("Seats for Reserved Seat").Locator("option", new() { HasText = "Row B, Seat 7" })).ToHaveCountAsync(0);
    }

    private async Task<string?> EventOptionAsync(string name)
    {
        foreach (var option in await page.GetByLabel("Event").Locator("option").AllTextContentsAsync())
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
