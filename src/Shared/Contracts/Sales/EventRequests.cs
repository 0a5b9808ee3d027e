using Mediator;

namespace EventOps.Shared.Contracts.Sales;

public sealed record OrganizerInfo(long Id, string Slug, string Name);

public sealed record GetOrganizer(long OrganizerId) : IRequest<OrganizerInfo?>;

/// <summary>A product with its variations (pretix <c>variations</c>, in id order; empty when it has none).</summary>
public sealed record ProductInfo(long Id, string Name, bool Admission, int MultiscanLimit, IReadOnlyList<VariationInfo>? Variations = null);

public sealed record VariationInfo(long Id, string Value);

/// <summary>A date of an event series (pretix sub-event).</summary>
public sealed record SubEventInfo(long Id, string Name, DateTimeOffset DateFrom, DateTimeOffset? DateTo, bool Active);

/// <summary>An event with its products and the organizer's sales channels, as other modules need them to resolve a path's event slug.</summary>
public sealed record EventInfo(
    long Id, long OrganizerId, string Slug, string Name, DateTimeOffset DateFrom, DateTimeOffset? DateTo, IReadOnlyList<ProductInfo> Products, IReadOnlyList<string> SalesChannels,
    bool HasSubevents = false, IReadOnlyList<SubEventInfo>? SubEvents = null);

/// <summary>Finds an event of the organizer by slug (slugs can change, so other modules never keep them).</summary>
public sealed record FindEvent(long OrganizerId, string Slug) : IRequest<EventInfo?>;

/// <summary>One ticket as a list of positions shows it (pretix order position): what TicketInfo has, plus the sale's e-mail and position number.</summary>
public sealed record PositionInfo(
    long TicketId,
    int PositionId,
    long SaleId,
    string SaleCode,
    DateTimeOffset SaleDatetime,
    string SaleStatus,
    bool SaleDeleted,
    string SalesChannel,
    string Email,
    string BuyerName,
    long ProductId,
    bool Admission,
    decimal Price,
    string? AttendeeName,
    string? Seat,
    string Secret,
    string PublicId,
    bool Voided,
    long? SubEventId = null,
    long? VariationId = null,
    long? AddonToId = null,
    long? SeatId = null,
    string? SeatGuid = null,
    string? ProductName = null,
    string? VariationName = null);

/// <summary>
/// The tickets of one event (optionally only of sales in one status and some channels), in one query: check-in lists,
/// their counts and the auto-checkin sweep read them.
/// </summary>
public sealed record GetEventPositions(
    long OrganizerId, long EventId, string? SaleStatus = null, IReadOnlyList<string>? SalesChannels = null, long? SaleId = null, long? SubEventId = null)
    : IRequest<IReadOnlyList<PositionInfo>>;

public sealed record EventRef(long OrganizerId, long EventId, string Slug);

/// <summary>Every event of every organizer (start-up back-fills of other modules, e.g. default check-in lists).</summary>
public sealed record GetAllEvents : IRequest<IReadOnlyList<EventRef>>;
