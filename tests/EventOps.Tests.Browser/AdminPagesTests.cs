using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventOps.Tests.Browser;

/// <summary>The admin as staff use it, in a real browser; run once per database kind.</summary>
public abstract partial class AdminPagesTests(AdminHost host) : IAsyncLifetime
{
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        page = await host.NewPageAsync();
    }

    public async Task DisposeAsync() => await page.Context.CloseAsync();

    [Fact]
    public async Task Login_WithBadPassword_StaysOnLoginAndSaysWhy()
    {
        await page.GotoAsync("/Sales/Dashboard");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await page.GetByLabel("Email").FillAsync(AdminHost.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong email or password.");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);
        await host.ScreenshotAsync(page, "login-bad-password");
    }

    [Fact]
    public async Task Login_WithGoodPassword_ShowsTheDashboard()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);

        await Expect(page).ToHaveURLAsync(new Regex("/Sales/Dashboard$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demo Conference" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("revenue").First).ToBeVisibleAsync();
        await host.ScreenshotAsync(page, "dashboard");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await page.GotoAsync("/Sales/Dashboard");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    [Fact]
    public async Task PointOfSale_CashSale_ShowsTheTicketsWithQrCodes()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);

        await page.GotoAsync("/Sales/PointOfSale");
        await host.ScreenshotAsync(page, "point-of-sale");
        var saleId = await SellCashAsync(generalAdmission: 2, buyer: "Walk In");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("created (paid");
        await Expect(page.GetByTestId("sale-status")).ToHaveTextAsync("paid");
        await Expect(page.GetByTestId("ticket")).ToHaveCountAsync(2);
        await Expect(page.Locator(".ticket .qr svg")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("checkin-code").First).ToHaveTextAsync(CheckInCodePattern());
        Assert.True(saleId > 0);
        await host.ScreenshotAsync(page, "sale-tickets");
    }

    [Fact]
    public async Task PointOfSale_ManualPaymentWithoutEmail_ShowsTheMessageNextToTheField()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);

        await page.GotoAsync("/Sales/PointOfSale");
        await page.GetByLabel("General Admission").FillAsync("1");
        await page.GetByLabel("Payment").SelectOptionAsync("manual");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();

        await Expect(page.Locator("[data-valmsg-for='BuyerEmail']")).ToHaveTextAsync("An email is needed unless the buyer pays cash.");
        await Expect(page).ToHaveURLAsync(new Regex("/Sales/PointOfSale"));
    }

    [Fact]
    public async Task SalePage_Refund_ChangesTheStatusAndTheButtonIsGone()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        await SellCashAsync(generalAdmission: 1, buyer: "Refund Me");
        var refund = page.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true });
        await Expect(refund).ToBeVisibleAsync();

        await refund.ClickAsync();

        await Expect(page.GetByTestId("sale-status")).ToHaveTextAsync("refunded");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("now refunded");
        await Expect(refund).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel sale" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#history ~ .table-wrap")).ToContainTextAsync("paid → refunded");
        await Expect(page.Locator("#history ~ .table-wrap")).ToContainTextAsync(AdminHost.AdminEmail);
        await host.ScreenshotAsync(page, "sale-refunded");
    }

    [Fact]
    public async Task SalePage_StaleButtonAfterSomeoneElseRefunded_ChangesNothingAndSaysWhy()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        var saleId = await SellCashAsync(generalAdmission: 1, buyer: "Two Desks");
        var second = await page.Context.NewPageAsync();
        second.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await second.GotoAsync($"/Sales/Sale/{saleId}");
        await second.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).ClickAsync();
        await Expect(second.GetByTestId("sale-status")).ToHaveTextAsync("refunded");
        await second.CloseAsync();

        // This tab still shows the buttons of a paid sale; the machine decides again on what the database holds now.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel sale" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Cancel sale is not possible: the sale is refunded.");
        await Expect(page.GetByTestId("sale-status")).ToHaveTextAsync("refunded");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel sale" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SalePage_PostWithoutAntiforgeryToken_IsRejectedAndChangesNothing()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        var saleId = await SellCashAsync(generalAdmission: 1, buyer: "Forged Post");

        // The session cookie alone, as a cross-site form would send it.
        var response = await page.APIRequest.PostAsync($"/Sales/Sale/{saleId}?handler=Fire", new() { Form = page.APIRequest.CreateFormData().Set("trigger", "refund"), MaxRedirects = 0 });

        Assert.Equal(400, response.Status);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("sale-status")).ToHaveTextAsync("paid");
    }

    [Fact]
    public async Task SalePage_InvalidHolderEmail_ShowsTheMessageAndKeepsTheOldOne()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        await SellCashAsync(generalAdmission: 1, buyer: "Holder Test");

        await page.GetByLabel("Buyer email").FillAsync("not-an-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save buyer" }).ClickAsync();

        await Expect(page.Locator("[data-valmsg-for='Holder.Email']")).ToContainTextAsync("valid email address");
        await page.GetByLabel("Buyer email").FillAsync("holder@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save buyer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Buyer details saved.");
        await Expect(page.GetByLabel("Buyer email")).ToHaveValueAsync("holder@example.com");
    }

    [Fact]
    public async Task Search_ByCheckInCode_JumpsStraightToTheSale()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        var saleId = await SellCashAsync(generalAdmission: 1, buyer: "Scanned Buyer");
        var code = (await page.GetByTestId("checkin-code").First.TextContentAsync())!.Trim();

        await page.GotoAsync("/Sales/Search");
        await host.ScreenshotAsync(page, "search");
        // Typed at the desk: lower case, without the dash; Enter only.
        var box = page.GetByLabel("Order code, name, email, ticket secret or check-in code");
        await Expect(box).ToBeFocusedAsync();
        await box.FillAsync(code.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        await box.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex($"/Sales/Sale/{saleId}$"));
        await Expect(page.GetByTestId("checkin-code").First).ToHaveTextAsync(code);
    }

    [Fact]
    public async Task Search_ByBuyerName_ListsTheSalePaged()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);

        await page.GotoAsync("/Sales/Search?q=hopper");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("matching");
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("Hopper");
        await host.ScreenshotAsync(page, "search-results");
    }

    [Fact]
    public async Task Token_IsShownOnceThenOnlyListed_AndCanBeRevoked()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        await page.GotoAsync("/Sales/Tokens");

        await page.GetByLabel("Description").FillAsync("browser test token");
        await page.GetByLabel("Permission").SelectOptionAsync("write");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

        var value = page.GetByTestId("token-value");
        await Expect(value).ToHaveTextAsync(new Regex("^eo_[A-Za-z0-9_-]{40,}$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy token" })).ToBeVisibleAsync();
        var token = (await value.TextContentAsync())!;
        await host.ScreenshotAsync(page, "tokens-created");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("token-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        var row = page.Locator("tr", new() { HasText = "browser test token" });
        await Expect(row).ToContainTextAsync("active");

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "browser test token" })).ToContainTextAsync("revoked");
        await host.ScreenshotAsync(page, "tokens");
    }

    [Fact]
    public async Task BoxOffice_CannotOpenTokensUsersOrHangfire_AndSeesNoLinksToThem()
    {
        var email = $"desk-{Guid.NewGuid():N}"[..13] + "@example.com";
        const string password = "Desk-Password-123";
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        await page.GotoAsync("/Users");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("First password").FillAsync(password);
        await page.GetByLabel("Role").SelectOptionAsync("BoxOffice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{email} can now log in as BoxOffice.");
        await host.ScreenshotAsync(page, "users");

        var desk = await host.NewPageAsync();
        try
        {
            page = desk;
            await LoginAsync(email, password);
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Point of sale" })).ToBeVisibleAsync();
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "API tokens" })).ToHaveCountAsync(0);
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Jobs" })).ToHaveCountAsync(0);

            foreach (var path in new[] { "/Sales/Tokens", "/hangfire", "/Users" })
            {
                var response = await page.GotoAsync(path);
                await Expect(page).ToHaveURLAsync(new Regex("/Account/Denied"));
                Assert.Equal(403, response!.Status);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
            }

            await host.ScreenshotAsync(page, "denied");
        }
        finally
        {
            await desk.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task DoorCheck_AdmitsThenRefusesTheSecondScanWithTheReason_AndUndoLetsItInAgain()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        var saleId = await SellCashAsync(generalAdmission: 1, buyer: "Door Guest");
        var code = (await page.GetByTestId("checkin-code").First.TextContentAsync())!.Trim();

        await page.GotoAsync("/Sales/Door");
        var input = page.GetByLabel("Scan or type the ticket code, then Enter");
        await Expect(input).ToBeFocusedAsync();

        // Keyboard only, as a barcode scanner types: the input keeps the focus after every answer.
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("verdict-headline")).ToHaveTextAsync("ADMITTED");
        await Expect(page.GetByTestId("verdict")).ToContainTextAsync("Door Guest");
        await Expect(input).ToBeFocusedAsync();
        await host.ScreenshotAsync(page, "door-admitted");

        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("verdict-headline")).ToHaveTextAsync("REFUSED");
        await Expect(page.GetByTestId("verdict-detail")).ToHaveTextAsync(new Regex($@"^Already used at \d\d:\d\d by {Regex.Escape(AdminHost.AdminEmail)}\.$"));
        await Expect(page.Locator(".verdict-bad")).ToBeVisibleAsync();
        await host.ScreenshotAsync(page, "door-refused");

        // The refused attempt is no check-in: the sale page shows the one admission.
        await page.GotoAsync($"/Sales/Sale/{saleId}");
        await Expect(page.Locator(".checkins li")).ToHaveCountAsync(1);
        await page.GotoAsync("/Sales/Door");
        await page.Keyboard.TypeAsync("NOPE-NOPE");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("verdict-detail")).ToContainTextAsync("Unknown ticket");
    }

    [Fact]
    public async Task DoorCheck_UndoOfTheLastAdmission_LetsTheTicketInAgain()
    {
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        var saleId = await SellCashAsync(generalAdmission: 1, buyer: "Undo Guest");
        var code = (await page.GetByTestId("checkin-code").First.TextContentAsync())!.Trim();
        await page.GotoAsync("/Sales/Door");
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("verdict-headline")).ToHaveTextAsync("ADMITTED");

        await page.GetByRole(AriaRole.Button, new() { Name = "Undo this admission" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByTestId("verdict-headline")).ToHaveTextAsync("UNDONE");
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("verdict-headline")).ToHaveTextAsync("ADMITTED");
        await page.GotoAsync($"/Sales/Sale/{saleId}");
        await Expect(page.Locator(".checkins li")).ToHaveCountAsync(2);
        await Expect(page.Locator(".checkins li.reverted")).ToHaveCountAsync(1);
        await host.ScreenshotAsync(page, "sale-checkins");
    }

    [Fact]
    public async Task Users_AdminResetsAPassword_AndTheUserLogsInWithIt()
    {
        var email = $"reset-{Guid.NewGuid():N}"[..14] + "@example.com";
        await LoginAsync(AdminHost.AdminEmail, AdminHost.AdminPassword);
        await page.GotoAsync("/Users");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("First password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.Password']")).ToContainTextAsync("at least 10 characters");
        await page.GetByLabel("First password").FillAsync("First-Password-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = email }).ClickAsync();

        await page.GetByLabel("New password").FillAsync("Second-Password-456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("reset");
        await host.ScreenshotAsync(page, "user-edit");

        var other = await host.NewPageAsync();
        try
        {
            page = other;
            await LoginAsync(email, "Second-Password-456");
            await Expect(page).ToHaveURLAsync(new Regex("/Sales/Dashboard$"));
        }
        finally
        {
            await other.Context.CloseAsync();
        }
    }

    private async Task LoginAsync(string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }

    private async Task<long> SellCashAsync(int generalAdmission, string buyer)
    {
        await page.GotoAsync("/Sales/PointOfSale");
        await page.GetByLabel("General Admission").FillAsync(generalAdmission.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Buyer name").FillAsync(buyer);
        await page.GetByLabel("Box office").CheckAsync();
        await page.GetByLabel("Payment").SelectOptionAsync("cash");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sale" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(SaleUrl());
        return long.Parse(SaleUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/Sales/Sale/(\d+)$")]
    private static partial Regex SaleUrl();

    [GeneratedRegex("^[A-Z2-9]{4}-[A-Z2-9]{4}$")]
    private static partial Regex CheckInCodePattern();
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class AdminPagesSqliteTests(SqliteAdminHost host) : AdminPagesTests(host);

[Collection(PostgresBrowserCollection.Name)]
public sealed class AdminPagesPostgresTests(PostgresAdminHost host) : AdminPagesTests(host);
