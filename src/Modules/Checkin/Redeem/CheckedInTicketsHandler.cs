using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Checkin;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Redeem;

internal sealed class CheckedInTicketsHandler(CheckinDbContext db) : IRequestHandler<GetCheckedInTickets, IReadOnlyDictionary<long, IReadOnlyList<long>>>
{
    public async ValueTask<IReadOnlyDictionary<long, IReadOnlyList<long>>> Handle(GetCheckedInTickets request, CancellationToken cancellationToken)
    {
        var eventIds = request.EventIds.ToList();
        // Through the events' lists: check-ins are indexed by list, not by event.
        var rows = await db.Checkins.AsNoTracking()
            .Where(c => c.ListId != null && db.Lists.Any(l => l.Id == c.ListId && eventIds.Contains(l.EventId))
                && c.TicketId != null && c.Successful && !c.Reverted && c.Type == CheckinType.Entry)
            .Select(c => new { EventId = db.Lists.Where(l => l.Id == c.ListId).Select(l => l.EventId).First(), TicketId = c.TicketId!.Value })
            .Distinct()
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.EventId).ToDictionary(g => g.Key, g => (IReadOnlyList<long>)[.. g.Select(r => r.TicketId)]);
    }
}
