using EventOps.Shared.Contracts.Sales;
using Mediator;

namespace EventOps.Shared.Contracts.Checkin;

public enum CheckinType
{
    Entry,
    Exit,
}

public enum RedeemStatus
{
    Ok,
    Incomplete,
    Error,
}

/// <summary>pretix's reason words, used on every surface's translation.</summary>
public static class RedeemReasons
{
    public const string Invalid = "invalid";
    public const string Unpaid = "unpaid";
    public const string Canceled = "canceled";
    public const string AlreadyRedeemed = "already_redeemed";
    public const string Product = "product";
    public const string Incomplete = "incomplete";
    public const string Blocked = "blocked";
    public const string InvalidTime = "invalid_time";
    public const string Rules = "rules";
}

/// <summary>
/// The one admission operation (ARCHITECTURE.md, "One truth"). List: the given one, else the device's, else the
/// event's default list. Every attempt is stored, successful or not. A surface that has just read the ticket from
/// Sales passes it as <c>Ticket</c> (read in this request, never cached), sparing the engine the same query.
/// <c>RequireAdmission</c>: set by door surfaces, whose answer means "let this person in": a product without admission
/// is refused (reason <c>product</c>); check-in lists leave it off, since they also serve merchandise pick-up (seed 003).
/// <c>AlsoOnAdmission</c>: the caller's own record of an admission (a scan record), which the engine stores in the
/// check-in's statement when it admits on that path (PostgreSQL's first scan); the caller stores it otherwise.
/// </summary>
public sealed record RedeemTicket(
    long OrganizerId,
    string Identifier,
    TicketIdentifierKind IdentifierKind,
    string Surface,
    string Actor,
    long? EventId = null,
    long? CheckinListId = null,
    long? DeviceId = null,
    CheckinType Type = CheckinType.Entry,
    DateTimeOffset? ClientTime = null,
    string? Nonce = null,
    bool Force = false,
    bool IgnoreUnpaid = false,
    bool QuestionsSupported = false,
    bool CanceledSupported = true,
    IReadOnlyDictionary<string, string>? Answers = null,
    string? EventSlug = null,
    bool AutoCheckedIn = false,
    TicketInfo? Ticket = null,
    bool RequireAdmission = false,
    Persistence.RowInserter.Rider? AlsoOnAdmission = null) : IRequest<RedeemResult>;

/// <summary>
/// Many redeems of one organizer, decided in the given order as if sent one after another (a ticket twice in the batch:
/// the second sees the first's check-in), answered with one <see cref="RedeemResult"/> per item in the same order. For
/// surfaces that sync a queue of scans (offline sync); one item decides exactly what <see cref="RedeemTicket"/> would.
/// </summary>
public sealed record RedeemTickets(IReadOnlyList<RedeemTicket> Items) : IRequest<IReadOnlyList<RedeemResult>>;

/// <summary>A check-in that already happened: when (the admission time, client time when given) and by whom.</summary>
public sealed record PreviousCheckin(long CheckinId, DateTimeOffset At, string Actor, long? DeviceId, string Surface);

public sealed record RequiredQuestion(long Id, string Question, string Type, bool Required, IReadOnlyList<string> Options);

/// <param name="After">
/// The ticket's admission on <paramref name="CheckinListId"/> once this redeem is done, from the check-ins the engine
/// read and wrote (what <see cref="GetAdmissionStates"/> would answer for that list, sparing the surface the query);
/// null when no list was reached. <paramref name="OnDefaultList"/> says whether that list is its event's default list.
/// </param>
public sealed record RedeemResult(
    RedeemStatus Status,
    string? Reason,
    string? ReasonExplanation,
    TicketInfo? Ticket,
    long? CheckinListId,
    long? CheckinId,
    DateTimeOffset? At,
    PreviousCheckin? Previous,
    IReadOnlyList<RequiredQuestion> Questions,
    AdmissionState? After = null,
    bool OnDefaultList = false)
{
    public bool IsOk => Status == RedeemStatus.Ok;
}

/// <summary>
/// Reverts the latest active check-in of a ticket on a list (default: the event's default list), or every active one
/// with <paramref name="All"/>; never deletes.
/// </summary>
public sealed record RevertCheckin(long OrganizerId, long TicketId, string Surface, string Actor, long? CheckinListId = null, long? DeviceId = null, bool All = false)
    : IRequest<RevertResult>;

public sealed record RevertResult(bool Reverted, DateTimeOffset? RevertedAt, long? CheckinId);

/// <summary>
/// Whether tickets are used (have active check-ins) on a list, for surfaces that show it (snapshot, verify, scan).
/// <paramref name="WithinIds"/>, when the tickets are all the ids in (After, Last] of one event (a snapshot's keyset
/// page), lets Checkin read that range of its index instead of probing it once per ticket.
/// </summary>
public sealed record GetAdmissionStates(
    long OrganizerId, IReadOnlyList<long> TicketIds, long? CheckinListId = null, long? EventId = null, (long After, long Last)? WithinIds = null)
    : IRequest<IReadOnlyDictionary<long, AdmissionState>>;

/// <summary>
/// A stamp of the check-ins that can make an event's tickets used: those on the event's lists and on
/// <paramref name="CheckinListId"/> (a scanner's own list). Every check-in adds a row and a revert is one-way, so the
/// stamp changes with every check-in and every revert.
/// </summary>
public sealed record GetAdmissionVersion(long OrganizerId, long EventId, long? CheckinListId = null) : IRequest<AdmissionVersion>;

public sealed record AdmissionVersion(long Checkins, long LastCheckinId, long Reverted);

public sealed record AdmissionState(long TicketId, int ActiveEntries, DateTimeOffset? FirstEntryAt, DateTimeOffset? LastEntryAt, PreviousCheckin? Last);

/// <summary>One check-in as other surfaces show it (the order detail): successful ones only, reverted or not.</summary>
public sealed record CheckinRecord(
    long Id, long TicketId, long ListId, string ListName, CheckinType Type, DateTimeOffset Datetime, bool AutoCheckedIn, bool Forced, bool Reverted,
    DateTimeOffset? RevertedAt, string Surface, string Actor, long? DeviceId);

/// <summary>Every successful check-in of the given tickets on every list, in one query.</summary>
public sealed record GetTicketCheckins(long OrganizerId, IReadOnlyList<long> TicketIds) : IRequest<IReadOnlyList<CheckinRecord>>;

// Published by Checkin after the check-in (or its revert) is committed; handlers must be idempotent.

/// <summary>A ticket was admitted (or let out) on a list; forced, auto and offline ones included.</summary>
public sealed record TicketCheckedIn(
    long OrganizerId, long EventId, long TicketId, long ListId, long CheckinId, CheckinType Type, DateTimeOffset Datetime, bool AutoCheckedIn, bool Forced,
    string Surface, long? DeviceId) : INotification;

/// <summary>Check-ins of a ticket were reverted (never deleted): the ticket counts as unused there again.</summary>
public sealed record CheckinReverted(long OrganizerId, long TicketId, long? ListId, long CheckinId, DateTimeOffset RevertedAt, string Actor, string Surface) : INotification;

/// <summary>
/// The tickets of each event that have an active entry (successful, not reverted) on any of its lists, for figures that
/// Sales completes with what only it knows (admission product, paid, date).
/// </summary>
public sealed record GetCheckedInTickets(IReadOnlyList<long> EventIds) : IRequest<IReadOnlyDictionary<long, IReadOnlyList<long>>>;
