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

    /// <summary>When an unpaid sale of this event can no longer be paid.</summary>
    public DateTimeOffset EndsAt => DateTo ?? DateFrom;
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
    public long OrganizerId { get; set; }
    public long EventId { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    public Guid Uuid { get; set; }
    public required string PublicId { get; set; }
    public required string Secret { get; set; }
    public required string CheckInCode { get; set; }
    public string? AttendeeName { get; set; }
    public string? Seat { get; set; }
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
