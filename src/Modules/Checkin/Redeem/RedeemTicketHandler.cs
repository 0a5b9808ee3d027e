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
/// ticket's history on it (one query), the check-in (one insert); questions add one read when the event has any.
/// The decision is the insert: a successful check-in claims the next seq of its (list, ticket), and a unique index lets
/// only one of two racing scanners have it; the loser reads the new state and decides again.
/// </summary>
internal sealed class RedeemEngine(
    CheckinDbContext db, ISender sender, IPublisher publisher, TimeProvider clock, IEnumerable<IRedeemRule> rules, ILogger<RedeemEngine> logger)
{
    private const int MaxAttempts = 64;
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
        // A ticket handed in by the caller counts only if it is the one the request names within its scope.
        known ??= request.Ticket is { } given && given.OrganizerId == request.OrganizerId && (request.EventId is null || given.EventId == request.EventId)
            && request.IdentifierKind == TicketIdentifierKind.Id && request.Identifier == given.TicketId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? given : null;
        var ticket = known ?? await sender.Send(new FindTicket(request.OrganizerId, request.Identifier, request.IdentifierKind, request.EventId), cancellationToken);
        if (ticket is not null && request.EventSlug is { } slug && ticket.EventSlug != slug)
        {
            ticket = null;
        }

        if (ticket is null)
        {
            var listId = request.CheckinListId is { } id && await db.Lists.AnyAsync(l => l.Id == id && l.OrganizerId == request.OrganizerId, cancellationToken) ? id : (long?)null;
            return await FailAsync(request, null, listId, request.EventId, RuleVerdict.Error(RedeemReasons.Invalid, "Unknown ticket."), null, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync(request, ticket, cancellationToken);
            if (loaded is null)
            {
                return await FailAsync(request, ticket, null, ticket.EventId, RuleVerdict.Error(RedeemReasons.Invalid, "No check-in list for this ticket."), null, cancellationToken);
            }

            var (list, history, questionCount) = loaded.Value;
            if (list.EventId != ticket.EventId)
            {
                return await FailAsync(request, ticket, list.Id, ticket.EventId, RuleVerdict.Error(RedeemReasons.Invalid, "The ticket belongs to another event."), null, cancellationToken);
            }

            if (request.Nonce is { } nonce && history.FirstOrDefault(c => c.Nonce == nonce) is { } repeated)
            {
                return Result(RedeemStatus.Ok, null, null, ticket, list, repeated, history, [], null);
            }

            var now = clock.GetUtcNow();
            var scanTime = request.ClientTime ?? now;
            var questions = new List<Question>();
            var answers = new Dictionary<long, Answer>();
            var newAnswers = new List<Answer>();
            if (questionCount > 0 && request.Type == CheckinType.Entry)
            {
                (questions, answers) = await QuestionLoader.LoadAsync(db, list.EventId, ticket.TicketId, ticket.ProductId, cancellationToken);
                newAnswers = AnswerParser.Apply(questions, answers, request.Answers, ticket.TicketId, now);
            }

            var context = new RedeemContext(request, ticket, list, history, questions, answers, scanTime);
            var forced = false;
            RuleVerdict? refusal = null;
            foreach (var rule in orderedRules)
            {
                if (rule.Check(context) is not { } verdict)
                {
                    continue;
                }

                if (verdict.Forcible && request.Force)
                {
                    forced = true;
                    continue;
                }

                refusal = verdict;
                break;
            }

            if (refusal is not null)
            {
                return await FailAsync(request, ticket, list.Id, list.EventId, refusal, newAnswers, cancellationToken, list, history, answers.Values);
            }

            var checkin = new Domain.Checkin
            {
                OrganizerId = request.OrganizerId,
                EventId = list.EventId,
                ListId = list.Id,
                TicketId = ticket.TicketId,
                Type = request.Type,
                Successful = true,
                Seq = (history.Max(c => c.Seq) ?? 0) + 1,
                Nonce = request.Nonce,
                Forced = forced,
                AutoCheckedIn = request.AutoCheckedIn,
                Datetime = scanTime,
                ClientDatetime = request.ClientTime,
                ServerTime = now,
                DeviceId = request.DeviceId,
                Surface = request.Surface,
                Actor = request.Actor,
            };
            db.Checkins.Add(checkin);
            db.Answers.AddRange(newAnswers);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < MaxAttempts)
            {
                // Another scan of this ticket took our seq (or our nonce) first: decide again on what is there now.
                logger.LogDebug(exception, "Redeem of ticket {TicketId} on list {ListId} lost a race, attempt {Attempt}", ticket.TicketId, list.Id, attempt);
                db.ChangeTracker.Clear();
                continue;
            }

            db.ChangeTracker.Clear();
            await publisher.Publish(
                new TicketCheckedIn(
                    request.OrganizerId, list.EventId, ticket.TicketId, list.Id, checkin.Id, checkin.Type, checkin.Datetime, checkin.AutoCheckedIn, forced,
                    request.Surface, request.DeviceId),
                cancellationToken);
            return Result(RedeemStatus.Ok, null, null, ticket, list, checkin, [.. history, checkin], [], answers.Values);
        }
    }

    /// <summary>Stores a scan of a ticket the caller could not place on any of its lists (unknown, or of another event).</summary>
    public Task<RedeemOutcome> RecordInvalidAsync(RedeemTicket request, long listId, CancellationToken cancellationToken) =>
        FailAsync(request, null, listId, request.EventId, RuleVerdict.Error(RedeemReasons.Invalid, "Unknown ticket."), null, cancellationToken);

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
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        var attempt = new Domain.Checkin
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

    private static RedeemOutcome Result(
        RedeemStatus status, string? reason, string? explanation, TicketInfo? ticket, CheckinList? list, Domain.Checkin? checkin,
        IReadOnlyList<Domain.Checkin> history, IReadOnlyList<Question> questions, IEnumerable<Answer>? answers)
    {
        var last = history.Where(c => !c.Reverted && c.Type == CheckinType.Entry && c.Id != (checkin?.Id ?? 0)).OrderBy(c => c.Seq).LastOrDefault();
        var result = new RedeemResult(
            status, reason, explanation, ticket, list?.Id, checkin?.Id, checkin?.Datetime,
            last is null ? null : new PreviousCheckin(last.Id, last.Datetime, last.Actor, last.DeviceId, last.Surface),
            [.. questions.Select(q => new RequiredQuestion(q.Id, q.Text, q.Type, q.Required, [.. q.Options.OrderBy(o => o.Position).Select(o => o.Answer)]))]);
        return new RedeemOutcome(result, list, history, questions, [.. answers ?? []]);
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}

/// <summary>The engine's answer with what the check-in lists API shows beside it (the position's check-ins, the questions).</summary>
internal sealed record RedeemOutcome(
    RedeemResult Result, CheckinList? List, IReadOnlyList<Domain.Checkin> History, IReadOnlyList<Question> Questions, IReadOnlyList<Answer> Answers);

/// <summary>The Shared contract's door to the engine, for the other modules' surfaces.</summary>
internal sealed class RedeemTicketHandler(RedeemEngine engine) : IRequestHandler<RedeemTicket, RedeemResult>
{
    public async ValueTask<RedeemResult> Handle(RedeemTicket request, CancellationToken cancellationToken) =>
        (await engine.RedeemAsync(request, cancellationToken)).Result;
}
