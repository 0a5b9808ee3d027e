using System.Net;
using EventOps.Modules.Sales.Demo;
using EventOps.Modules.Sales.Domain;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PdfSharp.Pdf.IO;

namespace EventOps.Tests.Integration.Sales;

/// <summary>A sale's tickets to hand out: the print page (A4 and 80 mm, one ticket per page) and the PDF of the same.</summary>
public abstract class TicketPrintTests(HostFixture host) : HostTests(host)
{
    internal sealed record Expected(long SaleId, string Code, List<(string Product, string? Variation, string? Seat, string? Date, string CheckInCode, bool Admission)> Tickets);

    [Fact]
    public async Task PrintPage_ShowsEachTicketOnItsOwnPage_WithDateVariationSeatQrAndCode()
    {
        await SeedDemoAsync();
        var seated = await SaleAsync("Grace Hopper", "Reserved Seat");
        var concert = await SaleAsync("Ada Lovelace", "Concert Ticket");
        var admin = await StaffClient.AdminAsync(Host);

        var salePage = await admin.GetStringAsync($"/Sales/Sale/{seated.SaleId}");
        Assert.Contains($"href=\"/Sales/Tickets/{seated.SaleId}\"", salePage, StringComparison.Ordinal);

        foreach (var sale in new[] { seated, concert })
        {
            var response = await admin.GetAsync($"/Sales/Tickets/{sale.SaleId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("unsafe-inline", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Equal(sale.Tickets.Count, Occurrences(html, "data-testid=\"printed-ticket\""));
            Assert.Contains("/css/tickets-a4.css", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            foreach (var t in sale.Tickets)
            {
                Assert.Contains(t.Variation is null ? t.Product : $"{t.Product} – {t.Variation}", html, StringComparison.Ordinal);
                if (t.Seat is not null)
                {
                    Assert.Contains($"data-testid=\"ticket-seat\">{t.Seat}<", html, StringComparison.Ordinal);
                }

                if (t.Admission)
                {
                    Assert.Contains($"data-testid=\"ticket-code\">{TicketCodes.DisplayCheckInCode(t.CheckInCode)}<", html, StringComparison.Ordinal);
                }
            }

            Assert.All(sale.Tickets.Where(t => t.Date is not null), t => Assert.Contains($"data-testid=\"ticket-date\">{t.Date}, ", html, StringComparison.Ordinal));
            Assert.Equal(sale.Tickets.Count(t => t.Admission), Occurrences(html, "<svg"));
        }

        var receipt = await admin.GetStringAsync($"/Sales/Tickets/{seated.SaleId}?width=80mm");
        Assert.Contains("/css/tickets-80mm.css", receipt, StringComparison.Ordinal);
        Assert.DoesNotContain("/css/tickets-a4.css", receipt, StringComparison.Ordinal);

        // One ticket per printed page is the print stylesheet's doing; the sizes are those of the two papers.
        var css = await admin.GetStringAsync("/css/tickets.css");
        Assert.Contains("break-after: page", css, StringComparison.Ordinal);
        Assert.Contains("size: A4", await admin.GetStringAsync("/css/tickets-a4.css"), StringComparison.Ordinal);
        Assert.Contains("size: 80mm", await admin.GetStringAsync("/css/tickets-80mm.css"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_HasOnePagePerTicket_OnA4OrAn80mmStrip()
    {
        await SeedDemoAsync();
        var concert = await SaleAsync("Ada Lovelace", "Concert Ticket");
        var seated = await SaleAsync("Grace Hopper", "Reserved Seat");
        var desk = await StaffClient.BoxOfficeAsync(Host);

        foreach (var sale in new[] { concert, seated })
        {
            var response = await desk.GetAsync($"/Sales/Tickets/{sale.SaleId}?handler=Pdf");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"tickets-{sale.Code}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
            using var document = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
            Assert.Equal(sale.Tickets.Count, document.PageCount);
            Assert.All(document.Pages.Cast<PdfSharp.Pdf.PdfPage>(), p => Assert.Equal(210, Math.Round(p.Width.Millimeter)));
        }

        var strip = await desk.GetByteArrayAsync($"/Sales/Tickets/{seated.SaleId}?handler=Pdf&width=80mm");
        using var receipt = PdfReader.Open(new MemoryStream(strip), PdfDocumentOpenMode.Import);
        Assert.Equal(seated.Tickets.Count, receipt.PageCount);
        Assert.Equal(80, Math.Round(receipt.Pages[0].Width.Millimeter));
    }

    [Fact]
    public async Task VoidedTickets_AreNotPrinted_AndASaleWithNoneLeftGetsA409Pdf()
    {
        await SeedDemoAsync();
        var seated = await SaleAsync("Grace Hopper", "Reserved Seat");
        var admin = await StaffClient.AdminAsync(Host);
        await Host.WithSalesAsync(db => db.Tickets.Where(t => t.SaleId == seated.SaleId).OrderBy(t => t.Id).Take(1).ExecuteUpdateAsync(t => t.SetProperty(x => x.Voided, true)));

        var html = await admin.GetStringAsync($"/Sales/Tickets/{seated.SaleId}");
        Assert.Equal(seated.Tickets.Count - 1, Occurrences(html, "data-testid=\"printed-ticket\""));

        await Host.WithSalesAsync(db => db.Tickets.Where(t => t.SaleId == seated.SaleId).ExecuteUpdateAsync(t => t.SetProperty(x => x.Voided, true)));
        var pdf = await admin.GetAsync($"/Sales/Tickets/{seated.SaleId}?handler=Pdf");
        Assert.Equal(HttpStatusCode.Conflict, pdf.StatusCode);
        Assert.Equal("application/problem+json", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no tickets to print", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSale_Is404_AndAnonymousIsSentToLogin()
    {
        var admin = await StaffClient.AdminAsync(Host);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Sales/Tickets/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Sales/Tickets/999999?handler=Pdf")).StatusCode);
        var anonymous = await Host.Client().GetAsync("/Sales/Tickets/1?handler=Pdf");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task SeedDemoAsync()
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None));
    }

    /// <summary>The demo tour's sale of this buyer that holds this product, with its tickets as the database has them.</summary>
    internal Task<Expected> SaleAsync(string buyer, string product) => Host.WithSalesAsync(async db =>
    {
        var sale = await db.Sales.Where(s => s.Event!.Slug == "demo-tour" && s.Name == buyer && s.Tickets.Any(t => t.Product!.Name == product))
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.Code }).FirstAsync();
        var tickets = await db.Tickets.Where(t => t.SaleId == sale.Id && !t.Voided).OrderBy(t => t.Id)
            .Select(t => new { t.Product!.Name, Variation = t.Variation!.Value, Seat = t.Seat!.Name, Date = t.SubEvent!.Name, t.CheckInCode, t.Product.Admission })
            .ToListAsync();
        return new Expected(sale.Id, sale.Code, [.. tickets.Select(t => (t.Name, (string?)t.Variation, (string?)t.Seat, (string?)t.Date, t.CheckInCode, t.Admission))]);
    });
}

[Collection(SqliteCollection.Name)]
public sealed class TicketPrintSqliteTests(SqliteHost host) : TicketPrintTests(host);

[Collection(PostgresCollection.Name)]
public sealed class TicketPrintPostgresTests(PostgresHost host) : TicketPrintTests(host);
