using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace EventOps.Modules.Sales.Admission;

/// <summary>Sales answers other modules' questions about tickets; one query each, never a tracked entity across the boundary.</summary>
internal sealed class TicketRequestHandlers(SalesDbContext db, TimeProvider clock, IPublisher publisher)
    : IRequestHandler<FindTicket, TicketInfo?>,
      IRequestHandler<FindTickets, IReadOnlyDictionary<string, TicketInfo>>,
      IRequestHandler<GetSaleTickets, IReadOnlyList<TicketInfo>>,
      IRequestHandler<FindTicketWithSale, TicketWithSale?>,
      IRequestHandler<VoidTicket, VoidTicketOutcome>
{
    public async ValueTask<TicketInfo?> Handle(FindTicket request, CancellationToken cancellationToken)
    {
        var identifier = request.Identifier.Trim();
        if (identifier.Length is 0 or > 64)
        {
            return null;
        }

        var kind = request.Kind;
        long? id = (kind is TicketIdentifierKind.Any or TicketIdentifierKind.Id) && long.TryParse(identifier, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        Guid? uuid = (kind is TicketIdentifierKind.Any or TicketIdentifierKind.Uuid) && Guid.TryParse(identifier, out var g) ? g : null;
        var code = TicketCodes.NormalizeCheckInCode(identifier);
        var organizerId = request.OrganizerId;
        var eventId = request.EventId;
        var lookups = Lookups.For(db);
        var matches = kind switch
        {
            TicketIdentifierKind.Id => id is { } ticketId ? lookups.ById(db, organizerId, eventId, ticketId) : null,
            TicketIdentifierKind.Uuid => uuid is { } ticketUuid ? lookups.ByUuid(db, organizerId, eventId, ticketUuid) : null,
            TicketIdentifierKind.Secret => lookups.BySecret(db, organizerId, eventId, identifier),
            TicketIdentifierKind.PublicId => lookups.ByPublicId(db, organizerId, eventId, identifier),
            TicketIdentifierKind.CheckInCode => lookups.ByCheckInCode(db, organizerId, eventId, code),
            _ => lookups.ByAny(db, organizerId, eventId, identifier, code, uuid, id),
        };
        if (matches is null)
        {
            return null;
        }

        var found = new List<TicketInfo>(2);
        await foreach (var ticket in matches.WithCancellation(cancellationToken))
        {
            found.Add(ticket);
        }

        return found.Count == 1 ? found[0] : found.FirstOrDefault(t => t.Secret == identifier);
    }

    public async ValueTask<IReadOnlyDictionary<string, TicketInfo>> Handle(FindTickets request, CancellationToken cancellationToken)
    {
        // Each identifier becomes the column value it must equal, read as FindTicket reads it (trimmed; a check-in code
        // without dash, space or case); one that cannot be such a value finds nothing.
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var identifier in request.Identifiers)
        {
            var trimmed = identifier.Trim();
            var key = trimmed.Length is 0 or > 64 ? null : request.Kind switch
            {
                TicketIdentifierKind.Id => long.TryParse(trimmed, System.Globalization.NumberStyles.None, invariant, out var id) ? id.ToString(invariant) : null,
                TicketIdentifierKind.Uuid => Guid.TryParse(trimmed, out var uuid) ? uuid.ToString() : null,
                TicketIdentifierKind.CheckInCode => TicketCodes.NormalizeCheckInCode(trimmed),
                TicketIdentifierKind.Secret or TicketIdentifierKind.PublicId => trimmed,
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "FindTickets matches one kind of identifier; FindTicket tries them all."),
            };
            if (key is not null)
            {
                keys[identifier] = key;
            }
        }

        if (keys.Count == 0)
        {
            return new Dictionary<string, TicketInfo>(StringComparer.Ordinal);
        }

        var tickets = db.Tickets.AsNoTracking().Where(t => t.OrganizerId == request.OrganizerId);
        if (request.EventId is { } eventId)
        {
            tickets = tickets.Where(t => t.EventId == eventId);
        }

        var values = keys.Values.Distinct(StringComparer.Ordinal).ToList();
        var ids = request.Kind == TicketIdentifierKind.Id ? values.Select(v => long.Parse(v, invariant)).ToList() : [];
        var uuids = request.Kind == TicketIdentifierKind.Uuid ? values.Select(Guid.Parse).ToList() : [];
        var (matched, keyOf) = request.Kind switch
        {
            TicketIdentifierKind.Id => (tickets.Where(t => ids.Contains(t.Id)), (Func<TicketInfo, string>)(t => t.TicketId.ToString(invariant))),
            TicketIdentifierKind.Uuid => (tickets.Where(t => uuids.Contains(t.Uuid)), t => t.Uuid.ToString()),
            TicketIdentifierKind.CheckInCode => (tickets.Where(t => values.Contains(t.CheckInCode)), t => t.CheckInCode),
            TicketIdentifierKind.Secret => (tickets.Where(t => values.Contains(t.Secret)), t => t.Secret),
            _ => (tickets.Where(t => values.Contains(t.PublicId)), t => t.PublicId),
        };
        var found = (await matched.Select(Projection).ToListAsync(cancellationToken))
            .GroupBy(keyOf, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var answer = new Dictionary<string, TicketInfo>(StringComparer.Ordinal);
        foreach (var (identifier, key) in keys)
        {
            if (found.TryGetValue(key, out var ticket))
            {
                answer[identifier] = ticket;
            }
        }

        return answer;
    }

    /// <summary>All of a sale's tickets in position order.</summary>
    public async ValueTask<IReadOnlyList<TicketInfo>> Handle(GetSaleTickets request, CancellationToken cancellationToken)
    {
        var tickets = new List<TicketInfo>();
        await foreach (var ticket in Lookups.For(db).OfSale(db, request.OrganizerId, request.SaleId).WithCancellation(cancellationToken))
        {
            tickets.Add(ticket);
        }

        return tickets;
    }

    public async ValueTask<TicketWithSale?> Handle(FindTicketWithSale request, CancellationToken cancellationToken)
    {
        var rows = new List<SaleRow>();
        await foreach (var row in Lookups.For(db).WithSaleByUuid(db, request.OrganizerId, request.Uuid).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        if (rows.Count == 0)
        {
            return null;
        }

        var first = rows[0];
        return new TicketWithSale(first.Ticket, first.BuyerEmail, first.VenueName, first.VenueCity, [.. rows.OrderBy(r => r.Position).Select(r => r.SaleTicket)]);
    }

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

    internal static IQueryable<TicketInfo> Project(IQueryable<Ticket> tickets) => tickets.Select(Projection);

    private static readonly System.Linq.Expressions.Expression<Func<Ticket, TicketInfo>> Projection = t => new TicketInfo(
            t.Id, t.Uuid, t.PublicId, t.Secret, t.CheckInCode, t.OrganizerId,
            t.EventId, t.Sale!.Event!.Slug, t.Sale.Event.Name, t.Sale.Event.DateFrom, t.Sale.Event.DateTo,
            t.SaleId, t.Sale.Code, t.Sale.Status.Wire(),
            t.Sale.IsDeleted, t.Sale.UpdatedAt, t.Sale.SalesChannel, t.Sale.Name,
            t.ProductId, t.Product!.Name, t.Product.Admission, t.Product.MultiscanLimit, t.Price,
            t.AttendeeName, t.Seat!.Name, t.Voided, t.VoidedAt, t.PositionId,
            t.SubEventId, t.SubEvent!.Name, (DateTimeOffset?)t.SubEvent.DateFrom, t.SubEvent.DateTo,
            t.VariationId, t.Variation!.Value, t.AddonToId, t.SeatId, t.Seat.SeatGuid, t.Sale.Event.VenueId);

    /// <summary>
    /// A row of <see cref="FindTicketWithSale"/>: the scanned ticket (the same on every row) beside one ticket of its sale.
    /// The sale's tickets are few; they are put in position order after the read.
    /// </summary>
    private sealed record SaleRow(TicketInfo Ticket, SaleTicketSummary SaleTicket, int Position, string? BuyerEmail, string? VenueName, string? VenueCity);

    /// <summary><see cref="Projection"/> of the scanned ticket <c>t</c> beside the summary of <c>o</c>, a ticket of its sale.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Ticket, Ticket, SaleRow>> WithSaleTicket = ComposeWithSaleTicket();

    private static System.Linq.Expressions.Expression<Func<Ticket, Ticket, SaleRow>> ComposeWithSaleTicket()
    {
        System.Linq.Expressions.Expression<Func<Ticket, Ticket, TicketInfo, SaleRow>> row = (t, o, info) => new SaleRow(
            info, new SaleTicketSummary(o.Id, o.Uuid, o.Seat!.Name, o.AttendeeName, o.Voided, o.VoidedAt, o.Product!.Name, o.Variation!.Value), o.PositionId,
            t.Sale!.Email, t.Sale.Event!.Venue!.Name, t.Sale.Event.Venue.City);
        var info = ReplacingExpressionVisitor.Replace(Projection.Parameters[0], row.Parameters[0], Projection.Body);
        return System.Linq.Expressions.Expression.Lambda<Func<Ticket, Ticket, SaleRow>>(
            ReplacingExpressionVisitor.Replace(row.Parameters[2], info, row.Body), row.Parameters[0], row.Parameters[1]);
    }

    // Every scan asks these: compiled once per model, a lookup skips building, hashing and caching the LINQ tree.
    // A null event id drops its condition (EF compiles the SQL per parameter nullability).
    private static readonly PerModel<CompiledLookups> Lookups = new(() => new CompiledLookups());

    private sealed class CompiledLookups
    {
        public readonly Func<SalesDbContext, long, long?, long, IAsyncEnumerable<TicketInfo>> ById = EF.CompileAsyncQuery(
        (SalesDbContext db, long organizerId, long? eventId, long id) =>
                db.Tickets.AsNoTracking().Where(t => t.OrganizerId == organizerId && (eventId == null || t.EventId == eventId) && t.Id == id).Select(Projection).Take(2));

        public readonly Func<SalesDbContext, long, long?, Guid, IAsyncEnumerable<TicketInfo>> ByUuid = EF.CompileAsyncQuery(
        (SalesDbContext db, long organizerId, long? eventId, Guid uuid) =>
                db.Tickets.AsNoTracking().Where(t => t.OrganizerId == organizerId && (eventId == null || t.EventId == eventId) && t.Uuid == uuid).Select(Projection).Take(2));

        public readonly Func<SalesDbContext, long, long?, string, IAsyncEnumerable<TicketInfo>> BySecret = EF.CompileAsyncQuery(
        (SalesDbContext db, long organizerId, long? eventId, string secret) =>
                db.Tickets.AsNoTracking().Where(t => t.OrganizerId == organizerId && (eventId == null || t.EventId == eventId) && t.Secret == secret).Select(Projection).Take(2));

        public readonly Func<SalesDbContext, long, long?, string, IAsyncEnumerable<TicketInfo>> ByPublicId = EF.CompileAsyncQuery(
        (SalesDbContext db, long organizerId, long? eventId, string publicId) =>
                db.Tickets.AsNoTracking().Where(t => t.OrganizerId == organizerId && (eventId == null || t.EventId == eventId) && t.PublicId == publicId).Select(Projection).Take(2));

        public readonly Func<SalesDbContext, long, long?, string, IAsyncEnumerable<TicketInfo>> ByCheckInCode = EF.CompileAsyncQuery(
        (SalesDbContext db, long organizerId, long? eventId, string code) =>
                db.Tickets.AsNoTracking().Where(t => t.OrganizerId == organizerId && (eventId == null || t.EventId == eventId) && t.CheckInCode == code).Select(Projection).Take(2));

        public readonly Func<SalesDbContext, long, long, IAsyncEnumerable<TicketInfo>> OfSale = EF.CompileAsyncQuery(
        (SalesDbContext db, long organizerId, long saleId) =>
                db.Tickets.AsNoTracking().Where(t => t.OrganizerId == organizerId && t.SaleId == saleId).OrderBy(t => t.PositionId).Select(Projection));

        public readonly Func<SalesDbContext, long, Guid, IAsyncEnumerable<SaleRow>> WithSaleByUuid = EF.CompileAsyncQuery(
        (SalesDbContext db, long organizerId, Guid uuid) =>
                db.Tickets.AsNoTracking().Where(t => t.OrganizerId == organizerId && t.Uuid == uuid)
                    .SelectMany(t => db.Tickets.Where(o => o.SaleId == t.SaleId && o.OrganizerId == organizerId), WithSaleTicket));

        public readonly Func<SalesDbContext, long, long?, string, string, Guid?, long?, IAsyncEnumerable<TicketInfo>> ByAny = EF.CompileAsyncQuery(
        (SalesDbContext db, long organizerId, long? eventId, string identifier, string code, Guid? uuid, long? id) =>
                db.Tickets.AsNoTracking()
                    .Where(t => t.OrganizerId == organizerId && (eventId == null || t.EventId == eventId)
                        && (t.Secret == identifier || t.PublicId == identifier || t.CheckInCode == code || t.Uuid == uuid || t.Id == id))
                    .Select(Projection).Take(2));
    }
}
