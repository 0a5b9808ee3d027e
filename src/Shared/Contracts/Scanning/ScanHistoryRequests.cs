using Mediator;

namespace EventOps.Shared.Contracts.Scanning;

/// <summary>One recorded scan attempt on any scanner surface, successful or not.</summary>
public sealed record ScanRecord(
    long Id, string Surface, string Action, long? DeviceId, string? DeviceName, long? TokenId, string Actor, DateTimeOffset At, DateTimeOffset? ClientTime,
    string? Identifier, long? TicketId, long? EventId, string Result, string? Reason);

public sealed record ScanRecordPage(int Count, IReadOnlyList<ScanRecord> Results);

/// <summary>
/// The scan history for staff (admin pages, management API), newest first, filtered by event, device, result
/// (<c>ok</c>, <c>not_found</c>, an engine reason such as <c>already_redeemed</c>, ...) and a time range [From, To).
/// </summary>
public sealed record ListScanAttempts(
    long OrganizerId, long? EventId = null, long? DeviceId = null, string? Result = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    long? TicketId = null, int Skip = 0, int Take = 50) : IRequest<ScanRecordPage>;
