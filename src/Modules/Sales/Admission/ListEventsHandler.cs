using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Admission;

internal sealed class ListEventsHandler(SalesDbContext db) : IRequestHandler<ListEvents, IReadOnlyList<EventSummaryInfo>>
{
    public async ValueTask<IReadOnlyList<EventSummaryInfo>> Handle(ListEvents request, CancellationToken cancellationToken) =>
        await db.Events.AsNoTracking().OrderBy(e => e.DateFrom).ThenBy(e => e.Id)
            .Select(e => new EventSummaryInfo(e.Id, e.OrganizerId, e.Slug, e.Name, e.DateFrom))
            .ToListAsync(cancellationToken);
}
