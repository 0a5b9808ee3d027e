using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Admission;

/// <summary>Answers the scanning surfaces' read-only questions; every query is organizer-scoped and untracked.</summary>
internal sealed class ScannerRequestHandlers(SalesDbContext db)
    : IRequestHandler<GetEvents, IReadOnlyList<EventSummary>>,
      IRequestHandler<GetEventTicketPage, IReadOnlyList<EventTicketRow>>,
      IRequestHandler<GetEventTicketsVersion, EventTicketsVersion>,
      IRequestHandler<SearchTickets, IReadOnlyList<TicketInfo>>,
      IRequestHandler<GetVenue, VenueInfo?>,
      IRequestHandler<GetSubEvents, IReadOnlyList<SubEventInfo>>
{
    public async ValueTask<IReadOnlyList<SubEventInfo>> Handle(GetSubEvents request, CancellationToken cancellationToken) =>
        await db.SubEvents.AsNoTracking()
            .Where(d => d.EventId == request.EventId && db.Events.Any(e => e.Id == d.EventId && e.OrganizerId == request.OrganizerId))
            .OrderBy(d => d.DateFrom).ThenBy(d => d.Id)
            .Select(d => new SubEventInfo(d.Id, d.Name, d.DateFrom, d.DateTo, d.Active))
            .ToListAsync(cancellationToken);

    public async ValueTask<IReadOnlyList<EventSummary>> Handle(GetEvents request, CancellationToken cancellationToken)
    {
        var events = new List<EventSummary>();
        await foreach (var found in Queries.For(db).Events(db, request.OrganizerId, request.Slug, request.EventId, request.NotEndedAt).WithCancellation(cancellationToken))
        {
            events.Add(found);
        }

        return events;
    }

    public async ValueTask<IReadOnlyList<EventTicketRow>> Handle(GetEventTicketPage request, CancellationToken cancellationToken)
    {
        var tickets = db.Tickets.AsNoTracking()
            .Where(t => t.OrganizerId == request.OrganizerId && t.EventId == request.EventId && t.Id > request.AfterTicketId);
        if (request.ValidOnly)
        {
            tickets = Valid(tickets);
        }

        return await tickets.OrderBy(t => t.Id).Take(Math.Clamp(request.Limit, 1, 5000))
            .Select(t => new EventTicketRow(
                t.Id, t.PublicId, t.CheckInCode, t.Product!.Name, t.Product.MultiscanLimit,
                t.Sale!.Name, t.Sale.Status.Wire(), t.Sale.IsDeleted, t.Sale.UpdatedAt, t.Voided, t.VoidedAt,
                t.Product.Admission, t.SubEventId, t.SubEvent!.Name, (DateTimeOffset?)t.SubEvent.DateFrom, t.SubEvent.DateTo,
                t.VariationId, t.Variation!.Value, t.Seat!.Name, t.ProductId, t.Secret))
            .ToListAsync(cancellationToken);
    }

    public async ValueTask<EventTicketsVersion> Handle(GetEventTicketsVersion request, CancellationToken cancellationToken)
    {
        // Tickets are never deleted and a void is one-way, so count, last id and voided count see every ticket change;
        // a sale's status, deletion and buyer name change only through writes that bump its revision.
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.OrganizerId == request.OrganizerId && t.EventId == request.EventId)
            .GroupBy(t => 1)
            .Select(g => new { Count = g.LongCount(), Last = g.Max(t => t.Id), Voided = g.LongCount(t => t.Voided) })
            .SingleOrDefaultAsync(cancellationToken);
        var revisions = await db.Sales.AsNoTracking()
            .Where(s => s.OrganizerId == request.OrganizerId && s.EventId == request.EventId)
            .SumAsync(s => s.Revision, cancellationToken);
        var products = await db.Products.AsNoTracking()
            .Where(p => p.EventId == request.EventId)
            .OrderBy(p => p.Id)
            .Select(p => new ProductLabel(p.Id, p.Name, p.MultiscanLimit, p.Admission))
            .ToListAsync(cancellationToken);
        var variations = await db.Variations.AsNoTracking()
            .Where(v => db.Products.Any(p => p.Id == v.ProductId && p.EventId == request.EventId))
            .OrderBy(v => v.Id).Select(v => v.Id + ":" + v.Value).ToListAsync(cancellationToken);
        var dates = await db.SubEvents.AsNoTracking()
            .Where(d => d.EventId == request.EventId)
            .OrderBy(d => d.Id).Select(d => new { d.Id, d.Name, d.DateFrom, d.DateTo }).ToListAsync(cancellationToken);
        var labels = string.Join('|', variations.Concat(dates.Select(d => $"{d.Id}:{d.Name}:{d.DateFrom.UtcTicks}:{d.DateTo?.UtcTicks}")));
        return new EventTicketsVersion(tickets?.Count ?? 0, tickets?.Last ?? 0, tickets?.Voided ?? 0, revisions, products, labels);
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
        await Queries.For(db).Venue(db, request.OrganizerId, request.VenueId, cancellationToken);

    // Scanner surfaces ask these on every scan: compiled once per model, a call skips building and hashing the LINQ tree.
    // A null parameter drops its condition (EF compiles the SQL per parameter nullability).
    private static readonly PerModel<CompiledQueries> Queries = new(() => new CompiledQueries());

    private sealed class CompiledQueries
    {
        public readonly Func<SalesDbContext, long, string?, long?, DateTimeOffset?, IAsyncEnumerable<EventSummary>> Events = EF.CompileAsyncQuery(
            (SalesDbContext db, long organizerId, string? slug, long? eventId, DateTimeOffset? notEndedAt) =>
                db.Events.AsNoTracking()
                    .Where(e => e.OrganizerId == organizerId && (slug == null || e.Slug == slug) && (eventId == null || e.Id == eventId)
                        && (notEndedAt == null || (e.DateTo ?? e.DateFrom) >= notEndedAt))
                    .OrderBy(e => e.DateFrom).ThenBy(e => e.Id)
                    .Select(e => new EventSummary(e.Id, e.Slug, e.Name, e.DateFrom, e.DateTo, e.VenueId, e.Venue!.Name, e.Venue.City, e.HasSubevents)));

        public readonly Func<SalesDbContext, long, long, CancellationToken, Task<VenueInfo?>> Venue = EF.CompileAsyncQuery(
            (SalesDbContext db, long organizerId, long venueId, CancellationToken _) =>
                db.Venues.AsNoTracking().Where(v => v.Id == venueId && v.OrganizerId == organizerId).Select(v => new VenueInfo(v.Id, v.Name, v.City)).SingleOrDefault());
    }

    private static IQueryable<Ticket> Valid(IQueryable<Ticket> tickets) =>
        tickets.Where(t => !t.Voided && !t.Sale!.IsDeleted && t.Sale.Status == SaleStatus.Paid);
}
