using Mediator;

namespace EventOps.Shared.Contracts.Sales;

// Read-only questions the scanning surfaces ask Sales. Answered in src/Modules/Sales/Admission/ScannerRequestHandlers.cs.

/// <summary>An event as scanners list it: dates and venue.</summary>
public sealed record EventSummary(
    long Id, string Slug, string Name, DateTimeOffset DateFrom, DateTimeOffset? DateTo, long? VenueId, string? VenueName, string? VenueCity,
    bool HasSubevents = false)
{
    public DateTimeOffset EndsAt => DateTo ?? DateFrom;
}

/// <summary>
/// The organizer's events, ordered by start. <paramref name="Slug"/> or <paramref name="EventId"/> narrow it to one;
/// <paramref name="NotEndedAt"/> leaves out events that ended before that instant.
/// </summary>
public sealed record GetEvents(long OrganizerId, string? Slug = null, long? EventId = null, DateTimeOffset? NotEndedAt = null)
    : IRequest<IReadOnlyList<EventSummary>>;

/// <summary>The dates of an event series, in start order (empty for a single event).</summary>
public sealed record GetSubEvents(long OrganizerId, long EventId) : IRequest<IReadOnlyList<SubEventInfo>>;

/// <summary>
/// One keyset page of an event's tickets (ordered by id, after <paramref name="AfterTicketId"/>), so a snapshot of
/// 100,000 tickets streams in pages instead of one result set held in memory. <paramref name="ValidOnly"/>: paid,
/// not deleted, not voided. At most 5,000 rows.
/// </summary>
public sealed record GetEventTicketPage(long OrganizerId, long EventId, long AfterTicketId, int Limit, bool ValidOnly = false)
    : IRequest<IReadOnlyList<EventTicketRow>>;

/// <summary>
/// A ticket as a scanner snapshot shows it: only the columns the Usetix ticket object is made of (seed 004), so a page
/// of 5,000 is one cheap join instead of <see cref="TicketInfo"/>'s wider one (with its per-row position count).
/// The event's slug and title are the event's own, so they are not repeated per row. <c>Secret</c> (what the ticket's
/// QR carries) never goes on the wire: the snapshot sends a hash of it, so an offline scanner can match a scanned QR.
/// </summary>
public sealed record EventTicketRow(
    long TicketId,
    string PublicId,
    string CheckInCode,
    string ProductName,
    int MultiscanLimit,
    string BuyerName,
    string SaleStatus,
    bool SaleDeleted,
    DateTimeOffset SaleUpdatedAt,
    bool Voided,
    DateTimeOffset? VoidedAt,
    bool Admission = true,
    long? SubEventId = null,
    string? SubEventName = null,
    DateTimeOffset? SubEventStart = null,
    DateTimeOffset? SubEventEnd = null,
    long? VariationId = null,
    string? VariationName = null,
    string? Seat = null,
    long? ProductId = null,
    string? Secret = null);

/// <summary>
/// A stamp of everything Sales contributes to an event's scanner snapshot, read with a few aggregates instead of the
/// tickets themselves: it changes whenever a ticket is added or voided, any sale of the event is written (every sale
/// write bumps its revision), or a product's name or scan limit changes. Equal stamps mean equal Sales data.
/// </summary>
public sealed record GetEventTicketsVersion(long OrganizerId, long EventId) : IRequest<EventTicketsVersion>;

/// <summary><see cref="Labels"/>: the names and dates tickets show (products, variations, dates), so a rename changes the stamp.</summary>
public sealed record EventTicketsVersion(long Tickets, long LastTicketId, long Voided, long SaleRevisions, IReadOnlyList<ProductLabel> Products, string Labels = "");

public sealed record ProductLabel(long Id, string Name, int MultiscanLimit, bool Admission = true);

/// <summary>
/// Ticket search for door staff (Usetix): an exact check-in code (dash optional) or public id matches any ticket,
/// blocked ones included; otherwise buyer or attendee name (contains) and buyer email (exact) match valid tickets only.
/// The email is used for matching and never returned.
/// </summary>
public sealed record SearchTickets(long OrganizerId, string Query, long? EventId = null, int Limit = 50) : IRequest<IReadOnlyList<TicketInfo>>;

public sealed record VenueInfo(long Id, string Name, string City);

/// <summary>A venue of the organizer (Showpass <c>venue_id</c>); null when it is missing or another organizer's.</summary>
public sealed record GetVenue(long OrganizerId, long VenueId) : IRequest<VenueInfo?>;
