namespace EventOps.Modules.Scanning.Domain;

/// <summary>A paired scanner (phone, handheld, browser); its token is stored as a hash and shown once.</summary>
internal sealed class ScannerDevice
{
    public long Id { get; set; }
    public Guid Uuid { get; set; }
    public long OrganizerId { get; set; }

    /// <summary>Copied at pairing so authenticating a device costs one indexed lookup; organizer slugs never change.</summary>
    public required string OrganizerSlug { get; set; }

    public required string Name { get; set; }
    public long? EventId { get; set; }
    public long? CheckinListId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>
/// One scan on any surface, successful or not (ARCHITECTURE.md: every attempt recorded). A Showpass scan
/// history record is a row of this table, so its <c>before</c>/<c>after</c> and barcode fields live here too.
/// </summary>
internal sealed class ScanAttempt
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public required string Surface { get; set; }
    public required string Action { get; set; }
    public long? DeviceId { get; set; }
    public long? TokenId { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? ClientTime { get; set; }
    public string? Identifier { get; set; }
    public long? TicketId { get; set; }
    public long? EventId { get; set; }
    public required string Result { get; set; }
    public string? Reason { get; set; }
    public long? CheckinId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public long? VenueId { get; set; }
    public string? ScannerDevice { get; set; }
    public string? BarcodeType { get; set; }
}

/// <summary>
/// A queued offline scan as synced by <c>/scanner/redemption_attempts</c>. The unique (organizer, actor, client_id)
/// index is the idempotency guarantee: a replay finds the stored row and creates nothing.
/// </summary>
internal sealed class OfflineRedemption
{
    public const string Pending = "pending";

    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public required string Actor { get; set; }
    public required string ClientId { get; set; }
    public required string EventSlug { get; set; }
    public required string PublicId { get; set; }
    public DateTimeOffset ScannedAt { get; set; }
    public DateTimeOffset SyncedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public required string Result { get; set; }
    public string? Message { get; set; }
    public long? TicketId { get; set; }
    public long? ScanAttemptId { get; set; }
}
