using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Checkin;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Lists;

internal sealed class CheckinListsHandler(CheckinDbContext db) : IRequestHandler<GetCheckinLists, IReadOnlyList<CheckinListInfo>>
{
    public async ValueTask<IReadOnlyList<CheckinListInfo>> Handle(GetCheckinLists request, CancellationToken cancellationToken)
    {
        var ids = request.EventIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Lists.AsNoTracking()
            .Where(l => ids.Contains(l.EventId) && l.DeletedAt == null)
            .Select(l => new CheckinListInfo(l.Id, l.OrganizerId, l.EventId, l.Name, l.DefaultForEventId != null, l.SubEventId))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(l => l.EventId).ThenByDescending(l => l.IsDefault).ThenBy(l => l.Id)];
    }
}
