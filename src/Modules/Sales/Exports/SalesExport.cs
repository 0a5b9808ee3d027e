using System.Globalization;
using System.Runtime.CompilerServices;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Http;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Exports;

/// <summary>
/// The sales the search page finds, one CSV row per ticket. The filter is the search page's own (<see cref="Filter"/>),
/// so the file holds exactly what the page counts; rows are read from one streaming query and written as they come.
/// </summary>
internal static class SalesExport
{
    public static readonly IReadOnlyList<string> Header =
        ["sale_code", "status", "buyer", "email", "event", "product", "variation", "date", "seat", "attendee", "price", "checkin_code", "created"];

    private const int MaxQueryLength = 200;

    /// <summary>The search page's filters: free text (buyer name, email, code prefix), event and status.</summary>
    public static IQueryable<Sale> Filter(IQueryable<Sale> sales, string? query, long? eventId, SaleStatus? status)
    {
        if (eventId is { } id)
        {
            sales = sales.Where(s => s.EventId == id);
        }

        if (status is { } chosen)
        {
            sales = sales.Where(s => s.Status == chosen);
        }

        var text = Trimmed(query);
        if (text.Length > 0)
        {
            // Lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not; this behaves the same on both.
            var needle = text.ToLowerInvariant();
            var code = text.ToUpperInvariant();
            sales = sales.Where(s => s.Name.ToLower().Contains(needle) || s.Email.ToLower().Contains(needle) || s.Code.StartsWith(code));
        }

        return sales;
    }

    public static string Trimmed(string? query)
    {
        var text = query?.Trim() ?? string.Empty;
        return text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;
    }

    public static async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(
        SalesDbContext db, string? query, long? eventId, SaleStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sales = Filter(db.Sales.AsNoTracking(), query, eventId, status);
        var tickets = db.Tickets.AsNoTracking()
            .Where(t => sales.Any(s => s.Id == t.SaleId))
            .OrderBy(t => t.SaleId).ThenBy(t => t.Id)
            .Select(t => new
            {
                t.Sale!.Code,
                t.Sale.Status,
                t.Sale.IsDeleted,
                t.Sale.Name,
                t.Sale.Email,
                EventName = t.Sale.Event!.Name,
                EventStart = t.Sale.Event.DateFrom,
                Product = t.Product!.Name,
                Variation = t.Variation!.Value,
                DateStart = (DateTimeOffset?)t.SubEvent!.DateFrom,
                Seat = t.Seat!.Name,
                t.AttendeeName,
                t.Price,
                t.CheckInCode,
                t.Voided,
                t.Sale.CreatedAt,
            });
        await foreach (var t in tickets.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return
            [
                t.Code,
                t.Status.Wire() + (t.IsDeleted ? " (deleted)" : t.Voided ? " (voided)" : string.Empty),
                t.Name,
                t.Email,
                t.EventName,
                t.Product,
                t.Variation,
                CsvDownload.Instant(t.DateStart ?? t.EventStart),
                t.Seat,
                t.AttendeeName,
                t.Price.ToString("0.00", CultureInfo.InvariantCulture),
                TicketCodes.DisplayCheckInCode(t.CheckInCode),
                CsvDownload.Instant(t.CreatedAt),
            ];
        }
    }
}
