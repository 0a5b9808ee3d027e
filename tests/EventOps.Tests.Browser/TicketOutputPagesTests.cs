using Microsoft.Playwright;
using PdfSharp.Pdf.IO;
using static Microsoft.Playwright.Assertions;

namespace EventOps.Tests.Browser;

/// <summary>Tickets and figures out: printing a sale's tickets (one per printed page) and the sales CSV read back.</summary>
public abstract class TicketOutputPagesTests(AdminHost host) : IAsyncLifetime
{
    private static readonly string[] Header =
        ["sale_code", "status", "buyer", "email", "event", "product", "variation", "date", "seat", "attendee", "price", "checkin_code", "created"];

    private IPage page = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        page = await host.NewPageAsync();
    }

    public async Task DisposeAsync() => await page.Context.CloseAsync();

    [Fact]
    public async Task PrintTickets_FromTheSalePage_OneTicketPerPrintedPage_WithSeatDateAndVariation()
    {
        await AdminHost.LoginAsync(page);
        await page.GotoAsync("/Sales/Search?q=hopper");
        var saleLinks = await page.Locator("table a[href^='/Sales/Sale/']").EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))");
        string? seatedSale = null;
        foreach (var link in saleLinks)
        {
            await page.GotoAsync(link);
            if (await page.GetByTestId("seat").CountAsync() > 0)
            {
                seatedSale = link;
                break;
            }
        }

        Assert.NotNull(seatedSale);
        var tickets = await page.GetByTestId("ticket").CountAsync();
        await page.GetByTestId("print-tickets").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/Sales/Tickets/\d+$"));
        await Expect(page.GetByTestId("printed-ticket")).ToHaveCountAsync(tickets);
        await Expect(page.GetByTestId("ticket-seat").First).ToContainTextAsync("Row ");
        await Expect(page.GetByTestId("ticket-date").First).ToContainTextAsync("Friday");
        await Expect(page.GetByTestId("ticket-code").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z0-9]{4}-[A-Z0-9]{4}$"));
        await host.ScreenshotAsync(page, "ticket-print");

        // What the printer gets: Chromium's own print of the page, on A4, has one page per ticket.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Ticket printing" })).ToBeHiddenAsync();
        var a4 = await page.PdfAsync(new() { PreferCSSPageSize = true });
        using (var printed = PdfReader.Open(new MemoryStream(a4), PdfDocumentOpenMode.Import))
        {
            Assert.Equal(tickets, printed.PageCount);
            Assert.Equal(210, Math.Round(printed.Pages[0].Width.Millimeter));
        }

        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.GetByRole(AriaRole.Link, new() { Name = "80 mm receipt" }).ClickAsync();
        await Expect(page.GetByTestId("printed-ticket")).ToHaveCountAsync(tickets);
        var strip = await page.PdfAsync(new() { PreferCSSPageSize = true });
        using (var printed = PdfReader.Open(new MemoryStream(strip), PdfDocumentOpenMode.Import))
        {
            Assert.Equal(tickets, printed.PageCount);
            Assert.Equal(80, Math.Round(printed.Pages[0].Width.Millimeter));
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        Assert.EndsWith("-80mm.pdf", download.SuggestedFilename, StringComparison.Ordinal);
        using var pdf = PdfReader.Open((await download.PathAsync())!, PdfDocumentOpenMode.Import);
        Assert.Equal(tickets, pdf.PageCount);
    }

    [Fact]
    public async Task SalesCsv_OfTheDemoTour_DownloadsFromTheSearchPage_AndReadsBack()
    {
        await AdminHost.LoginAsync(page);
        await page.GotoAsync("/Sales/Search");
        var tour = (await page.GetByLabel("Event").Locator("option").AllTextContentsAsync()).First(o => o.StartsWith("Demo Tour", StringComparison.Ordinal));
        await page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = tour });
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByTestId("export-sales")).ToBeVisibleAsync();
        await host.ScreenshotAsync(page, "export-csv");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-sales").ClickAsync());
        Assert.Matches(@"^sales-event\d+\.csv$", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', Header), lines[0]);
        Assert.True(lines.Length - 1 >= 19, $"the demo tour has at least 19 tickets, the CSV {lines.Length - 1}");
        Assert.All(lines.Skip(1), l => Assert.Contains(",Demo Tour,", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Concert Ticket,Student,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Row A, Seat 1\",Grace Hopper,59.00,", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Matches(@",\d+\.\d\d,[A-Z0-9]{4}-[A-Z0-9]{4},\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", l));
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class TicketOutputPagesSqliteTests(SqliteAdminHost host) : TicketOutputPagesTests(host);

[Collection(PostgresBrowserCollection.Name)]
public sealed class TicketOutputPagesPostgresTests(PostgresAdminHost host) : TicketOutputPagesTests(host);
