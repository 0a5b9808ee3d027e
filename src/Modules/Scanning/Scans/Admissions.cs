using System.Globalization;
using EventOps.Modules.Scanning.Domain;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Scans;

/// <summary>What one redeem attempt came to, with the attempt row that records it (<c>Stored</c>: already in the database).</summary>
internal sealed record ScanOutcome(RedeemResult? Result, string? Reason, string Explanation, ScanAttempt Attempt, bool Stored = false)
{
    public bool IsOk => Result?.IsOk == true;
}

/// <summary>One scan of a batch for <see cref="Admissions.RedeemManyAsync"/>.</summary>
internal sealed record ScanToRedeem(TicketInfo Ticket, string Identifier, DateTimeOffset? ClientTime, string? Nonce);

/// <summary>
/// The scanning surfaces' one way into admission: translate onto the Checkin engine's redeem and revert (never
/// decide admission here), and record every attempt, successful or not.
/// </summary>
internal sealed class Admissions(ISender sender, ScanningDbContext db, TimeProvider clock)
{
    public const string Ok = "ok";
    public const string NotFound = "not_found";
    public const string Scope = "scope";
    public const string Rejected = "rejected";

    private const string Redeemed = "Ticket has been redeemed.";

    /// <param name="door">
    /// The surface's answer means "let this person in" (Tickable scan, Usetix redemption): the engine then refuses a
    /// product without admission (<see cref="RedeemTicket.RequireAdmission"/>).
    /// </param>
    /// <param name="store">
    /// False: the caller completes the attempt's record from the outcome and stores it (<see cref="StoreAsync"/>) unless
    /// the outcome says it is <see cref="ScanOutcome.Stored"/> already.
    /// </param>
    /// <param name="describeAdmission">What the surface adds to the record of an admission, known before the engine answers.</param>
    public async Task<ScanOutcome> RedeemAsync(
        ScanCaller caller, TicketInfo ticket, string surface, string action, string identifier, bool door,
        DateTimeOffset? clientTime = null, string? nonce = null, bool store = true, Action<ScanAttempt>? describeAdmission = null,
        CancellationToken cancellationToken = default)
    {
        if (!InScope(caller, ticket))
        {
            return await StoredIfAsync(Record(caller, ticket, surface, action, identifier, clientTime, null, door), store, cancellationToken);
        }

        // The record an admission makes rides with the check-in where the engine can store both in one statement
        // (RowInserter.Rider, PostgreSQL's first scan): one round trip fewer on the commonest scan.
        var admitted = NewAttempt(caller, surface, action, identifier, ticket, Ok, null);
        admitted.ClientTime = clientTime;
        describeAdmission?.Invoke(admitted);
        var rider = RowInserter.RiderFor(db, admitted, nameof(ScanAttempt.CheckinId));
        var result = await sender.Send(Request(caller, ticket, surface, clientTime, nonce, door) with { AlsoOnAdmission = rider }, cancellationToken);
        if (rider is { Stored: true })
        {
            return new ScanOutcome(result, null, Redeemed, admitted, Stored: true);
        }

        return await StoredIfAsync(Record(caller, ticket, surface, action, identifier, clientTime, result, door), store, cancellationToken);
    }

    private async Task<ScanOutcome> StoredIfAsync(ScanOutcome outcome, bool store, CancellationToken cancellationToken)
    {
        if (!store)
        {
            return outcome;
        }

        await StoreAsync(outcome.Attempt, cancellationToken);
        return outcome with { Stored = true };
    }

    public async Task StoreAsync(ScanAttempt attempt, CancellationToken cancellationToken) => await RowInserter.InsertAsync(db, attempt, cancellationToken);

    /// <summary>
    /// Many scans with one engine call (<see cref="RedeemTickets"/>), decided in the given order; the outcomes come in
    /// that order, with attempt records the caller stores (all at once, <see cref="BulkInsert"/>).
    /// </summary>
    public async Task<IReadOnlyList<ScanOutcome>> RedeemManyAsync(
        ScanCaller caller, IReadOnlyList<ScanToRedeem> scans, string surface, string action, bool door, CancellationToken cancellationToken)
    {
        var asked = scans.Where(s => InScope(caller, s.Ticket)).ToList();
        var results = asked.Count == 0
            ? []
            : await sender.Send(new RedeemTickets([.. asked.Select(s => Request(caller, s.Ticket, surface, s.ClientTime, s.Nonce, door))]), cancellationToken);
        var outcomes = new List<ScanOutcome>(scans.Count);
        var next = 0;
        foreach (var scan in scans)
        {
            var result = InScope(caller, scan.Ticket) ? results[next++] : null;
            outcomes.Add(Record(caller, scan.Ticket, surface, action, scan.Identifier, scan.ClientTime, result, door));
        }

        return outcomes;
    }

    /// <summary>A device paired to one event admits only there (issue 5); elsewhere the engine is not asked.</summary>
    private static bool InScope(ScanCaller caller, TicketInfo ticket) => caller.EventId is not { } only || only == ticket.EventId;

    private static RedeemTicket Request(ScanCaller caller, TicketInfo ticket, string surface, DateTimeOffset? clientTime, string? nonce, bool door) =>
        new(caller.OrganizerId, ticket.TicketId.ToString(CultureInfo.InvariantCulture), TicketIdentifierKind.Id, surface, caller.Actor,
            EventId: ticket.EventId, CheckinListId: caller.CheckinListId, DeviceId: caller.DeviceId, ClientTime: clientTime, Nonce: nonce, Ticket: ticket,
            RequireAdmission: door);

    /// <summary>The attempt's record, not yet stored.</summary>
    /// <param name="result">The engine's answer; null when it was not asked (out of the device's scope).</param>
    private ScanOutcome Record(
        ScanCaller caller, TicketInfo ticket, string surface, string action, string identifier, DateTimeOffset? clientTime, RedeemResult? result, bool door)
    {
        var reason = result is null ? Scope : result.IsOk ? null : result.Reason ?? RedeemReasons.Invalid;
        var explanation = result is null ? TicketState.NotOnThisScanner : result.IsOk ? Redeemed : TicketState.Explain(result.Reason, ticket, door);
        var attempt = NewAttempt(caller, surface, action, identifier, ticket, reason ?? Ok, reason is null ? null : explanation);
        attempt.ClientTime = clientTime;
        attempt.CheckinId = result?.CheckinId;
        return new ScanOutcome(result, reason, explanation, attempt);
    }

    public async Task<RevertResult> RevertAsync(ScanCaller caller, TicketInfo ticket, CancellationToken cancellationToken) =>
        await sender.Send(new RevertCheckin(caller.OrganizerId, ticket.TicketId, Surfaces.Showpass, caller.Actor, caller.CheckinListId, caller.DeviceId), cancellationToken);

    /// <summary>Records an attempt that never reached the engine (unknown ticket, invalid request, revert, void).</summary>
    public async Task<ScanAttempt> RecordAsync(
        ScanCaller caller, string surface, string action, string? identifier, TicketInfo? ticket, string result, string? reason,
        Action<ScanAttempt>? decorate = null, CancellationToken cancellationToken = default)
    {
        var attempt = NewAttempt(caller, surface, action, identifier, ticket, result, reason);
        decorate?.Invoke(attempt);
        await RowInserter.InsertAsync(db, attempt, cancellationToken);
        return attempt;
    }

    /// <summary>The record of an attempt that never reached the engine, for the caller to store with others.</summary>
    public ScanAttempt Unrecorded(ScanCaller caller, string surface, string action, string? identifier, string result, string? reason) =>
        NewAttempt(caller, surface, action, identifier, null, result, reason);

    public async Task<TicketState> StateAsync(ScanCaller caller, TicketInfo ticket, CancellationToken cancellationToken)
    {
        var states = await StatesAsync(caller, ticket.EventId, [ticket.TicketId], cancellationToken);
        return TicketState.Of(ticket, states.GetValueOrDefault(ticket.TicketId));
    }

    /// <summary>
    /// The ticket's state after a redeem: the engine's own count when it worked on the list this caller reads (its
    /// list, else the event's default list), else one more query.
    /// </summary>
    public Task<TicketState> StateAfterAsync(ScanCaller caller, TicketInfo ticket, ScanOutcome outcome, CancellationToken cancellationToken) =>
        KnownAfter(caller, ticket, outcome) is { } after ? Task.FromResult(TicketState.Of(ticket, after)) : StateAsync(caller, ticket, cancellationToken);

    /// <summary>
    /// <see cref="StateAfterAsync"/> with the states of <paramref name="others"/> (<see cref="StatesAsync"/>), in at most
    /// one query: the ticket is read with the others only when the engine's answer does not tell its state.
    /// </summary>
    public async Task<(TicketState State, IReadOnlyDictionary<long, AdmissionState> Others)> StateAfterWithAsync(
        ScanCaller caller, TicketInfo ticket, ScanOutcome outcome, IReadOnlyList<long> others, CancellationToken cancellationToken)
    {
        var known = KnownAfter(caller, ticket, outcome);
        var states = await StatesAsync(caller, ticket.EventId, known is null ? [ticket.TicketId, .. others] : others, cancellationToken);
        return (TicketState.Of(ticket, known ?? states.GetValueOrDefault(ticket.TicketId)), states);
    }

    /// <summary>The ticket's admission after the redeem, when the engine decided it on the list this caller reads; else null.</summary>
    public static AdmissionState? KnownAfter(ScanCaller caller, TicketInfo ticket, ScanOutcome outcome) =>
        outcome.Result is { After: { } after } result && after.TicketId == ticket.TicketId
        && (caller.CheckinListId is { } listId ? result.CheckinListId == listId : result.OnDefaultList && result.Ticket?.EventId == ticket.EventId)
            ? after
            : null;

    /// <param name="withinIds">When the tickets are every id of the event in (After, Last] (a keyset page), Checkin reads that range.</param>
    public async Task<IReadOnlyDictionary<long, AdmissionState>> StatesAsync(
        ScanCaller caller, long? eventId, IReadOnlyList<long> ticketIds, CancellationToken cancellationToken, (long After, long Last)? withinIds = null) =>
        ticketIds.Count == 0
            ? new Dictionary<long, AdmissionState>()
            : await sender.Send(new GetAdmissionStates(caller.OrganizerId, ticketIds, caller.CheckinListId, eventId, withinIds), cancellationToken);

    /// <summary>A scanner device of the organizer by its uuid (Tickable <c>scanner_id</c>); revoked ones are not found.</summary>
    public Task<ScannerDevice?> DeviceAsync(long organizerId, Guid uuid, CancellationToken cancellationToken) =>
        db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.OrganizerId == organizerId && d.Uuid == uuid && d.RevokedAt == null, cancellationToken);

    /// <summary>Tickable's default: "the first active scanner in your organization".</summary>
    public Task<ScannerDevice?> FirstActiveDeviceAsync(long organizerId, CancellationToken cancellationToken) =>
        db.Devices.AsNoTracking().Where(d => d.OrganizerId == organizerId && d.RevokedAt == null).OrderBy(d => d.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The names of devices by id, revoked ones included (a past check-in still names its device).</summary>
    public async Task<IReadOnlyDictionary<long, string>> DeviceNamesAsync(IEnumerable<long> deviceIds, CancellationToken cancellationToken)
    {
        var ids = deviceIds.Distinct().ToList();
        return ids.Count == 0
            ? new Dictionary<long, string>()
            : await db.Devices.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
    }

    private ScanAttempt NewAttempt(ScanCaller caller, string surface, string action, string? identifier, TicketInfo? ticket, string result, string? reason) => new()
    {
        OrganizerId = caller.OrganizerId,
        Surface = surface,
        Action = action,
        DeviceId = caller.DeviceId,
        TokenId = caller.IsDevice ? null : caller.TokenId,
        Actor = Truncate(caller.Actor, 250)!,
        At = clock.GetUtcNow(),
        Identifier = Truncate(identifier, 100),
        TicketId = ticket?.TicketId,
        EventId = ticket?.EventId,
        Result = result,
        Reason = Truncate(reason, 200),
    };

    public static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}

/// <summary>The surface names stored with every attempt and sent to the engine.</summary>
internal static class Surfaces
{
    public const string Usetix = "usetix";
    public const string UsetixOffline = "usetix_offline";
    public const string Showpass = "showpass";
    public const string Tickable = "tickable";
}
