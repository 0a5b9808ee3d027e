using EventOps.Modules.Checkin.Domain;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;

namespace EventOps.Modules.Checkin.Rules;

/// <summary>Everything a rule may look at, loaded before any rule runs so that rules are pure and testable.</summary>
internal sealed record RedeemContext(
    RedeemTicket Request,
    TicketInfo Ticket,
    CheckinList List,
    IReadOnlyList<Domain.Checkin> History,
    IReadOnlyList<Question> Questions,
    IReadOnlyDictionary<long, Answer> Answers,
    DateTimeOffset ScanTime)
{
    /// <summary>Successful, not reverted check-ins in the order they happened.</summary>
    public IEnumerable<Domain.Checkin> Active => History.Where(c => !c.Reverted).OrderBy(c => c.Seq);

    public bool IsEntry => Request.Type == CheckinType.Entry;
}

/// <summary>A rule's refusal; <see cref="Forcible"/> ones are overridden by <c>force</c> (pretix: previous check-ins, questions).</summary>
internal sealed record RuleVerdict(RedeemStatus Status, string Reason, string? Explanation, bool Forcible, IReadOnlyList<Question>? Questions = null)
{
    public static RuleVerdict Error(string reason, string? explanation, bool forcible = false) => new(RedeemStatus.Error, reason, explanation, forcible);
}

/// <summary>A redeem rule plugin. Rules run in <see cref="Order"/>; the first refusal decides. Adding a rule is adding a class.</summary>
internal interface IRedeemRule
{
    int Order { get; }

    RuleVerdict? Check(RedeemContext context);
}

internal sealed class SaleStatusRule : IRedeemRule
{
    public int Order => 10;

    public RuleVerdict? Check(RedeemContext context)
    {
        var ticket = context.Ticket;
        if (ticket.IsCanceled)
        {
            // pretix: clients that do not know "canceled" are told "unpaid".
            return RuleVerdict.Error(context.Request.CanceledSupported ? RedeemReasons.Canceled : RedeemReasons.Unpaid, $"The sale is {(ticket.SaleDeleted ? "deleted" : ticket.SaleStatus)}.");
        }

        if (ticket.IsPaid)
        {
            return null;
        }

        return context.List.IncludePending && context.Request.IgnoreUnpaid
            ? null
            : RuleVerdict.Error(RedeemReasons.Unpaid, $"The sale is {ticket.SaleStatus}.");
    }
}

internal sealed class TicketVoidedRule : IRedeemRule
{
    public int Order => 20;

    public RuleVerdict? Check(RedeemContext context) =>
        context.Ticket.Voided ? RuleVerdict.Error(RedeemReasons.Blocked, "The ticket has been voided.") : null;
}

/// <summary>
/// Door surfaces (their answer means "let this person in") ask for it with <see cref="RedeemTicket.RequireAdmission"/>:
/// a product without admission (a T-shirt) is refused there, while check-in lists still serve its pick-up (seed 003).
/// </summary>
internal sealed class AdmissionRule : IRedeemRule
{
    public int Order => 25;

    public RuleVerdict? Check(RedeemContext context) =>
        context.Request.RequireAdmission && context.IsEntry && !context.Ticket.Admission
            ? RuleVerdict.Error(RedeemReasons.Product, $"{context.Ticket.ProductLabel} does not grant admission.")
            : null;
}

internal sealed class ProductOnListRule : IRedeemRule
{
    public int Order => 30;

    public RuleVerdict? Check(RedeemContext context) =>
        context.List.Admits(context.Ticket.ProductId, context.Ticket.VariationId)
            ? null
            : RuleVerdict.Error(RedeemReasons.Product, $"{context.Ticket.ProductLabel} is not valid on {context.List.Name}.");
}

/// <summary>A list of one date of a series refuses tickets of its other dates, with pretix's reason (<c>product</c>).</summary>
internal sealed class ListDateRule : IRedeemRule
{
    public int Order => 35;

    public RuleVerdict? Check(RedeemContext context) =>
        context.List.HoldsDate(context.Ticket.SubEventId)
            ? null
            : RuleVerdict.Error(RedeemReasons.Product, context.Ticket.SubEventName is { } date ? $"The ticket is for {date}, not for the date of {context.List.Name}." : $"The ticket has no date; {context.List.Name} is for one date.");
}

internal sealed class TimeWindowRule : IRedeemRule
{
    public int Order => 40;

    public RuleVerdict? Check(RedeemContext context)
    {
        if (!context.IsEntry)
        {
            return null;
        }

        var list = context.List;
        if (list.ValidFrom is { } from && context.ScanTime < from)
        {
            return RuleVerdict.Error(RedeemReasons.InvalidTime, $"Entry is only allowed from {from:u}.", forcible: true);
        }

        return list.ValidUntil is { } until && context.ScanTime > until
            ? RuleVerdict.Error(RedeemReasons.InvalidTime, $"Entry was only allowed until {until:u}.", forcible: true)
            : null;
    }
}

/// <summary>Required check-in questions without an answer make the answer <c>incomplete</c>, when the client can ask them.</summary>
internal sealed class QuestionsRule : IRedeemRule
{
    public int Order => 50;

    public RuleVerdict? Check(RedeemContext context)
    {
        if (!context.IsEntry || !context.Request.QuestionsSupported || context.Questions.Count == 0)
        {
            return null;
        }

        var unanswered = context.Questions.Where(q => !context.Answers.ContainsKey(q.Id)).ToList();
        return unanswered.Any(q => q.Required)
            ? new RuleVerdict(RedeemStatus.Incomplete, RedeemReasons.Incomplete, "Required questions are not answered.", Forcible: true, unanswered)
            : null;
    }
}

/// <summary>
/// Entries allowed: unlimited with <c>allow_multiple_entries</c>; again after an exit with <c>allow_entry_after_exit</c>;
/// else up to the product's multiscan limit. Exits are always recorded.
/// </summary>
internal sealed class EntryCountRule : IRedeemRule
{
    public int Order => 60;

    public RuleVerdict? Check(RedeemContext context)
    {
        if (!context.IsEntry || context.List.AllowMultipleEntries)
        {
            return null;
        }

        var active = context.Active.ToList();
        if (active.Count == 0)
        {
            return null;
        }

        if (context.List.AllowEntryAfterExit && active[^1].Type == CheckinType.Exit)
        {
            return null;
        }

        var entries = active.Count(c => c.Type == CheckinType.Entry);
        var limit = Math.Max(1, context.Ticket.MultiscanLimit);
        return entries < limit
            ? null
            : RuleVerdict.Error(RedeemReasons.AlreadyRedeemed, limit == 1 ? "The ticket has already been used." : $"The ticket has been used {entries} of {limit} times.", forcible: true);
    }
}
