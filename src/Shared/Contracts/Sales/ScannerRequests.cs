using Mediator;

namespace EventOps.Shared.Contracts.Sales;

// Read-only questions the scanning surfaces ask Sales. Answered in src/Modules/Sales/Admission/ScannerRequestHandlers.cs.

/// <summary>An event as scanners list it: dates and venue.</summary>
public sealed record EventSummary(
    long Id, string Slug, string Name, DateTimeOffset DateFrom, DateTimeOffset? DateTo, long? VenueId, string? VenueName, string? VenueCity)
{
    public DateTimeOffset EndsAt => DateTo ?? DateFrom;
}

/// <summary>
/// The organizer's events, ordered by start. <paramref name="Slug"/> or <paramref name="EventId"/> narrow it to one;
/// <paramref name="NotEndedAt"/> leaves out events that ended before that instant.
/// </summary>
public sealed record GetEvents(long OrganizerId, string? Slug = null, long? EventId = null, DateTimeOffset? NotEndedAt = null)
    : IRequest<IReadOnlyList<EventSummary>>;

/// <summary>
/// One keyset page of an event's tickets (ordered by id, after <paramref name="AfterTicketId"/>), so a snapshot of
/// 100,000 tickets streams in pages instead of one result set held in memory. <paramref name="ValidOnly"/>: paid,
/// not deleted, not voided.
/// </summary>
public sealed record GetEventTicketPage(long OrganizerId, long EventId, long AfterTicketId, int Limit, bool ValidOnly = false)
    : IRequest<IReadOnlyList<TicketInfo>>;

/// <summary>
/// Ticket search for door staff (Usetix): an exact check-in code (dash optional) or public id matches any ticket,
/// blocked ones included; otherwise buyer or attendee name (contains) and buyer email (exact) match valid tickets only.
/// The email is used for matching and never returned.
/// </summary>
public sealed record SearchTickets(long OrganizerId, string Query, long? EventId = null, int Limit = 50) : IRequest<IReadOnlyList<TicketInfo>>;

public sealed record VenueInfo(long Id, string Name, string City);

/// <summary>A venue of the organizer (Showpass <c>venue_id</c>); null when it is missing or another organizer's.</summary>
public sealed record GetVenue(long OrganizerId, long VenueId) : IRequest<VenueInfo?>;

/// <summary>The buyer's email of a sale, for the one surface whose document requires it (Tickable <c>owner_email</c>).</summary>
public sealed record GetSaleEmail(long OrganizerId, long SaleId) : IRequest<string?>;
