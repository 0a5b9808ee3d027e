using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Checkin.Questions;
using EventOps.Modules.Checkin.Rules;
using EventOps.Shared;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Checkin.Redeem;

/// <summary>
/// The one redeem operation. Statements on the uncontended path: the ticket (Sales, one query), the list with the
/// ticket's history on it (one query), the check-in (one insert); questions add one read when the event has any. On
/// PostgreSQL a ticket's first scan on a list is the ticket and one statement (<see cref="FirstScan"/>).
/// The decision is the insert: a successful check-in claims the next seq of its (list, ticket), and a unique index lets
/// only one of two racing scanners have it; the loser reads the new state and decides again. A queue of scans (offline
/// sync) is decided by <see cref="RedeemManyAsync"/> with the same rules on one load and one write.
/// </summary>
internal sealed class RedeemEngine(
    CheckinDbContext db, ISender sender, IPublisher publisher, TimeProvider clock, IEnumerable<IRedeemRule> rules, FirstScan firstScan, ILogger<RedeemEngine> logger)
{
    private const int MaxAttempts = 64;
    private static readonly RuleVerdict UnknownTicket = RuleVerdict.Error(RedeemReasons.Invalid, "Unknown ticket.");
    private static readonly RuleVerdict NoList = RuleVerdict.Error(RedeemReasons.Invalid, "No check-in list for this ticket.");
    private static readonly RuleVerdict OtherEvent = RuleVerdict.Error(RedeemReasons.Invalid, "The ticket belongs to another event.");
    private static readonly IReadOnlyDictionary<long, Answer> NoAnswers = new Dictionary<long, Answer>();

    private readonly IRedeemRule[] orderedRules = [.. rules.OrderBy(r => r.Order)];

    /// <param name="known">The ticket when the caller has already asked Sales for it (checkinrpc picks the list by the ticket's event).</param>
    public async Task<RedeemOutcome> RedeemAsync(RedeemTicket request, CancellationToken cancellationToken, TicketInfo? known = null)
    {
        // The span sits under the asking surface's request span (Scanning's or Checkin's), so a trace crosses the module line here.
        using var activity = Telemetry.Source.StartActivity("checkin.redeem");
        activity?.SetTag(Telemetry.SurfaceTag, request.Surface);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await DecideAsync(request, known, cancellationToken);
        var result = outcome.Result.IsOk ? "ok" : outcome.Result.Reason ?? "error";
        activity?.SetTag(Telemetry.ResultTag, result);
        Telemetry.RecordRedeem(request.Surface, result, started);
        return outcome;
    }

    private async Task<RedeemOutcome> DecideAsync(RedeemTicket request, TicketInfo? known, CancellationToken cancellationToken)
    {
        known ??= Given(request);
        var ticket = OnRequestedEvent(known ?? await sender.Send(new FindTicket(request.OrganizerId, request.Identifier, request.IdentifierKind, request.EventId), cancellationToken), request);
        if (ticket is null)
        {
            var listId = request.CheckinListId is { } id && await db.Lists.AnyAsync(l => l.Id == id && l.OrganizerId == request.OrganizerId, cancellationToken) ? id : (long?)null;
            return await FailAsync(request, null, listId, request.EventId, UnknownTicket, null, cancellationToken);
        }

        if (FirstScan.Applies(db) && request.Answers is not { Count: > 0 } && await FirstScanAsync(request, ticket, cancellationToken) is { } first)
        {
            return first;
        }

        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync(request, ticket, cancellationToken);
            if (loaded is null)
            {
                return await FailAsync(request, ticket, null, ticket.EventId, NoList, null, cancellationToken);
            }

            var (list, history, questionCount) = loaded.Value;
            if (list.EventId != ticket.EventId)
            {
                return await FailAsync(request, ticket, list.Id, ticket.EventId, OtherEvent, null, cancellationToken);
            }

            if (Repeated(request, history) is { } repeated)
            {
                return Result(RedeemStatus.Ok, null, null, ticket, list, repeated, history, [], null);
            }

            var now = clock.GetUtcNow();
            var questions = new List<Question>();
            var answers = new Dictionary<long, Answer>();
            var newAnswers = new List<Answer>();
            if (questionCount > 0 && request.Type == CheckinType.Entry)
            {
                (questions, answers) = await QuestionLoader.LoadAsync(db, list.EventId, ticket.TicketId, ticket.ProductId, cancellationToken);
                newAnswers = AnswerParser.Apply(questions, answers, request.Answers, ticket.TicketId, now);
            }

            var context = new RedeemContext(request, ticket, list, history, questions, answers, request.ClientTime ?? now);
            var (refusal, forced) = Judge(context);
            if (refusal is not null)
            {
                return await FailAsync(request, ticket, list.Id, list.EventId, refusal, newAnswers, cancellationToken, list, history, answers.Values);
            }

            var checkin = NewCheckin(context, forced, now);
            try
            {
                if (newAnswers.Count == 0)
                {
                    await RowInserter.InsertAsync(db, checkin, cancellationToken);
                }
                else
                {
                    // The check-in and its answers stand or fall together.
                    db.Checkins.Add(checkin);
                    db.Answers.AddRange(newAnswers);
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
            catch (DbUpdateException exception) when (attempt < MaxAttempts)
            {
                // Another scan of this ticket took our seq (or our nonce) first: decide again on what is there now.
                logger.LogDebug(exception, "Redeem of ticket {TicketId} on list {ListId} lost a race, attempt {Attempt}", ticket.TicketId, list.Id, attempt);
                db.ChangeTracker.Clear();
                continue;
            }

            db.ChangeTracker.Clear();
            await publisher.Publish(CheckedIn(checkin), cancellationToken);
            return Result(RedeemStatus.Ok, null, null, ticket, list, checkin, [.. history, checkin], [], answers.Values);
        }
    }

    /// <summary>The ticket's first scan on its list in one statement (<see cref="FirstScan"/>); null when it must go the ordinary way.</summary>
    private async Task<RedeemOutcome?> FirstScanAsync(RedeemTicket request, TicketInfo ticket, CancellationToken cancellationToken)
    {
        if (await firstScan.ListAsync(db, request.OrganizerId, request.CheckinListId, ticket.EventId, cancellationToken) is not { } known
            || known.List.EventId != ticket.EventId || known.QuestionProducts.Contains(ticket.ProductId) || firstScan.SeenBefore(known.List.Id, ticket.TicketId))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var context = new RedeemContext(request, ticket, known.List, [], [], NoAnswers, request.ClientTime ?? now);
        var (refusal, forced) = Judge(context);
        if (refusal is not null)
        {
            return null;
        }

        var checkin = NewCheckin(context, forced, now);
        if (!await firstScan.TryInsertAsync(db, known, checkin, ticket.ProductId, request.AlsoOnAdmission, cancellationToken))
        {
            return null;
        }

        await publisher.Publish(CheckedIn(checkin), cancellationToken);
        return Result(RedeemStatus.Ok, null, null, ticket, known.List, checkin, [checkin], [], null);
    }

    /// <summary>
    /// Many redeems in order (offline sync) on one load: the tickets (Sales, one query per identifier kind and event, for
    /// those the caller did not hand in), the lists, their check-in questions and every ticket's history on its list (one
    /// query each). The same rules as <see cref="RedeemAsync"/> decide each item in memory, a ticket's later items seeing
    /// its earlier check-ins, and one insert (<see cref="BulkInsert"/>) stores every check-in and attempt. A batch that
    /// needs what only the single path does (questions to load, identifiers of any kind), or that loses a race at the
    /// unique (list, ticket, seq) index, goes through <see cref="RedeemAsync"/> item by item instead; nothing of it was
    /// stored then, so no decision rests on the fast path.
    /// </summary>
    public async Task<IReadOnlyList<RedeemResult>> RedeemManyAsync(IReadOnlyList<RedeemTicket> requests, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        if (requests.Any(r => r.OrganizerId != requests[0].OrganizerId))
        {
            throw new ArgumentException("A batch of redeems belongs to one organizer.", nameof(requests));
        }

        using var activity = Telemetry.Source.StartActivity("checkin.redeem_batch");
        activity?.SetTag("eventops.batch_size", requests.Count);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var results = await DecideManyAsync(requests, cancellationToken);
        if (results is null)
        {
            activity?.SetTag("eventops.one_by_one", true);
            results = new List<RedeemResult>(requests.Count);
            foreach (var request in requests)
            {
                results.Add((await RedeemAsync(request, cancellationToken)).Result);
            }

            return results;
        }

        // Each decision's share of the batch, so the duration stays "what one redeem costs" next to the single path's.
        var share = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds / requests.Count;
        for (var i = 0; i < requests.Count; i++)
        {
            Telemetry.RecordRedeem(requests[i].Surface, results[i].IsOk ? "ok" : results[i].Reason ?? "error", share);
        }

        return results;
    }

    /// <returns>The results in order, or null when the batch must go one by one (nothing stored).</returns>
    private async Task<List<RedeemResult>?> DecideManyAsync(IReadOnlyList<RedeemTicket> requests, CancellationToken cancellationToken)
    {
        var load = await LoadManyAsync(requests, cancellationToken);
        if (load is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var decisions = new List<Decision>(requests.Count);
        var admitted = new List<Domain.Checkin>();
        var rows = new List<Domain.Checkin>(requests.Count);
        foreach (var (request, ticket, list, unknownTicketListId) in load.Items)
        {
            if (ticket is null)
            {
                decisions.Add(Refuse(rows, request, null, unknownTicketListId, request.EventId, UnknownTicket, now));
                continue;
            }

            if (list is null || list.EventId != ticket.EventId)
            {
                decisions.Add(Refuse(rows, request, ticket, list?.Id, ticket.EventId, list is null ? NoList : OtherEvent, now));
                continue;
            }

            if (!load.Histories.TryGetValue((list.Id, ticket.TicketId), out var history))
            {
                load.Histories[(list.Id, ticket.TicketId)] = history = [];
            }

            if (Repeated(request, history) is { } repeated)
            {
                decisions.Add(new Decision(null, ticket, list, repeated, [.. history]));
                continue;
            }

            // A copy: the history grows with this batch's check-ins, and each result shows it as its item saw it.
            var context = new RedeemContext(request, ticket, list, [.. history], [], NoAnswers, request.ClientTime ?? now);
            var (refusal, forced) = Judge(context);
            if (refusal is not null)
            {
                decisions.Add(Refuse(rows, request, ticket, list.Id, list.EventId, refusal, now) with { List = list, History = context.History });
                continue;
            }

            var checkin = NewCheckin(context, forced, now);
            rows.Add(checkin);
            history.Add(checkin);
            admitted.Add(checkin);
            decisions.Add(new Decision(null, ticket, list, checkin, [.. context.History, checkin]));
        }

        if (!await BulkInsert.TryInsertAsync(db, rows, cancellationToken))
        {
            // Another scan took a seq (or a nonce) this batch read as free; the one insert stored none of the batch.
            logger.LogDebug("A batch of {Count} redeems lost a race; deciding it one by one", requests.Count);
            return null;
        }

        foreach (var checkin in admitted)
        {
            await publisher.Publish(CheckedIn(checkin), cancellationToken);
        }

        // Built after the save: a result names check-in ids, and an earlier item's check-in may be a later one's previous.
        return [.. decisions.Select(d => Result(
            d.Refusal?.Status ?? RedeemStatus.Ok, d.Refusal?.Reason, d.Refusal?.Explanation, d.Ticket, d.List, d.Checkin, d.History, d.Refusal?.Questions ?? [], null).Result)];
    }

    /// <summary>A refused item of a batch: its attempt is stored with the others, and its result shows no list unless a rule refused it.</summary>
    private static Decision Refuse(List<Domain.Checkin> rows, RedeemTicket request, TicketInfo? ticket, long? listId, long? eventId, RuleVerdict verdict, DateTimeOffset now)
    {
        rows.Add(FailedAttempt(request, ticket, listId, eventId, verdict, now));
        return new Decision(verdict, ticket, null, null, []);
    }

    private sealed record Decision(RuleVerdict? Refusal, TicketInfo? Ticket, CheckinList? List, Domain.Checkin? Checkin, IReadOnlyList<Domain.Checkin> History);

    private sealed record BatchItem(RedeemTicket Request, TicketInfo? Ticket, CheckinList? List, long? UnknownTicketListId);

    private sealed record BatchLoad(List<BatchItem> Items, Dictionary<(long ListId, long TicketId), List<Domain.Checkin>> Histories);

    /// <returns>What <see cref="LoadAsync"/> reads for each item, for all of them at once; null when the batch must go one by one.</returns>
    private async Task<BatchLoad?> LoadManyAsync(IReadOnlyList<RedeemTicket> requests, CancellationToken cancellationToken)
    {
        if (requests.Any(r => r.IdentifierKind == TicketIdentifierKind.Any))
        {
            return null;
        }

        var organizerId = requests[0].OrganizerId;
        var tickets = new TicketInfo?[requests.Count];
        var asked = new List<(RedeemTicket Request, int Index)>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (Given(requests[i]) is { } given)
            {
                tickets[i] = OnRequestedEvent(given, requests[i]);
            }
            else
            {
                asked.Add((requests[i], i));
            }
        }

        foreach (var group in asked.GroupBy(x => (x.Request.IdentifierKind, x.Request.EventId)))
        {
            var identifiers = group.Select(x => x.Request.Identifier).Distinct(StringComparer.Ordinal).ToList();
            var found = await sender.Send(new FindTickets(organizerId, identifiers, group.Key.IdentifierKind, group.Key.EventId), cancellationToken);
            foreach (var (request, index) in group)
            {
                tickets[index] = OnRequestedEvent(found.GetValueOrDefault(request.Identifier), request);
            }
        }

        var askedLists = requests.Select(r => r.CheckinListId).OfType<long>().Distinct().ToList();
        var events = tickets.OfType<TicketInfo>().Select(t => t.EventId).Distinct().ToList();
        var lists = await db.Lists.AsNoTracking()
            .Where(l => l.OrganizerId == organizerId && (askedLists.Contains(l.Id) || (l.DeletedAt == null && events.Contains(l.EventId))))
            .ToListAsync(cancellationToken);
        var items = requests.Select((request, i) => new BatchItem(
                request, tickets[i], tickets[i] is { } ticket ? ListFor(lists, request, ticket) : null,
                request.CheckinListId is { } id && lists.Any(l => l.Id == id) ? id : null))
            .ToList();
        var placed = items.Where(i => i.Ticket is not null && i.List is not null && i.List.EventId == i.Ticket.EventId).ToList();
        if (placed.Count == 0)
        {
            return new BatchLoad(items, []);
        }

        var entryEvents = placed.Where(i => i.Request.Type == CheckinType.Entry).Select(i => i.List!.EventId).Distinct().ToList();
        var questions = entryEvents.Count == 0
            ? []
            : await db.Questions.AsNoTracking().Where(q => entryEvents.Contains(q.EventId) && q.AskDuringCheckin).Select(q => new { q.EventId, q.Products }).ToListAsync(cancellationToken);
        if (placed.Any(i => i.Request.Type == CheckinType.Entry && questions.Any(q => q.EventId == i.List!.EventId && q.Products.Contains(i.Ticket!.ProductId))))
        {
            return null;
        }

        var listIds = placed.Select(i => i.List!.Id).Distinct().ToList();
        var ticketIds = placed.Select(i => i.Ticket!.TicketId).Distinct().ToList();
        var histories = (await db.Checkins.AsNoTracking()
                .Where(c => c.Successful && listIds.Contains(c.ListId!.Value) && ticketIds.Contains(c.TicketId!.Value))
                .ToListAsync(cancellationToken))
            .GroupBy(c => (c.ListId!.Value, c.TicketId!.Value))
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Seq).ToList());
        return new BatchLoad(items, histories);
    }

    /// <summary><see cref="LoadAsync"/>'s choice of list, among lists loaded for the whole batch.</summary>
    private static CheckinList? ListFor(List<CheckinList> lists, RedeemTicket request, TicketInfo ticket)
    {
        var live = lists.Where(l => l.DeletedAt == null);
        return request.CheckinListId is { } listId
            ? live.FirstOrDefault(l => l.Id == listId)
            : live.Where(l => l.EventId == ticket.EventId).OrderBy(l => l.DefaultForEventId == null ? 1 : 0).ThenBy(l => l.Id).FirstOrDefault();
    }

    /// <summary>A ticket handed in by the caller counts only if it is the one the request names within its scope.</summary>
    private static TicketInfo? Given(RedeemTicket request) =>
        request.Ticket is { } given && given.OrganizerId == request.OrganizerId && (request.EventId is null || given.EventId == request.EventId)
        && request.IdentifierKind == TicketIdentifierKind.Id && request.Identifier == given.TicketId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? given : null;

    private static TicketInfo? OnRequestedEvent(TicketInfo? ticket, RedeemTicket request) =>
        ticket is not null && request.EventSlug is { } slug && ticket.EventSlug != slug ? null : ticket;

    /// <summary>A retried request (same nonce) gets its first check-in back instead of a second one.</summary>
    private static Domain.Checkin? Repeated(RedeemTicket request, IReadOnlyList<Domain.Checkin> history) =>
        request.Nonce is { } nonce ? history.FirstOrDefault(c => c.Nonce == nonce) : null;

    /// <summary>The rules in order: the first refusal decides, unless it is forcible and the request forces.</summary>
    private (RuleVerdict? Refusal, bool Forced) Judge(RedeemContext context)
    {
        var forced = false;
        foreach (var rule in orderedRules)
        {
            if (rule.Check(context) is not { } verdict)
            {
                continue;
            }

            if (verdict.Forcible && context.Request.Force)
            {
                forced = true;
                continue;
            }

            return (verdict, forced);
        }

        return (null, forced);
    }

    private static Domain.Checkin NewCheckin(RedeemContext context, bool forced, DateTimeOffset now) => new()
    {
        OrganizerId = context.Request.OrganizerId,
        EventId = context.List.EventId,
        ListId = context.List.Id,
        TicketId = context.Ticket.TicketId,
        Type = context.Request.Type,
        Successful = true,
        Seq = (context.History.Max(c => c.Seq) ?? 0) + 1,
        Nonce = context.Request.Nonce,
        Forced = forced,
        AutoCheckedIn = context.Request.AutoCheckedIn,
        Datetime = context.ScanTime,
        ClientDatetime = context.Request.ClientTime,
        ServerTime = now,
        DeviceId = context.Request.DeviceId,
        Surface = context.Request.Surface,
        Actor = context.Request.Actor,
    };

    private static TicketCheckedIn CheckedIn(Domain.Checkin checkin) => new(
        checkin.OrganizerId, checkin.EventId!.Value, checkin.TicketId!.Value, checkin.ListId!.Value, checkin.Id, checkin.Type, checkin.Datetime,
        checkin.AutoCheckedIn, checkin.Forced, checkin.Surface, checkin.DeviceId);

    /// <summary>Stores a scan of a ticket the caller could not place on any of its lists (unknown, or of another event).</summary>
    public Task<RedeemOutcome> RecordInvalidAsync(RedeemTicket request, long listId, CancellationToken cancellationToken) =>
        FailAsync(request, null, listId, request.EventId, UnknownTicket, null, cancellationToken);

    private async Task<(CheckinList List, List<Domain.Checkin> History, int QuestionCount)?> LoadAsync(RedeemTicket request, TicketInfo ticket, CancellationToken cancellationToken)
    {
        var row = request.CheckinListId is { } listId
            ? await Loads.For(db).ByList(db, request.OrganizerId, listId, ticket.TicketId, ticket.ProductId, cancellationToken)
            : await Loads.For(db).Default(db, request.OrganizerId, ticket.EventId, ticket.TicketId, ticket.ProductId, cancellationToken);
        return row is null ? null : (row.List, row.History, row.QuestionCount);
    }

    private sealed record ListLoad(CheckinList List, List<Domain.Checkin> History, int QuestionCount);

    // The list, the ticket's history on it and whether questions apply, in one statement; compiled once because every
    // redeem runs it (building and caching the LINQ tree per request cost more CPU than the SQL).
    private static readonly PerModel<CompiledLoads> Loads = new(() => new CompiledLoads());

    private sealed class CompiledLoads
    {
        public readonly Func<CheckinDbContext, long, long, long, long, CancellationToken, Task<ListLoad?>> ByList = EF.CompileAsyncQuery(
            (CheckinDbContext db, long organizerId, long listId, long ticketId, long productId, CancellationToken _) =>
                db.Lists.AsNoTracking()
                    .Where(l => l.OrganizerId == organizerId && l.DeletedAt == null && l.Id == listId)
                    .Select(l => new ListLoad(
                        l,
                        db.Checkins.Where(c => c.ListId == l.Id && c.TicketId == ticketId && c.Successful).OrderBy(c => c.Seq).ToList(),
                        db.Questions.Count(q => q.EventId == l.EventId && q.AskDuringCheckin && q.Products.Contains(productId))))
                    .FirstOrDefault());

        /// <summary>No list named: the event's default list, else its first.</summary>
        public readonly Func<CheckinDbContext, long, long, long, long, CancellationToken, Task<ListLoad?>> Default = EF.CompileAsyncQuery(
            (CheckinDbContext db, long organizerId, long eventId, long ticketId, long productId, CancellationToken _) =>
                db.Lists.AsNoTracking()
                    .Where(l => l.OrganizerId == organizerId && l.DeletedAt == null && l.EventId == eventId)
                    .OrderBy(l => l.DefaultForEventId == null ? 1 : 0).ThenBy(l => l.Id)
                    .Select(l => new ListLoad(
                        l,
                        db.Checkins.Where(c => c.ListId == l.Id && c.TicketId == ticketId && c.Successful).OrderBy(c => c.Seq).ToList(),
                        db.Questions.Count(q => q.EventId == l.EventId && q.AskDuringCheckin && q.Products.Contains(productId))))
                    .FirstOrDefault());
    }

    private async Task<RedeemOutcome> FailAsync(
        RedeemTicket request, TicketInfo? ticket, long? listId, long? eventId, RuleVerdict verdict, List<Answer>? newAnswers, CancellationToken cancellationToken,
        CheckinList? list = null, IReadOnlyList<Domain.Checkin>? history = null, IEnumerable<Answer>? answers = null)
    {
        db.ChangeTracker.Clear();
        var attempt = FailedAttempt(request, ticket, listId, eventId, verdict, clock.GetUtcNow());
        db.Checkins.Add(attempt);

        // pretix keeps the valid answers given with an incomplete or refused scan, so the next scan asks only the rest.
        if (newAnswers is { Count: > 0 })
        {
            db.Answers.AddRange(newAnswers);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (newAnswers is { Count: > 0 })
        {
            // A concurrent scan stored the same answers first; the attempt itself is what must be kept.
            db.ChangeTracker.Clear();
            attempt.Id = 0;
            db.Checkins.Add(attempt);
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return Result(verdict.Status, verdict.Reason, verdict.Explanation, ticket, list, null, history ?? [], verdict.Questions ?? [], answers);
    }

    /// <summary>A refused scan, stored like an admitted one so that every attempt is on record.</summary>
    private static Domain.Checkin FailedAttempt(RedeemTicket request, TicketInfo? ticket, long? listId, long? eventId, RuleVerdict verdict, DateTimeOffset now) => new()
    {
        OrganizerId = request.OrganizerId,
        EventId = eventId,
        ListId = listId,
        TicketId = ticket?.TicketId,
        RawIdentifier = ticket is null ? Truncate(request.Identifier, 100) : null,
        Type = request.Type,
        Successful = false,
        ErrorReason = verdict.Reason,
        ErrorExplanation = Truncate(verdict.Explanation, 300),
        Datetime = request.ClientTime ?? now,
        ClientDatetime = request.ClientTime,
        ServerTime = now,
        DeviceId = request.DeviceId,
        Surface = request.Surface,
        Actor = request.Actor,
    };

    private static RedeemOutcome Result(
        RedeemStatus status, string? reason, string? explanation, TicketInfo? ticket, CheckinList? list, Domain.Checkin? checkin,
        IReadOnlyList<Domain.Checkin> history, IReadOnlyList<Question> questions, IEnumerable<Answer>? answers)
    {
        var last = history.Where(c => !c.Reverted && c.Type == CheckinType.Entry && c.Id != (checkin?.Id ?? 0)).OrderBy(c => c.Seq).LastOrDefault();
        var result = new RedeemResult(
            status, reason, explanation, ticket, list?.Id, checkin?.Id, checkin?.Datetime,
            last is null ? null : new PreviousCheckin(last.Id, last.Datetime, last.Actor, last.DeviceId, last.Surface),
            [.. questions.Select(q => new RequiredQuestion(q.Id, q.Text, q.Type, q.Required, [.. q.Options.OrderBy(o => o.Position).Select(o => o.Answer)]))],
            list is null || ticket is null ? null : AdmissionAfter(ticket.TicketId, history), list?.IsDefault == true);
        return new RedeemOutcome(result, list, history, questions, [.. answers ?? []]);
    }

    /// <summary>The ticket's active entries on the list, counted and ordered as <see cref="AdmissionHandlers"/> does.</summary>
    private static AdmissionState AdmissionAfter(long ticketId, IReadOnlyList<Domain.Checkin> history)
    {
        var entries = history.Where(c => c.Successful && !c.Reverted && c.Type == CheckinType.Entry).OrderBy(c => c.Datetime).ThenBy(c => c.Seq).ToList();
        if (entries.Count == 0)
        {
            return new AdmissionState(ticketId, 0, null, null, null);
        }

        var last = entries[^1];
        return new AdmissionState(
            ticketId, entries.Count, entries[0].Datetime, last.Datetime, new PreviousCheckin(last.Id, last.Datetime, last.Actor, last.DeviceId, last.Surface));
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}

/// <summary>The engine's answer with what the check-in lists API shows beside it (the position's check-ins, the questions).</summary>
internal sealed record RedeemOutcome(
    RedeemResult Result, CheckinList? List, IReadOnlyList<Domain.Checkin> History, IReadOnlyList<Question> Questions, IReadOnlyList<Answer> Answers);

/// <summary>The Shared contract's door to the engine, for the other modules' surfaces.</summary>
internal sealed class RedeemTicketHandler(RedeemEngine engine)
    : IRequestHandler<RedeemTicket, RedeemResult>, IRequestHandler<RedeemTickets, IReadOnlyList<RedeemResult>>
{
    public async ValueTask<RedeemResult> Handle(RedeemTicket request, CancellationToken cancellationToken) =>
        (await engine.RedeemAsync(request, cancellationToken)).Result;

    public async ValueTask<IReadOnlyList<RedeemResult>> Handle(RedeemTickets request, CancellationToken cancellationToken) =>
        await engine.RedeemManyAsync(request.Items, cancellationToken);
}
