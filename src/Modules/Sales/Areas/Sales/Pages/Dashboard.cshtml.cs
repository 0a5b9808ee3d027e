using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

internal sealed class DashboardModel(SalesDbContext db) : PageModel
{
    internal sealed record StatusLine(SaleStatus Status, int Count, decimal Total);

    internal sealed record EventSummary(long Id, string Name, string Slug, DateTimeOffset DateFrom, string? Venue, IReadOnlyList<StatusLine> Lines, int Deleted)
    {
        public int Count => Lines.Sum(l => l.Count);

        /// <summary>Money kept: paid sales only (refunded money went back, unpaid has not come in).</summary>
        public decimal Revenue => Lines.Where(l => l.Status == SaleStatus.Paid).Sum(l => l.Total);

        public decimal Outstanding => Lines.Where(l => l.Status is SaleStatus.Pending or SaleStatus.Unpaid).Sum(l => l.Total);
    }

    public IReadOnlyList<EventSummary> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var events = await db.Events.AsNoTracking()
            .OrderBy(e => e.DateFrom)
            .Select(e => new { e.Id, e.Name, e.Slug, e.DateFrom, Venue = e.Venue == null ? null : e.Venue.Name })
            .ToListAsync(cancellationToken);

        // One grouped query for every event: counts and totals per (event, status, deleted), whatever the number of sales.
        var groups = await db.Sales.AsNoTracking()
            .GroupBy(s => new { s.EventId, s.Status, s.IsDeleted })
            .Select(g => new { g.Key.EventId, g.Key.Status, g.Key.IsDeleted, Count = g.Count(), Total = g.Sum(s => s.Total) })
            .ToListAsync(cancellationToken);

        Events = [.. events.Select(e => new EventSummary(
            e.Id, e.Name, e.Slug, e.DateFrom, e.Venue,
            [.. Enum.GetValues<SaleStatus>().Select(status =>
            {
                var live = groups.Where(g => g.EventId == e.Id && g.Status == status && !g.IsDeleted).ToList();
                return new StatusLine(status, live.Sum(g => g.Count), live.Sum(g => g.Total));
            })],
            groups.Where(g => g.EventId == e.Id && g.IsDeleted).Sum(g => g.Count)))];
    }
}
