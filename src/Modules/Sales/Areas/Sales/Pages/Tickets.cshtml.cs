using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.Tickets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

/// <summary>
/// A sale's tickets to hand out: one per printed page, on A4 or on an 80 mm receipt printer (?width=80mm), and the
/// same tickets as a PDF (handler Pdf).
/// </summary>
internal sealed class TicketsModel(SalesDbContext db) : PageModel
{
    public const string ReceiptWidth = "80mm";

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "width")]
    public string? Width { get; set; }

    public TicketPaper Paper => Width == ReceiptWidth ? TicketPaper.Receipt80 : TicketPaper.A4;

    public IReadOnlyList<PrintedTicket> Tickets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var tickets = await PrintedTicket.ForSaleAsync(db, Id, cancellationToken);
        if (tickets is null)
        {
            return NotFound();
        }

        Tickets = tickets;
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken)
    {
        var tickets = await PrintedTicket.ForSaleAsync(db, Id, cancellationToken);
        if (tickets is null)
        {
            return NotFound();
        }

        if (tickets.Count == 0)
        {
            var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "This sale has no tickets to print (all are voided)." };
            return new ContentResult { StatusCode = problem.Status, ContentType = "application/problem+json", Content = System.Text.Json.JsonSerializer.Serialize(problem) };
        }

        var name = $"tickets-{tickets[0].SaleCode}{(Paper == TicketPaper.Receipt80 ? "-80mm" : string.Empty)}.pdf";
        return File(TicketPdf.Render(tickets, Paper), "application/pdf", name);
    }

    public string Link(string? handler = null, TicketPaper? paper = null) =>
        Url.Page("/Tickets", handler, new { area = "Sales", id = Id, width = (paper ?? Paper) == TicketPaper.Receipt80 ? ReceiptWidth : null }) ?? string.Empty;
}
