using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Admission;

/// <summary>Sales answers other modules' questions about tickets; one query each, never a tracked entity across the boundary.</summary>
internal sealed class TicketRequestHandlers(SalesDbContext db, TimeProvider clock, IPublisher publisher)
    : IRequestHandler<FindTicket, TicketInfo?>, IRequestHandler<GetSaleTickets, IReadOnlyList<TicketInfo>>, IRequestHandler<VoidTicket, VoidTicketOutcome>
{
    public async ValueTask<TicketInfo?> Handle(FindTicket request, CancellationToken cancellationToken)
    {
        var identifier = request.Identifier.Trim();
        if (identifier.Length is 0 or > 64)
        {
            return null;
        }

        var tickets = db.Tickets.AsNoTracking().Where(t => t.OrganizerId == request.OrganizerId);
        if (request.EventId is { } eventId)
        {
            tickets = tickets.Where(t => t.EventId == eventId);
        }

        var kind = request.Kind;
        long? id = (kind is TicketIdentifierKind.Any or TicketIdentifierKind.Id) && long.TryParse(identifier, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        Guid? uuid = (kind is TicketIdentifierKind.Any or TicketIdentifierKind.Uuid) && Guid.TryParse(identifier, out var g) ? g : null;
        var code = TicketCodes.NormalizeCheckInCode(identifier);
        var matched = kind switch
        {
            TicketIdentifierKind.Id => tickets.Where(t => t.Id == id),
            TicketIdentifierKind.Uuid => tickets.Where(t => t.Uuid == uuid),
            TicketIdentifierKind.Secret => tickets.Where(t => t.Secret == identifier),
            TicketIdentifierKind.PublicId => tickets.Where(t => t.PublicId == identifier),
            TicketIdentifierKind.CheckInCode => tickets.Where(t => t.CheckInCode == code),
            _ => tickets.Where(t => t.Secret == identifier || t.PublicId == identifier || t.CheckInCode == code || t.Uuid == uuid || t.Id == id),
        };
        var found = await Project(matched).Take(2).ToListAsync(cancellationToken);
        return found.Count == 1 ? found[0] : found.FirstOrDefault(t => t.Secret == identifier);
    }

    public async ValueTask<IReadOnlyList<TicketInfo>> Handle(GetSaleTickets request, CancellationToken cancellationToken) =>
        await Project(db.Tickets.AsNoTracking().Where(t => t.OrganizerId == request.OrganizerId && t.SaleId == request.SaleId).OrderBy(t => t.Id))
            .ToListAsync(cancellationToken);

    public async ValueTask<VoidTicketOutcome> Handle(VoidTicket request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var updated = await db.Tickets
            .Where(t => t.Id == request.TicketId && t.OrganizerId == request.OrganizerId && !t.Voided)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Voided, true).SetProperty(t => t.VoidedAt, now), cancellationToken);
        if (updated == 0)
        {
            var exists = await db.Tickets.AnyAsync(t => t.Id == request.TicketId && t.OrganizerId == request.OrganizerId, cancellationToken);
            return exists ? VoidTicketOutcome.AlreadyVoided : VoidTicketOutcome.NotFound;
        }

        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == request.TicketId).Select(t => new { t.EventId, t.SaleId }).SingleAsync(cancellationToken);
        await publisher.Publish(new TicketVoided(request.OrganizerId, ticket.EventId, ticket.SaleId, request.TicketId), cancellationToken);
        return VoidTicketOutcome.Voided;
    }

    internal static IQueryable<TicketInfo> Project(IQueryable<Ticket> tickets) =>
        tickets.Select(t => new TicketInfo(
            t.Id, t.Uuid, t.PublicId, t.Secret, t.CheckInCode, t.OrganizerId,
            t.EventId, t.Sale!.Event!.Slug, t.Sale.Event.Name, t.Sale.Event.DateFrom, t.Sale.Event.DateTo,
            t.SaleId, t.Sale.Code, t.Sale.Status.Wire(),
            t.Sale.IsDeleted, t.Sale.UpdatedAt, t.Sale.SalesChannel, t.Sale.Name,
            t.ProductId, t.Product!.Name, t.Product.Admission, t.Product.MultiscanLimit, t.Price,
            t.AttendeeName, t.Seat, t.Voided, t.VoidedAt, t.Sale.Tickets.Count(o => o.Id <= t.Id)));
}
