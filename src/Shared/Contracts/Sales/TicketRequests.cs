using Mediator;

namespace EventOps.Shared.Contracts.Sales;

/// <summary>Which of a ticket's five names (CONTRACT.md) an identifier is; Any tries them all.</summary>
public enum TicketIdentifierKind
{
    Any,
    Id,
    Uuid,
    Secret,
    PublicId,
    CheckInCode,
}

/// <summary>
/// Everything admission needs to know about one ticket, answered by Sales in one query. <c>PositionId</c> is the
/// ticket's 1-based place in its sale (pretix <c>positionid</c>). <c>Seat</c> is the seat's display name; the date
/// (<c>SubEvent*</c>, pretix sub-event), variation and seat are null where the ticket has none. <c>VenueId</c> is the
/// event's venue, so a surface bound to a venue needs no second query for the event.
/// </summary>
public sealed record TicketInfo(
    long TicketId,
    Guid Uuid,
    string PublicId,
    string Secret,
    string CheckInCode,
    long OrganizerId,
    long EventId,
    string EventSlug,
    string EventName,
    DateTimeOffset EventStart,
    DateTimeOffset? EventEnd,
    long SaleId,
    string SaleCode,
    string SaleStatus,
    bool SaleDeleted,
    DateTimeOffset SaleUpdatedAt,
    string SalesChannel,
    string BuyerName,
    long ProductId,
    string ProductName,
    bool Admission,
    int MultiscanLimit,
    decimal Price,
    string? AttendeeName,
    string? Seat,
    bool Voided,
    DateTimeOffset? VoidedAt,
    int PositionId = 1,
    long? SubEventId = null,
    string? SubEventName = null,
    DateTimeOffset? SubEventStart = null,
    DateTimeOffset? SubEventEnd = null,
    long? VariationId = null,
    string? VariationName = null,
    long? AddonToId = null,
    long? SeatId = null,
    string? SeatGuid = null,
    long? VenueId = null)
{
    /// <summary>What the ticket is, as door staff read it: the product, and its variation where it has one.</summary>
    public string ProductLabel => LabelOf(ProductName, VariationName);

    public static string LabelOf(string productName, string? variationName) => variationName is null ? productName : $"{productName} – {variationName}";

    /// <summary>When the ticket's event (or its date, on a series) starts and ends.</summary>
    public DateTimeOffset Starts => SubEventStart ?? EventStart;

    public DateTimeOffset? Ends => SubEventId is null ? EventEnd : SubEventEnd;

    public bool IsPaid => SaleStatus == "paid";

    /// <summary>Refunded, cancelled, expired or deleted: the sale no longer gives entry (pretix "canceled").</summary>
    public bool IsCanceled => SaleDeleted || SaleStatus is "refunded" or "cancelled" or "expired";

    public bool IsPendingPayment => SaleStatus is "pending" or "unpaid";
}

/// <summary>Finds a ticket of the organizer by any of its identifiers (optionally within one event).</summary>
public sealed record FindTicket(long OrganizerId, string Identifier, TicketIdentifierKind Kind = TicketIdentifierKind.Any, long? EventId = null)
    : IRequest<TicketInfo?>;

/// <summary>
/// Many tickets of the organizer by one kind of identifier (not <see cref="TicketIdentifierKind.Any"/>), in one query:
/// each identifier finds what <see cref="FindTicket"/> would, and the answer is keyed by the identifier as given,
/// without the ones that found nothing.
/// </summary>
public sealed record FindTickets(long OrganizerId, IReadOnlyList<string> Identifiers, TicketIdentifierKind Kind, long? EventId = null)
    : IRequest<IReadOnlyDictionary<string, TicketInfo>>;

/// <summary>The tickets of one sale (seed 001 mark_used).</summary>
public sealed record GetSaleTickets(long OrganizerId, long SaleId) : IRequest<IReadOnlyList<TicketInfo>>;

/// <summary>
/// A ticket of the organizer by its uuid, with its sale's tickets as a door answer lists them beside it (Tickable
/// <c>related_tickets</c>, seed 002) and the buyer's email and the name and city of the venue of the sale's event, in one
/// query: the scan that needs both makes one round trip to Sales instead of two. The sale's tickets carry only their own
/// columns with their product, variation and seat: the sale's facts (buyer name, status, last change) are the scanned
/// ticket's. Null when the organizer has no ticket with that uuid.
/// </summary>
public sealed record FindTicketWithSale(long OrganizerId, Guid Uuid) : IRequest<TicketWithSale?>;

/// <param name="SaleTickets">In position order, the ticket itself included.</param>
public sealed record TicketWithSale(TicketInfo Ticket, string? BuyerEmail, string? VenueName, string? VenueCity, IReadOnlyList<SaleTicketSummary> SaleTickets);

public sealed record SaleTicketSummary(
    long TicketId, Guid Uuid, string? Seat, string? AttendeeName, bool Voided, DateTimeOffset? VoidedAt, string ProductName, string? VariationName)
{
    /// <summary>As <see cref="TicketInfo.ProductLabel"/>.</summary>
    public string ProductLabel => TicketInfo.LabelOf(ProductName, VariationName);
}

public enum VoidTicketOutcome
{
    Voided,
    AlreadyVoided,
    NotFound,
}

/// <summary>Voids one ticket (Showpass <c>void</c>); every surface refuses it afterwards. Publishes <see cref="TicketVoided"/>.</summary>
public sealed record VoidTicket(long OrganizerId, long TicketId, string Actor) : IRequest<VoidTicketOutcome>;
