using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

/// <summary>
/// One box for everything staff type or scan: an exact ticket secret, check-in code, public id or order code jumps to
/// the sale; anything else searches buyer names, emails and codes.
/// </summary>
internal sealed class SearchModel(SalesDbContext db) : PageModel
{
    public const int PageSize = 25;

    internal sealed record Row(long Id, string Code, string Name, string Email, SaleStatus Status, bool IsDeleted, string EventName, decimal Total, DateTimeOffset CreatedAt, int Tickets);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? EventId { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int Count { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<(long Id, string Name)> EventChoices { get; private set; } = [];

    public int PageCount => Math.Max(1, (Count + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var query = Exports.SalesExport.Trimmed(Query);

        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        if (query.Length > 0 && PageNumber == 1 && await ExactSaleAsync(query, cancellationToken) is { } saleId)
        {
            return RedirectToPage("/Sale", new { area = "Sales", id = saleId });
        }

        EventChoices = [.. (await db.Events.AsNoTracking().OrderBy(e => e.DateFrom).Select(e => new { e.Id, e.Name }).ToListAsync(cancellationToken)).Select(e => (e.Id, e.Name))];

        var status = SaleWords.TryParseStatus(StatusFilter, out var parsed) ? parsed : (SaleStatus?)null;
        StatusFilter = status?.Wire();
        var sales = Exports.SalesExport.Filter(db.Sales.AsNoTracking(), query, EventId, status);

        Count = await sales.CountAsync(cancellationToken);
        PageNumber = Math.Min(PageNumber, PageCount);
        Rows = await sales
            .OrderByDescending(s => s.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .Select(s => new Row(s.Id, s.Code, s.Name, s.Email, s.Status, s.IsDeleted, s.Event!.Name, s.Total, s.CreatedAt, s.Tickets.Count))
            .ToListAsync(cancellationToken);
        return Page();
    }

    /// <summary>The one sale an exact identifier names, or null when it names none or several (a code shared by two organizers).</summary>
    private async Task<long?> ExactSaleAsync(string query, CancellationToken cancellationToken)
    {
        var checkInCode = TicketCodes.NormalizeCheckInCode(query);
        var fromTickets = await db.Tickets.AsNoTracking()
            .Where(t => t.Secret == query || t.PublicId == query || t.CheckInCode == checkInCode)
            .Select(t => t.SaleId)
            .Distinct()
            .OrderBy(id => id)
            .Take(2)
            .ToListAsync(cancellationToken);
        if (fromTickets.Count == 1)
        {
            return fromTickets[0];
        }

        var code = query.ToUpperInvariant();
        var fromSales = await db.Sales.AsNoTracking().Where(s => s.Code == code).Select(s => s.Id).OrderBy(id => id).Take(2).ToListAsync(cancellationToken);
        return fromSales.Count == 1 && fromTickets.Count == 0 ? fromSales[0] : null;
    }

    /// <summary>Every ticket of the sales this search finds (all pages), as a CSV streamed while it is read.</summary>
    public IActionResult OnGetExport()
    {
        var status = SaleWords.TryParseStatus(StatusFilter, out var parsed) ? parsed : (SaleStatus?)null;
        var name = $"sales{(EventId is { } id ? $"-event{id}" : string.Empty)}{(status is { } s ? $"-{s.Wire()}" : string.Empty)}.csv";
        return new CsvDownload(name, Exports.SalesExport.Header, Exports.SalesExport.RowsAsync(db, Query, EventId, status, HttpContext.RequestAborted));
    }

    public string ExportLink => Url.Page("/Search", "Export", new { area = "Sales", q = Query, eventId = EventId, status = StatusFilter }) ?? string.Empty;

    public string PageLink(int page) =>
        Url.Page("/Search", new { area = "Sales", q = Query, eventId = EventId, status = StatusFilter, p = page }) ?? string.Empty;
}
