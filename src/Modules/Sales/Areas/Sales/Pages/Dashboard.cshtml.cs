using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Checkin;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

internal sealed class DashboardModel(SalesDbContext db, Capacity capacity, ISender sender) : PageModel
{
    internal sealed record StatusLine(SaleStatus Status, int Count, decimal Total);

    /// <summary>
    /// The door and capacity figures of an event, or of one date of a series: admission tickets of paid sales (pretix's
    /// dashboard counts admission products only) and how many of them are in, and each quota's use.
    /// </summary>
    internal sealed record DoorLine(string? DateName, DateTimeOffset? DateFrom, int CheckedIn, int Admissions, IReadOnlyList<QuotaAvailability> Quotas);

    internal sealed record EventSummary(
        long Id, string Name, string Slug, DateTimeOffset DateFrom, string? Venue, IReadOnlyList<StatusLine> Lines, int Deleted, IReadOnlyList<DoorLine> Door)
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

        var door = await DoorAsync([.. events.Select(e => e.Id)], cancellationToken);
        Events = [.. events.Select(e => new EventSummary(
            e.Id, e.Name, e.Slug, e.DateFrom, e.Venue,
            [.. Enum.GetValues<SaleStatus>().Select(status =>
            {
                var live = groups.Where(g => g.EventId == e.Id && g.Status == status && !g.IsDeleted).ToList();
                return new StatusLine(status, live.Sum(g => g.Count), live.Sum(g => g.Total));
            })],
            groups.Where(g => g.EventId == e.Id && g.IsDeleted).Sum(g => g.Count),
            door.GetValueOrDefault(e.Id, [])))];
    }

    private async Task<Dictionary<long, IReadOnlyList<DoorLine>>> DoorAsync(IReadOnlyList<long> eventIds, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<long, IReadOnlyList<long>> checkedIn;
        try
        {
            checkedIn = await sender.Send(new GetCheckedInTickets(eventIds), cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // The Checkin module is switched off: nothing is checked in anywhere.
            checkedIn = new Dictionary<long, IReadOnlyList<long>>();
        }

        var admissions = db.Tickets.AsNoTracking()
            .Where(t => eventIds.Contains(t.EventId) && t.Product!.Admission && !t.Voided && !t.Sale!.IsDeleted && t.Sale.Status == SaleStatus.Paid);
        var expected = await admissions.GroupBy(t => new { t.EventId, t.SubEventId }).Select(g => new { g.Key.EventId, g.Key.SubEventId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var inIds = checkedIn.Values.SelectMany(ids => ids).ToList();
        var inside = inIds.Count == 0
            ? []
            : await admissions.Where(t => inIds.Contains(t.Id)).GroupBy(t => new { t.EventId, t.SubEventId })
                .Select(g => new { g.Key.EventId, g.Key.SubEventId, Count = g.Count() }).ToListAsync(cancellationToken);
        var dates = await db.SubEvents.AsNoTracking().Where(d => eventIds.Contains(d.EventId)).OrderBy(d => d.DateFrom).ToListAsync(cancellationToken);

        var result = new Dictionary<long, IReadOnlyList<DoorLine>>();
        foreach (var eventId in eventIds)
        {
            var quotas = await capacity.AvailabilityAsync(eventId, null, cancellationToken);
            var lines = new List<DoorLine>();
            var eventDates = dates.Where(d => d.EventId == eventId).ToList();
            if (eventDates.Count == 0)
            {
                lines.Add(new DoorLine(null, null, inside.Where(i => i.EventId == eventId).Sum(i => i.Count), expected.Where(i => i.EventId == eventId).Sum(i => i.Count), quotas));
            }

            lines.AddRange(eventDates.Select(d => new DoorLine(
                d.Name, d.DateFrom,
                inside.Where(i => i.EventId == eventId && i.SubEventId == d.Id).Sum(i => i.Count),
                expected.Where(i => i.EventId == eventId && i.SubEventId == d.Id).Sum(i => i.Count),
                [.. quotas.Where(q => q.Quota.SubEventId == d.Id)])));
            result[eventId] = lines;
        }

        return result;
    }
}
