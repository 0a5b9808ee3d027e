using System.Globalization;
using EventOps.Modules.Scanning.Domain;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Scans;

/// <summary>What one redeem attempt came to, with the attempt row that records it.</summary>
internal sealed record ScanOutcome(RedeemResult? Result, string? Reason, string Explanation, ScanAttempt Attempt)
{
    public bool IsOk => Result?.IsOk == true;
}

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

    public async Task<ScanOutcome> RedeemAsync(
        ScanCaller caller, TicketInfo ticket, string surface, string action, string identifier,
        DateTimeOffset? clientTime = null, string? nonce = null, Action<ScanAttempt>? decorate = null, bool save = true,
        CancellationToken cancellationToken = default)
    {
        RedeemResult? result = null;
        string? reason;
        string explanation;
        if (caller.EventId is { } only && only != ticket.EventId)
        {
            // A device paired to one event admits only there (issue 5); the engine is not asked.
            reason = Scope;
            explanation = TicketState.NotOnThisScanner;
        }
        else
        {
            result = await sender.Send(
                new RedeemTicket(
                    caller.OrganizerId, ticket.TicketId.ToString(CultureInfo.InvariantCulture), TicketIdentifierKind.Id, surface, caller.Actor,
                    EventId: ticket.EventId, CheckinListId: caller.CheckinListId, DeviceId: caller.DeviceId, ClientTime: clientTime, Nonce: nonce, Ticket: ticket),
                cancellationToken);
            reason = result.IsOk ? null : result.Reason ?? RedeemReasons.Invalid;
            explanation = result.IsOk ? "Ticket has been redeemed." : TicketState.Explain(result.Reason, ticket);
        }

        var attempt = NewAttempt(caller, surface, action, identifier, ticket, reason ?? Ok, reason is null ? null : explanation);
        attempt.ClientTime = clientTime;
        attempt.CheckinId = result?.CheckinId;
        decorate?.Invoke(attempt);
        db.ScanAttempts.Add(attempt);
        if (save)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ScanOutcome(result, reason, explanation, attempt);
    }

    public async Task<RevertResult> RevertAsync(ScanCaller caller, TicketInfo ticket, CancellationToken cancellationToken) =>
        await sender.Send(new RevertCheckin(caller.OrganizerId, ticket.TicketId, Surfaces.Showpass, caller.Actor, caller.CheckinListId, caller.DeviceId), cancellationToken);

    /// <summary>Records an attempt that never reached the engine (unknown ticket, invalid request, revert, void).</summary>
    public async Task<ScanAttempt> RecordAsync(
        ScanCaller caller, string surface, string action, string? identifier, TicketInfo? ticket, string result, string? reason,
        Action<ScanAttempt>? decorate = null, bool save = true, CancellationToken cancellationToken = default)
    {
        var attempt = NewAttempt(caller, surface, action, identifier, ticket, result, reason);
        decorate?.Invoke(attempt);
        db.ScanAttempts.Add(attempt);
        if (save)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return attempt;
    }

    public async Task<TicketState> StateAsync(ScanCaller caller, TicketInfo ticket, CancellationToken cancellationToken)
    {
        var states = await StatesAsync(caller, ticket.EventId, [ticket.TicketId], cancellationToken);
        return TicketState.Of(ticket, states.GetValueOrDefault(ticket.TicketId));
    }

    public async Task<IReadOnlyDictionary<long, AdmissionState>> StatesAsync(
        ScanCaller caller, long? eventId, IReadOnlyList<long> ticketIds, CancellationToken cancellationToken) =>
        ticketIds.Count == 0
            ? new Dictionary<long, AdmissionState>()
            : await sender.Send(new GetAdmissionStates(caller.OrganizerId, ticketIds, caller.CheckinListId, eventId), cancellationToken);

    /// <summary>A scanner device of the organizer by its uuid (Tickable <c>scanner_id</c>); revoked ones are not found.</summary>
    public Task<ScannerDevice?> DeviceAsync(long organizerId, Guid uuid, CancellationToken cancellationToken) =>
        db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.OrganizerId == organizerId && d.Uuid == uuid && d.RevokedAt == null, cancellationToken);

    /// <summary>Tickable's default: "the first active scanner in your organization".</summary>
    public Task<ScannerDevice?> FirstActiveDeviceAsync(long organizerId, CancellationToken cancellationToken) =>
        db.Devices.AsNoTracking().Where(d => d.OrganizerId == organizerId && d.RevokedAt == null).OrderBy(d => d.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<string?> DeviceNameAsync(long? deviceId, CancellationToken cancellationToken) =>
        deviceId is { } id ? await db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken) : null;

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
