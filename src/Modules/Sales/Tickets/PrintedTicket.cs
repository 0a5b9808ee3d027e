using EventOps.Modules.Sales.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Tickets;

/// <summary>What one printed ticket shows, on paper and in the PDF alike.</summary>
internal sealed record PrintedTicket(
    long Id,
    string SaleCode,
    string EventName,
    DateTimeOffset Starts,
    string? DateName,
    string ProductName,
    string? VariationName,
    string? Seat,
    string Attendee,
    decimal Price,
    bool Admission,
    string Secret,
    string CheckInCode,
    string PublicId)
{
    public string ProductLabel => VariationName is null ? ProductName : $"{ProductName} – {VariationName}";

    public string CheckInCodeText => Domain.TicketCodes.DisplayCheckInCode(CheckInCode);

    /// <summary>The date as the buyer reads it: the series date's name where it has one, and the start.</summary>
    public string DateText => (DateName is { Length: > 0 } name ? name + ", " : string.Empty) + Starts.ToLocalTime().ToString("ddd d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public string PriceText => Price.ToString("N2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The tickets of a sale that can be handed out: every one not voided, in sale order; null when the sale does not exist.</summary>
    public static async Task<IReadOnlyList<PrintedTicket>?> ForSaleAsync(SalesDbContext db, long saleId, CancellationToken cancellationToken)
    {
        var sale = await db.Sales.AsNoTracking().Where(s => s.Id == saleId).Select(s => new { s.Code }).SingleOrDefaultAsync(cancellationToken);
        if (sale is null)
        {
            return null;
        }

        return await db.Tickets.AsNoTracking()
            .Where(t => t.SaleId == saleId && !t.Voided)
            .OrderBy(t => t.Id)
            .Select(t => new PrintedTicket(
                t.Id,
                t.Sale!.Code,
                t.Sale.Event!.Name,
                t.SubEvent != null ? t.SubEvent.DateFrom : t.Sale.Event.DateFrom,
                t.SubEvent!.Name,
                t.Product!.Name,
                t.Variation!.Value,
                t.Seat!.Name,
                t.AttendeeName ?? t.Sale.Name,
                t.Price,
                t.Product.Admission,
                t.Secret,
                t.CheckInCode,
                t.PublicId))
            .ToListAsync(cancellationToken);
    }
}
