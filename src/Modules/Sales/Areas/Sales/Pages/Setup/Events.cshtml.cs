using EventOps.Modules.Sales.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages.Setup;

/// <summary>The organizer's events, the start of every set-up page.</summary>
[Authorize(Roles = "Admin")]
internal sealed class EventsModel(SalesDbContext db) : PageModel
{
    internal sealed record Row(long Id, string Name, string Slug, DateTimeOffset DateFrom, DateTimeOffset? DateTo, bool HasSubevents, int Dates, int Products, int Quotas, int Seats);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rows = await db.Events.AsNoTracking().OrderBy(e => e.DateFrom)
            .Select(e => new Row(
                e.Id, e.Name, e.Slug, e.DateFrom, e.DateTo, e.HasSubevents,
                db.SubEvents.Count(d => d.EventId == e.Id), db.Products.Count(p => p.EventId == e.Id), db.Quotas.Count(q => q.EventId == e.Id),
                db.Seats.Count(s => s.EventId == e.Id)))
            .ToListAsync(cancellationToken);
}
