using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Admission;

/// <summary>Answers the Checkin module's questions about an event's catalog and tickets; read-only, one query each.</summary>
internal sealed class EventRequestHandlers(SalesDbContext db)
    : IRequestHandler<GetOrganizer, OrganizerInfo?>, IRequestHandler<GetAllEvents, IReadOnlyList<EventRef>>, IRequestHandler<FindEvent, EventInfo?>, IRequestHandler<GetEventPositions, IReadOnlyList<PositionInfo>>
{
    public async ValueTask<OrganizerInfo?> Handle(GetOrganizer request, CancellationToken cancellationToken) =>
        await db.Organizers.AsNoTracking().Where(o => o.Id == request.OrganizerId)
            .Select(o => new OrganizerInfo(o.Id, o.Slug, o.Name)).SingleOrDefaultAsync(cancellationToken);

    public async ValueTask<IReadOnlyList<EventRef>> Handle(GetAllEvents request, CancellationToken cancellationToken) =>
        await db.Events.AsNoTracking().OrderBy(e => e.Id).Select(e => new EventRef(e.OrganizerId, e.Id, e.Slug)).ToListAsync(cancellationToken);

    public async ValueTask<EventInfo?> Handle(FindEvent request, CancellationToken cancellationToken)
    {
        if (request.Slug.Length is 0 or > 50)
        {
            return null;
        }

        var found = await db.Events.AsNoTracking()
            .Where(e => e.OrganizerId == request.OrganizerId && e.Slug == request.Slug)
            .AsSingleQuery()
            .Select(e => new
            {
                e.Id, e.OrganizerId, e.Slug, e.Name, e.DateFrom, e.DateTo, e.HasSubevents,
                SubEvents = db.SubEvents.Where(d => d.EventId == e.Id).OrderBy(d => d.DateFrom).ThenBy(d => d.Id)
                    .Select(d => new SubEventInfo(d.Id, d.Name, d.DateFrom, d.DateTo, d.Active)).ToList(),
                Products = db.Products.Where(p => p.EventId == e.Id).OrderBy(p => p.Id)
                    .Select(p => new ProductInfo(p.Id, p.Name, p.Admission, p.MultiscanLimit,
                        p.Variations.OrderBy(v => v.Id).Select(v => new VariationInfo(v.Id, v.Value)).ToList())).ToList(),
                Channels = db.SalesChannels.Where(c => c.OrganizerId == e.OrganizerId).OrderBy(c => c.Identifier).Select(c => c.Identifier).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : new EventInfo(found.Id, found.OrganizerId, found.Slug, found.Name, found.DateFrom, found.DateTo, found.Products, found.Channels,
            found.HasSubevents, found.SubEvents);
    }

    public async ValueTask<IReadOnlyList<PositionInfo>> Handle(GetEventPositions request, CancellationToken cancellationToken)
    {
        var tickets = db.Tickets.AsNoTracking().Where(t => t.OrganizerId == request.OrganizerId && t.EventId == request.EventId);
        if (request.SaleStatus is { } wanted && SaleWords.TryParseStatus(wanted, out var status))
        {
            tickets = tickets.Where(t => t.Sale!.Status == status && !t.Sale.IsDeleted);
        }

        if (request.SalesChannels is { } channels)
        {
            var list = channels.ToList();
            tickets = tickets.Where(t => list.Contains(t.Sale!.SalesChannel));
        }

        if (request.SaleId is { } saleId)
        {
            tickets = tickets.Where(t => t.SaleId == saleId);
        }

        if (request.SubEventId is { } subEventId)
        {
            tickets = tickets.Where(t => t.SubEventId == subEventId);
        }

        return await tickets.OrderBy(t => t.SaleId).ThenBy(t => t.PositionId)
            .Select(t => new PositionInfo(
                t.Id, t.PositionId, t.SaleId, t.Sale!.Code, t.Sale.CreatedAt, t.Sale.Status.Wire(), t.Sale.IsDeleted, t.Sale.SalesChannel, t.Sale.Email, t.Sale.Name,
                t.ProductId, t.Product!.Admission, t.Price, t.AttendeeName, t.Seat!.Name, t.Secret, t.PublicId, t.Voided,
                t.SubEventId, t.VariationId, t.AddonToId, t.SeatId, t.Seat.SeatGuid, t.Product.Name, t.Variation!.Value))
            .ToListAsync(cancellationToken);
    }
}
