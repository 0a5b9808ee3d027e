namespace EventOps.Modules.Sales.Domain;

internal sealed class Organizer
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
}

internal sealed class Venue
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public required string Name { get; set; }
    public string City { get; set; } = string.Empty;
}

internal sealed class Event
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset DateFrom { get; set; }
    public DateTimeOffset? DateTo { get; set; }
    public long? VenueId { get; set; }
    public Venue? Venue { get; set; }

    /// <summary>An event series (pretix <c>has_subevents</c>): every ticket belongs to one of its dates.</summary>
    public bool HasSubevents { get; set; }

    /// <summary>When an unpaid sale of this event can no longer be paid.</summary>
    public DateTimeOffset EndsAt => DateTo ?? DateFrom;
}

/// <summary>One date of an event series (pretix sub-event), with its own times and quotas.</summary>
internal sealed class SubEvent
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset DateFrom { get; set; }
    public DateTimeOffset? DateTo { get; set; }
    public bool Active { get; set; } = true;
}

/// <summary>A group of products; an add-on category's products are sold only as add-ons to another position.</summary>
internal sealed class ProductCategory
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public required string Name { get; set; }
    public bool IsAddon { get; set; }
}

/// <summary>A product ("item" on the pretix wire).</summary>
internal sealed class Product
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public required string Name { get; set; }
    public decimal DefaultPrice { get; set; }
    public bool Admission { get; set; } = true;
    public int MultiscanLimit { get; set; } = 1;
    public long? CategoryId { get; set; }
    public ProductCategory? Category { get; set; }

    /// <summary>Inactive products stay on sold tickets but are no longer offered.</summary>
    public bool Active { get; set; } = true;

    public List<ProductVariation> Variations { get; set; } = [];
    public List<ProductAddon> Addons { get; set; } = [];
}

/// <summary>A variation of a product (Adult, Student) with its own price, or the product's when null.</summary>
internal sealed class ProductVariation
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public required string Value { get; set; }
    public decimal? DefaultPrice { get; set; }
    public bool Active { get; set; } = true;
}

/// <summary>A product offers the products of an add-on category, between min and max of them per position.</summary>
internal sealed class ProductAddon
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public long AddonCategoryId { get; set; }
    public int MinCount { get; set; }
    public int MaxCount { get; set; } = 1;
}

/// <summary>
/// A capacity: at most <see cref="Size"/> live tickets (null: unlimited) of its products and variations, on its date.
/// Usage is counted from the tickets under a row lock on the quota, never stored: see <c>Inventory.Capacity</c>.
/// </summary>
internal sealed class Quota
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public long? SubEventId { get; set; }
    public required string Name { get; set; }
    public int? Size { get; set; }
    public List<QuotaProduct> Products { get; set; } = [];
    public List<QuotaVariation> Variations { get; set; } = [];
}

internal sealed class QuotaProduct
{
    public long QuotaId { get; set; }
    public long ProductId { get; set; }
}

internal sealed class QuotaVariation
{
    public long QuotaId { get; set; }
    public long VariationId { get; set; }
}

/// <summary>A seat of the event's seating plan; sold to at most one live ticket per date.</summary>
internal sealed class Seat
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public required string SeatGuid { get; set; }
    public required string Name { get; set; }
    public string Row { get; set; } = string.Empty;
    public string Number { get; set; } = string.Empty;
    public string Zone { get; set; } = string.Empty;
    public long ProductId { get; set; }
}

internal sealed class SalesChannel
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public required string Identifier { get; set; }
    public required string Name { get; set; }

    public static readonly string[] Defaults = ["web", "box_office", "pos"];
}

internal sealed class Sale
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public long EventId { get; set; }
    public Event? Event { get; set; }
    public required string Code { get; set; }
    public string Email { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public SaleStatus Status { get; set; }
    public bool IsDeleted { get; set; }
    public required string PaymentProvider { get; set; }
    public required string SalesChannel { get; set; }
    public DateTimeOffset? Expires { get; set; }
    public decimal Total { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Bumped by every write to the sale. Scanner snapshots take the sum over an event's sales as part of their ETag;
    /// <see cref="UpdatedAt"/> cannot serve, since two writes may carry the same instant (or a skewed Host's earlier one).
    /// </summary>
    public long Revision { get; set; }

    public List<Ticket> Tickets { get; set; } = [];
}

/// <summary>One admission or product position of a sale, with the five identifiers of CONTRACT.md.</summary>
internal sealed class Ticket
{
    public long Id { get; set; }
    public long SaleId { get; set; }
    public Sale? Sale { get; set; }

    /// <summary>
    /// The ticket's 1-based place in its sale (pretix <c>positionid</c>), given when the sale is written and never
    /// renumbered: voiding or cancelling a position leaves the others' numbers as they were. Stored, because counting
    /// it per read cost a correlated subquery on every scan.
    /// </summary>
    public int PositionId { get; set; }
    public long OrganizerId { get; set; }
    public long EventId { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    public Guid Uuid { get; set; }
    public required string PublicId { get; set; }
    public required string Secret { get; set; }
    public required string CheckInCode { get; set; }
    public string? AttendeeName { get; set; }
    public long? SubEventId { get; set; }
    public SubEvent? SubEvent { get; set; }
    public long? VariationId { get; set; }
    public ProductVariation? Variation { get; set; }
    public long? SeatId { get; set; }
    public Seat? Seat { get; set; }

    /// <summary>The parent ticket of an add-on position (pretix <c>addon_to</c>), in the same sale.</summary>
    public long? AddonToId { get; set; }
    public Ticket? AddonTo { get; set; }
    public decimal Price { get; set; }
    public bool Voided { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
}

/// <summary>Audit trail of status changes: who fired which trigger when.</summary>
internal sealed class SaleStatusChange
{
    public long Id { get; set; }
    public long SaleId { get; set; }
    public Sale? Sale { get; set; }
    public required string Trigger { get; set; }
    public SaleStatus From { get; set; }
    public SaleStatus To { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class ApiToken
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public Organizer? Organizer { get; set; }
    public required string Description { get; set; }
    public bool CanWrite { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public string Permission => CanWrite ? "write" : "read";
}
