using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventOps.Modules.Scanning.Domain;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Usetix;

/// <summary>
/// Offline sync (seed 004 <c>POST /scanner/redemption_attempts</c>): attempts are processed in request order, each
/// through the Checkin engine, so the first accepted wins across devices and Hosts. Each attempt is first claimed by
/// inserting its row; the unique (organizer, actor, client_id) index lets exactly one request own it, and every
/// replay gets the stored result and creates nothing.
/// </summary>
internal static class RedemptionAttempts
{
    public const int MaxBatch = 1000;
    public const string Accepted = "accepted";
    public const string Conflict = "conflict";
    public const string Blocked = "blocked";
    public const string NotFound = "not_found";

    /// <summary>A device clock may drift; a scan "from the future" beyond this, or older than a month, is not believed.</summary>
    private static readonly TimeSpan FutureSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan OldestScan = TimeSpan.FromDays(30);

    /// <summary>A claimed row older than this whose owner never finished (a crashed Host) may be taken over.</summary>
    private static readonly TimeSpan StaleClaim = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WaitForOwner = TimeSpan.FromSeconds(15);

    private sealed record Input(string ClientId, string EventSlug, string PublicId, DateTimeOffset? ScannedAt);

    public static async Task<IResult> SyncAsync(
        HttpContext context, ISender sender, Admissions admissions, ScanningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        if (!caller.CanWrite)
        {
            return ScannerEndpoints.Unauthorized(context);
        }

        var now = clock.GetUtcNow();
        var (inputs, error) = await ReadAsync(context.Request, now, cancellationToken);
        if (inputs is null)
        {
            return error!;
        }

        EventOps.Shared.Telemetry.OfflineSyncBatchSize.Record(inputs.Count);
        var actor = caller.ActorKey;
        var clientIds = inputs.Select(i => i.ClientId).Distinct().ToList();
        var stored = await db.OfflineRedemptions.AsNoTracking()
            .Where(r => r.OrganizerId == caller.OrganizerId && r.Actor == actor && clientIds.Contains(r.ClientId) && r.Result != OfflineRedemption.Pending)
            .ToDictionaryAsync(r => r.ClientId, StringComparer.Ordinal, cancellationToken);
        var events = new Dictionary<string, EventSummary?>(StringComparer.Ordinal);
        var tickets = new Dictionary<long, TicketInfo>();
        var rows = new List<OfflineRedemption>(inputs.Count);
        var claimed = await ClaimAllAsync(db, caller, actor, inputs.Where(i => !stored.ContainsKey(i.ClientId)).DistinctBy(i => i.ClientId), now, cancellationToken);
        foreach (var input in inputs)
        {
            if (stored.TryGetValue(input.ClientId, out var replay))
            {
                rows.Add(replay);
                continue;
            }

            var row = claimed.Remove(input.ClientId, out var own) ? own : await ClaimOrWaitAsync(db, caller, actor, input, clock, cancellationToken);
            if (row.Result == OfflineRedemption.Pending)
            {
                await ProcessAsync(row, input, caller, sender, admissions, db, clock, events, tickets, cancellationToken);
            }

            stored[input.ClientId] = row;
            rows.Add(row);
        }

        // The last attempt's link to its scan record is still unsaved (see ProcessAsync).
        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(new AttemptResults(await RenderAsync(rows, caller, sender, admissions, tickets, cancellationToken)));
    }

    private static async Task<(List<Input>? Inputs, IResult? Error)> ReadAsync(HttpRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            return (null, Invalid("The body must be a JSON object with an attempts array."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("attempts", out var attempts) || attempts.ValueKind != JsonValueKind.Array)
            {
                return (null, Invalid("The body must be a JSON object with an attempts array."));
            }

            if (attempts.GetArrayLength() > MaxBatch)
            {
                return (null, Invalid($"Too many attempts: at most {MaxBatch} per request."));
            }

            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var inputs = new List<Input>(attempts.GetArrayLength());
            var index = 0;
            foreach (var attempt in attempts.EnumerateArray())
            {
                var prefix = $"attempts[{index++}]";
                if (attempt.ValueKind != JsonValueKind.Object)
                {
                    Add(errors, prefix, "Must be an object.");
                    continue;
                }

                var clientId = Required(attempt, "client_id", 200, prefix, errors);
                var eventSlug = Required(attempt, "event_slug", 100, prefix, errors);
                var publicId = Required(attempt, "public_id", 100, prefix, errors);
                if (clientId is not null && eventSlug is not null && publicId is not null)
                {
                    inputs.Add(new Input(clientId, eventSlug, publicId, ScannedAt(attempt, now)));
                }
            }

            return errors.Count > 0
                ? (null, Results.Json(new { error = "Invalid attempts.", errors }, statusCode: StatusCodes.Status400BadRequest))
                : (inputs, null);
        }
    }

    private static IResult Invalid(string message) => Results.Json(new ScannerError(message), statusCode: StatusCodes.Status400BadRequest);

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    private static string? Required(JsonElement attempt, string name, int maxLength, string prefix, Dictionary<string, List<string>> errors)
    {
        if (!attempt.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Add(errors, $"{prefix}.{name}", "This field is required.");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength || text.Contains('\0', StringComparison.Ordinal))
        {
            Add(errors, $"{prefix}.{name}", $"Ensure this field has no more than {maxLength} characters.");
            return null;
        }

        return text;
    }

    /// <summary>Seed 004: "Invalid or missing values fall back to server time".</summary>
    private static DateTimeOffset? ScannedAt(JsonElement attempt, DateTimeOffset now)
    {
        if (!attempt.TryGetProperty("scanned_at", out var value) || value.ValueKind != JsonValueKind.String ||
            !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return null;
        }

        parsed = parsed.ToUniversalTime();
        return parsed <= now + FutureSkew && parsed >= now - OldestScan ? parsed : null;
    }

    /// <summary>
    /// Claims every new attempt of the batch in one write, the common case (a first sync). If any of them is already
    /// claimed (a concurrent replay), the whole insert rolls back and each attempt is claimed on its own instead.
    /// </summary>
    private static async Task<Dictionary<string, OfflineRedemption>> ClaimAllAsync(
        ScanningDbContext db, ScanCaller caller, string actor, IEnumerable<Input> inputs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = inputs.Select(input => NewClaim(caller, actor, input, now)).ToDictionary(r => r.ClientId, StringComparer.Ordinal);
        if (rows.Count == 0)
        {
            return rows;
        }

        db.OfflineRedemptions.AddRange(rows.Values);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return rows;
        }
        catch (DbUpdateException)
        {
            foreach (var row in rows.Values)
            {
                db.Entry(row).State = EntityState.Detached;
            }

            return new Dictionary<string, OfflineRedemption>(StringComparer.Ordinal);
        }
    }

    private static OfflineRedemption NewClaim(ScanCaller caller, string actor, Input input, DateTimeOffset now) => new()
    {
        OrganizerId = caller.OrganizerId,
        Actor = actor,
        ClientId = input.ClientId,
        EventSlug = Admissions.Truncate(input.EventSlug, 100)!,
        PublicId = Admissions.Truncate(input.PublicId, 100)!,
        ScannedAt = input.ScannedAt ?? now,
        SyncedAt = now,
        Result = OfflineRedemption.Pending,
    };

    /// <summary>Inserts the attempt's row as pending; if another request holds it, waits for its result (or takes over a stale claim).</summary>
    private static async Task<OfflineRedemption> ClaimOrWaitAsync(
        ScanningDbContext db, ScanCaller caller, string actor, Input input, TimeProvider clock, CancellationToken cancellationToken)
    {
        var row = NewClaim(caller, actor, input, clock.GetUtcNow());
        db.OfflineRedemptions.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return row;
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
        }

        var waited = Stopwatch.StartNew();
        while (true)
        {
            var existing = await db.OfflineRedemptions.AsNoTracking()
                .SingleAsync(r => r.OrganizerId == caller.OrganizerId && r.Actor == actor && r.ClientId == input.ClientId, cancellationToken);
            if (existing.Result != OfflineRedemption.Pending)
            {
                return existing;
            }

            var stale = clock.GetUtcNow() - StaleClaim;
            if (existing.SyncedAt < stale || waited.Elapsed > WaitForOwner)
            {
                var takeover = clock.GetUtcNow();
                var taken = await db.OfflineRedemptions
                    .Where(r => r.Id == existing.Id && r.Result == OfflineRedemption.Pending && r.SyncedAt == existing.SyncedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.SyncedAt, takeover), cancellationToken);
                if (taken == 1)
                {
                    existing.SyncedAt = takeover;
                    db.OfflineRedemptions.Attach(existing);
                    return existing;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    private static async Task ProcessAsync(
        OfflineRedemption row, Input input, ScanCaller caller, ISender sender, Admissions admissions, ScanningDbContext db, TimeProvider clock,
        Dictionary<string, EventSummary?> events, Dictionary<long, TicketInfo> tickets, CancellationToken cancellationToken)
    {
        if (!events.TryGetValue(input.EventSlug, out var found))
        {
            events[input.EventSlug] = found = await ScannerEndpoints.EventAsync(sender, caller, input.EventSlug, cancellationToken);
        }

        var ticket = found is null
            ? null
            : await sender.Send(new FindTicket(caller.OrganizerId, input.PublicId, TicketIdentifierKind.PublicId, found.Id), cancellationToken);
        ScanAttempt attempt;
        if (ticket is null)
        {
            attempt = await admissions.RecordAsync(caller, Surfaces.UsetixOffline, "redemption_attempt", input.PublicId, null, Admissions.NotFound,
                found is null ? "Event not found" : "Ticket not found", a => a.ClientTime = input.ScannedAt, save: false, cancellationToken: cancellationToken);
            attempt = Finish(row, NotFound, found is null ? "Event not found." : "Ticket not found.", null, attempt, null);
        }
        else
        {
            tickets[ticket.TicketId] = ticket;
            var outcome = await admissions.RedeemAsync(caller, ticket, Surfaces.UsetixOffline, "redemption_attempt", input.PublicId,
                input.ScannedAt, Nonce(row), save: false, cancellationToken: cancellationToken);
            if (outcome.IsOk)
            {
                attempt = Finish(row, Accepted, "Ticket has been redeemed.", ticket.TicketId, outcome.Attempt, clock.GetUtcNow());
            }
            else if (outcome.Reason == RedeemReasons.AlreadyRedeemed)
            {
                attempt = Finish(row, Conflict, await ConflictMessageAsync(outcome.Result?.Previous, admissions, cancellationToken), ticket.TicketId, outcome.Attempt, null);
            }
            else
            {
                attempt = Finish(row, Blocked, outcome.Explanation, ticket.TicketId, outcome.Attempt, null);
            }
        }

        // The result and its scan record in one write; the record's id, known only now, rides along with the next one.
        await db.SaveChangesAsync(cancellationToken);
        row.ScanAttemptId = attempt.Id;
    }

    private static ScanAttempt Finish(OfflineRedemption row, string result, string message, long? ticketId, ScanAttempt attempt, DateTimeOffset? acceptedAt)
    {
        row.Result = result;
        row.Message = Admissions.Truncate(message, 300);
        row.TicketId = ticketId;
        row.AcceptedAt = acceptedAt;
        return attempt;
    }

    /// <summary>Seed 004 conflict: "already redeemed elsewhere" -- say when, and by which device.</summary>
    private static async Task<string> ConflictMessageAsync(PreviousCheckin? previous, Admissions admissions, CancellationToken cancellationToken)
    {
        if (previous is null)
        {
            return "Already redeemed.";
        }

        var by = await admissions.DeviceNameAsync(previous.DeviceId, cancellationToken) ?? previous.Actor;
        return $"Already redeemed at {previous.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} by {by}.";
    }

    /// <summary>A stable nonce per attempt, so a takeover of a crashed claim cannot admit twice if the engine honours nonces.</summary>
    private static string Nonce(OfflineRedemption row) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{row.OrganizerId}|{row.Actor}|{row.ClientId}")))[..32];

    private static async Task<List<AttemptResult>> RenderAsync(
        List<OfflineRedemption> rows, ScanCaller caller, ISender sender, Admissions admissions, Dictionary<long, TicketInfo> tickets, CancellationToken cancellationToken)
    {
        foreach (var id in rows.Where(r => r.TicketId is not null).Select(r => r.TicketId!.Value).Distinct().Where(id => !tickets.ContainsKey(id)).ToList())
        {
            if (await sender.Send(new FindTicket(caller.OrganizerId, id.ToString(CultureInfo.InvariantCulture), TicketIdentifierKind.Id), cancellationToken) is { } found)
            {
                tickets[id] = found;
            }
        }

        var states = new Dictionary<long, TicketState>();
        foreach (var group in tickets.Values.GroupBy(t => t.EventId))
        {
            var admission = await admissions.StatesAsync(caller, group.Key, [.. group.Select(t => t.TicketId)], cancellationToken);
            foreach (var ticket in group)
            {
                states[ticket.TicketId] = TicketState.Of(ticket, admission.GetValueOrDefault(ticket.TicketId));
            }
        }

        return [.. rows.Select(r => new AttemptResult(
            r.ClientId, r.EventSlug, r.PublicId, r.Result, r.Message ?? string.Empty, r.ScannedAt.UtcDateTime, r.SyncedAt.UtcDateTime, r.AcceptedAt?.UtcDateTime,
            r.TicketId is { } id && states.TryGetValue(id, out var state) ? ScannerWire.Ticket(state) : null))];
    }
}
