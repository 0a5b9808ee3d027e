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

        var rows = await tickets.OrderBy(t => t.SaleId).ThenBy(t => t.Id)
            .Select(t => new
            {
                t.Id, t.SaleId, t.Sale!.Code, t.Sale.CreatedAt, t.Sale.Status, t.Sale.IsDeleted, t.Sale.SalesChannel, t.Sale.Email, t.Sale.Name,
                t.ProductId, t.Product!.Admission, t.Price, t.AttendeeName, SeatName = t.Seat!.Name, t.Secret, t.PublicId, t.Voided,
                t.SubEventId, t.VariationId, t.AddonToId, t.SeatId, t.Seat.SeatGuid, ProductName = t.Product.Name, VariationName = t.Variation!.Value,
            })
            .ToListAsync(cancellationToken);

        // pretix's positionid: the ticket's 1-based place within its sale, from the id order the rows already have.
        var result = new List<PositionInfo>(rows.Count);
        var position = 0;
        long previousSale = -1;
        foreach (var r in rows)
        {
            position = r.SaleId == previousSale ? position + 1 : 1;
            previousSale = r.SaleId;
            result.Add(new PositionInfo(
                r.Id, position, r.SaleId, r.Code, r.CreatedAt, r.Status.Wire(), r.IsDeleted, r.SalesChannel, r.Email, r.Name,
                r.ProductId, r.Admission, r.Price, r.AttendeeName, r.SeatName, r.Secret, r.PublicId, r.Voided,
                r.SubEventId, r.VariationId, r.AddonToId, r.SeatId, r.SeatGuid, r.ProductName, r.VariationName));
        }

        return result;
    }
}
