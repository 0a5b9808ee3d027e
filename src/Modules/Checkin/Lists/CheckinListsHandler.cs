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
            .ToListAsync(cancellationToken);

        // Default list first, then by id: the order in which the redeem engine picks a list when none is named.
        return [.. rows.OrderBy(l => l.EventId).ThenByDescending(l => l.IsDefault).ThenBy(l => l.Id)
            .Select(l => new CheckinListInfo(
                l.Id, l.OrganizerId, l.EventId, l.Name, l.IsDefault, l.SubEventId, l.AllProducts,
                [.. l.LimitProducts.Order()], [.. l.LimitVariations.Order()], [.. l.LimitVariationProducts.Order()]))];
    }
}
