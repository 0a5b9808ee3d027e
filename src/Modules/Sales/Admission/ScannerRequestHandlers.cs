using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Admission;

/// <summary>Answers the scanning surfaces' read-only questions; every query is organizer-scoped and untracked.</summary>
internal sealed class ScannerRequestHandlers(SalesDbContext db)
    : IRequestHandler<GetEvents, IReadOnlyList<EventSummary>>,
      IRequestHandler<GetEventTicketPage, IReadOnlyList<TicketInfo>>,
      IRequestHandler<SearchTickets, IReadOnlyList<TicketInfo>>,
      IRequestHandler<GetVenue, VenueInfo?>,
      IRequestHandler<GetSaleEmail, string?>
{
    public async ValueTask<IReadOnlyList<EventSummary>> Handle(GetEvents request, CancellationToken cancellationToken)
    {
        var events = db.Events.AsNoTracking().Where(e => e.OrganizerId == request.OrganizerId);
        if (request.Slug is { } slug)
        {
            events = events.Where(e => e.Slug == slug);
        }

        if (request.EventId is { } eventId)
        {
            events = events.Where(e => e.Id == eventId);
        }

        if (request.NotEndedAt is { } now)
        {
            events = events.Where(e => (e.DateTo ?? e.DateFrom) >= now);
        }

        return await events.OrderBy(e => e.DateFrom).ThenBy(e => e.Id)
            .Select(e => new EventSummary(e.Id, e.Slug, e.Name, e.DateFrom, e.DateTo, e.VenueId, e.Venue!.Name, e.Venue.City))
            .ToListAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<TicketInfo>> Handle(GetEventTicketPage request, CancellationToken cancellationToken)
    {
        var tickets = db.Tickets.AsNoTracking()
            .Where(t => t.OrganizerId == request.OrganizerId && t.EventId == request.EventId && t.Id > request.AfterTicketId);
        if (request.ValidOnly)
        {
            tickets = Valid(tickets);
        }

        return await TicketRequestHandlers.Project(tickets.OrderBy(t => t.Id).Take(Math.Clamp(request.Limit, 1, 5000))).ToListAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<TicketInfo>> Handle(SearchTickets request, CancellationToken cancellationToken)
    {
        var query = request.Query.Trim();
        if (query.Length is 0 or > 200)
        {
            return [];
        }

        var tickets = db.Tickets.AsNoTracking().Where(t => t.OrganizerId == request.OrganizerId);
        if (request.EventId is { } eventId)
        {
            tickets = tickets.Where(t => t.EventId == eventId);
        }

        var limit = Math.Clamp(request.Limit, 1, 500);
        var code = TicketCodes.NormalizeCheckInCode(query);
        var exact = await TicketRequestHandlers.Project(tickets.Where(t => t.CheckInCode == code || t.PublicId == query).OrderBy(t => t.Id).Take(limit))
            .ToListAsync(cancellationToken);
        if (exact.Count > 0)
        {
            return exact;
        }

        var lower = query.ToLowerInvariant();
        return await TicketRequestHandlers.Project(Valid(tickets)
                .Where(t => t.Sale!.Name.ToLower().Contains(lower) || (t.AttendeeName != null && t.AttendeeName.ToLower().Contains(lower)) || t.Sale.Email.ToLower() == lower)
                .OrderBy(t => t.Id).Take(limit))
            .ToListAsync(cancellationToken);
    }

    public async ValueTask<VenueInfo?> Handle(GetVenue request, CancellationToken cancellationToken) =>
        await db.Venues.AsNoTracking().Where(v => v.Id == request.VenueId && v.OrganizerId == request.OrganizerId)
            .Select(v => new VenueInfo(v.Id, v.Name, v.City)).SingleOrDefaultAsync(cancellationToken);

    public async ValueTask<string?> Handle(GetSaleEmail request, CancellationToken cancellationToken) =>
        await db.Sales.AsNoTracking().Where(s => s.Id == request.SaleId && s.OrganizerId == request.OrganizerId)
            .Select(s => s.Email).SingleOrDefaultAsync(cancellationToken);

    private static IQueryable<Ticket> Valid(IQueryable<Ticket> tickets) =>
        tickets.Where(t => !t.Voided && !t.Sale!.IsDeleted && t.Sale.Status == SaleStatus.Paid);
}
