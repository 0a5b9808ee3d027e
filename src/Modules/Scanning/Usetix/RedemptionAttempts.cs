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
using EventOps.Shared.Persistence;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Usetix;

/// <summary>
/// Offline sync (seed 004 <c>POST /scanner/redemption_attempts</c>): attempts are decided in request order by the
/// Checkin engine, a batch at a time (<see cref="RedeemTickets"/>), so the first accepted wins across devices and
/// Hosts. Each attempt is first claimed by inserting its row; the unique (organizer, actor, client_id) index lets
/// exactly one request own it, and every replay gets the stored result and creates nothing.
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
        var events = new Dictionary<string, EventSummary?>(StringComparer.Ordinal);
        var tickets = new Dictionary<long, TicketInfo>();
        var after = new Dictionary<long, AdmissionState>();

        // A batch synced for the first time is claimed whole, in one write; only when the unique index refuses that
        // (some attempt is stored already, or a concurrent replay is deciding it) is what is stored read, and the rest
        // claimed. The read cost a sixth of a first sync's round trips.
        var stored = new Dictionary<string, OfflineRedemption>(StringComparer.Ordinal);
        var fresh = inputs.DistinctBy(i => i.ClientId).ToList();
        var claimed = await ClaimAllAsync(db, caller, actor, fresh, now, cancellationToken);
        if (claimed is null)
        {
            var clientIds = fresh.Select(i => i.ClientId).ToList();
            stored = await db.OfflineRedemptions.AsNoTracking()
                .Where(r => r.OrganizerId == caller.OrganizerId && r.Actor == actor && clientIds.Contains(r.ClientId) && r.Result != OfflineRedemption.Pending)
                .ToDictionaryAsync(r => r.ClientId, StringComparer.Ordinal, cancellationToken);
            fresh = [.. fresh.Where(i => !stored.ContainsKey(i.ClientId))];
            claimed = await ClaimAllAsync(db, caller, actor, fresh, now, cancellationToken);
        }

        if (claimed is not null)
        {
            // The common case: this request owns every new attempt, so they are decided together, in request order.
            await ProcessAsync([.. fresh.Select(i => (claimed[i.ClientId], i))], caller, sender, admissions, db, clock, events, tickets, after, cancellationToken);
            foreach (var row in claimed.Values)
            {
                stored[row.ClientId] = row;
            }
        }
        else
        {
            // A concurrent replay owns some of them: one at a time, waiting for its result where it owns one, so that
            // each attempt is still decided after every earlier one.
            foreach (var input in fresh)
            {
                var row = await ClaimOrWaitAsync(db, caller, actor, input, clock, cancellationToken);
                if (row.Result == OfflineRedemption.Pending)
                {
                    await ProcessAsync([(row, input)], caller, sender, admissions, db, clock, events, tickets, after, cancellationToken);
                }

                stored[input.ClientId] = row;
            }
        }

        var rows = inputs.Select(i => stored[i.ClientId]).ToList();
        return Results.Ok(new AttemptResults(await RenderAsync(rows, caller, sender, admissions, tickets, after, cancellationToken)));
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
    /// claimed (a concurrent replay), none is stored and null says to claim each attempt on its own instead.
    /// </summary>
    private static async Task<Dictionary<string, OfflineRedemption>?> ClaimAllAsync(
        ScanningDbContext db, ScanCaller caller, string actor, IEnumerable<Input> inputs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = inputs.Select(input => NewClaim(caller, actor, input, now)).ToDictionary(r => r.ClientId, StringComparer.Ordinal);
        return await BulkInsert.TryInsertAsync(db, [.. rows.Values], cancellationToken) ? rows : null;
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

    /// <summary>
    /// Inserts the attempt's row as pending; if another request holds it, waits for its result (or takes over a stale
    /// claim). The row comes back untracked.
    /// </summary>
    private static async Task<OfflineRedemption> ClaimOrWaitAsync(
        ScanningDbContext db, ScanCaller caller, string actor, Input input, TimeProvider clock, CancellationToken cancellationToken)
    {
        var row = NewClaim(caller, actor, input, clock.GetUtcNow());
        if (await BulkInsert.TryInsertAsync(db, [row], cancellationToken))
        {
            return row;
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
                    return existing;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>
    /// Decides claimed attempts in request order with one engine call, then stores their scan records and results
    /// together: a fixed number of round trips per batch, whatever its size. Leaves nothing tracked.
    /// </summary>
    private static async Task ProcessAsync(
        IReadOnlyList<(OfflineRedemption Row, Input Input)> work, ScanCaller caller, ISender sender, Admissions admissions, ScanningDbContext db,
        TimeProvider clock, Dictionary<string, EventSummary?> events, Dictionary<long, TicketInfo> tickets, Dictionary<long, AdmissionState> after,
        CancellationToken cancellationToken)
    {
        foreach (var slug in work.Select(w => w.Input.EventSlug).Distinct(StringComparer.Ordinal).Where(s => !events.ContainsKey(s)).ToList())
        {
            events[slug] = await ScannerEndpoints.EventAsync(sender, caller, slug, cancellationToken);
        }

        var found = new TicketInfo?[work.Count];
        foreach (var group in Enumerable.Range(0, work.Count).Where(i => events[work[i].Input.EventSlug] is not null).GroupBy(i => events[work[i].Input.EventSlug]!.Id))
        {
            var publicIds = group.Select(i => work[i].Input.PublicId).Distinct(StringComparer.Ordinal).ToList();
            var byPublicId = await sender.Send(new FindTickets(caller.OrganizerId, publicIds, TicketIdentifierKind.PublicId, group.Key), cancellationToken);
            foreach (var i in group)
            {
                found[i] = byPublicId.GetValueOrDefault(work[i].Input.PublicId);
            }
        }

        var redeemed = Enumerable.Range(0, work.Count).Where(i => found[i] is not null).ToList();
        var outcomes = await admissions.RedeemManyAsync(
            caller, [.. redeemed.Select(i => new ScanToRedeem(found[i]!, work[i].Input.PublicId, work[i].Input.ScannedAt, Nonce(work[i].Row)))],
            Surfaces.UsetixOffline, "redemption_attempt", door: true, cancellationToken);
        var outcomeOf = redeemed.Zip(outcomes).ToDictionary(x => x.First, x => x.Second);

        // Each ticket's admission after its last item here, as the engine decided it: the answer needs no re-read of it.
        foreach (var i in redeemed)
        {
            if (Admissions.KnownAfter(caller, found[i]!, outcomeOf[i]) is { } state)
            {
                after[found[i]!.TicketId] = state;
            }
            else
            {
                after.Remove(found[i]!.TicketId);
            }
        }
        var deviceNames = await admissions.DeviceNamesAsync(
            outcomes.Where(o => o.Reason == RedeemReasons.AlreadyRedeemed).Select(o => o.Result?.Previous?.DeviceId).OfType<long>(), cancellationToken);

        var now = clock.GetUtcNow();
        var finished = new List<(OfflineRedemption Row, string Result, string Message, long? TicketId, DateTimeOffset? AcceptedAt, ScanAttempt Attempt)>(work.Count);
        for (var i = 0; i < work.Count; i++)
        {
            var (row, input) = work[i];
            if (found[i] is not { } ticket)
            {
                var eventFound = events[input.EventSlug] is not null;
                var attempt = admissions.Unrecorded(
                    caller, Surfaces.UsetixOffline, "redemption_attempt", input.PublicId, Admissions.NotFound, eventFound ? "Ticket not found" : "Event not found");
                attempt.ClientTime = input.ScannedAt;
                finished.Add((row, NotFound, eventFound ? "Ticket not found." : "Event not found.", null, null, attempt));
                continue;
            }

            tickets[ticket.TicketId] = ticket;
            var outcome = outcomeOf[i];
            finished.Add(
                outcome.IsOk ? (row, Accepted, "Ticket has been redeemed.", ticket.TicketId, now, outcome.Attempt)
                : outcome.Reason == RedeemReasons.AlreadyRedeemed ? (row, Conflict, ConflictMessage(outcome.Result?.Previous, deviceNames), ticket.TicketId, null, outcome.Attempt)
                : (row, Blocked, outcome.Explanation, ticket.TicketId, null, outcome.Attempt));
        }

        // The scan records first, for their ids, then the results that link to them, in one transaction: a crash leaves
        // the attempts pending (to be taken over, the engine's nonces keeping that from admitting twice), never half-recorded.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await BulkInsert.TryInsertAsync(db, [.. finished.Select(f => f.Attempt)], cancellationToken))
        {
            throw new InvalidOperationException("Scan records have no unique index to violate.");
        }

        foreach (var (row, result, message, ticketId, acceptedAt, attempt) in finished)
        {
            row.Result = result;
            row.Message = Admissions.Truncate(message, 300);
            row.TicketId = ticketId;
            row.AcceptedAt = acceptedAt;
            row.ScanAttemptId = attempt.Id;
        }

        await StoreResultsAsync(db, [.. finished.Select(f => f.Row)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The claimed rows' results, in one statement on PostgreSQL (EF would send an UPDATE per row, a thousand per batch);
    /// elsewhere through EF. The rows are untracked before and after.
    /// </summary>
    private static async Task StoreResultsAsync(ScanningDbContext db, IReadOnlyList<OfflineRedemption> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (ModuleDatabase.ProviderOf(db.Database.ProviderName) != EventOps.Shared.Modules.DatabaseProvider.Postgres)
        {
            db.OfflineRedemptions.UpdateRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return;
        }

        long[] ids = [.. rows.Select(r => r.Id)];
        string[] results = [.. rows.Select(r => r.Result)];
        string?[] messages = [.. rows.Select(r => r.Message)];
        long?[] ticketIds = [.. rows.Select(r => r.TicketId)];
        DateTimeOffset?[] acceptedAt = [.. rows.Select(r => r.AcceptedAt)];
        long?[] scanAttemptIds = [.. rows.Select(r => r.ScanAttemptId)];
        await db.Database.ExecuteSqlAsync(
            $"""
            UPDATE scanning.offline_redemptions AS r
            SET result = u.result, message = u.message, ticket_id = u.ticket_id, accepted_at = u.accepted_at, scan_attempt_id = u.scan_attempt_id
            FROM unnest({ids}, {results}, {messages}, {ticketIds}, {acceptedAt}, {scanAttemptIds}) AS u(id, result, message, ticket_id, accepted_at, scan_attempt_id)
            WHERE r.id = u.id
            """,
            cancellationToken);
    }

    /// <summary>Seed 004 conflict: "already redeemed elsewhere" -- say when, and by which device.</summary>
    private static string ConflictMessage(PreviousCheckin? previous, IReadOnlyDictionary<long, string> deviceNames)
    {
        if (previous is null)
        {
            return "Already redeemed.";
        }

        var by = previous.DeviceId is { } id && deviceNames.TryGetValue(id, out var name) ? name : previous.Actor;
        return $"Already redeemed at {previous.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} by {by}.";
    }

    /// <summary>A stable nonce per attempt, so a takeover of a crashed claim cannot admit twice if the engine honours nonces.</summary>
    private static string Nonce(OfflineRedemption row) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{row.OrganizerId}|{row.Actor}|{row.ClientId}")))[..32];

    /// <param name="after">Admission states this request already knows (its own redeems'); the others are read.</param>
    private static async Task<List<AttemptResult>> RenderAsync(
        List<OfflineRedemption> rows, ScanCaller caller, ISender sender, Admissions admissions, Dictionary<long, TicketInfo> tickets,
        Dictionary<long, AdmissionState> after, CancellationToken cancellationToken)
    {
        // Replayed attempts name tickets this request has not looked up.
        var missing = rows.Where(r => r.TicketId is { } id && !tickets.ContainsKey(id)).Select(r => r.TicketId!.Value.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var found in (await sender.Send(new FindTickets(caller.OrganizerId, missing, TicketIdentifierKind.Id), cancellationToken)).Values)
            {
                tickets[found.TicketId] = found;
            }
        }

        var states = new Dictionary<long, TicketState>();
        foreach (var ticket in tickets.Values)
        {
            if (after.TryGetValue(ticket.TicketId, out var known))
            {
                states[ticket.TicketId] = TicketState.Of(ticket, known);
            }
        }

        foreach (var group in tickets.Values.Where(t => !after.ContainsKey(t.TicketId)).GroupBy(t => t.EventId))
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
