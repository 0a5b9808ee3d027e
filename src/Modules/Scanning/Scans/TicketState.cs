using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;

namespace EventOps.Modules.Scanning.Scans;

/// <summary>
/// A ticket as every scanner surface shows it, read from Sales (the ticket) and Checkin (its active entries), so
/// "used" and "when" are the same on all of them.
/// </summary>
internal sealed record TicketState(TicketInfo Ticket, int Entries, DateTimeOffset? RedeemedAt, PreviousCheckin? Last)
{
    public const string AlreadyRedeemed = "Already redeemed";
    public const string NotOnThisScanner = "Not valid on this scanner";
    public const string NoAdmission = "Not an admission ticket";

    public static TicketState Of(TicketInfo ticket, AdmissionState? state) =>
        new(ticket, state?.ActiveEntries ?? 0, state?.FirstEntryAt, state?.Last);

    public bool Redeemed => Entries > 0;

    /// <summary>Why the ticket cannot be admitted now, in the words staff read at the door; null when it can.</summary>
    public string? BlockedReason => BlockedReasonOf(Blocking(Ticket), Entries, Ticket.MultiscanLimit, Ticket.Admission);

    public bool Redeemable => BlockedReason is null;

    public DateTimeOffset UpdatedAt => UpdatedAtOf(Ticket.SaleUpdatedAt, Ticket.VoidedAt, Last?.At);

    // The rules below take plain values, so the snapshot's lighter rows (EventTicketRow) share them with TicketInfo.

    /// <summary>
    /// Why a ticket cannot be admitted now, given what blocks its sale or itself, its product's admission and its active
    /// entries. A product without admission is never let in by the scanner app (its redemption refuses it), so an
    /// offline scanner must read it as not redeemable too.
    /// </summary>
    public static string? BlockedReasonOf(string? blocking, int entries, int multiscanLimit, bool admission) =>
        blocking ?? (!admission ? NoAdmission : entries >= Math.Max(1, multiscanLimit) ? AlreadyRedeemed : null);

    /// <summary>The ticket's <c>updated_at</c>: the latest of its sale's update, its void and its last entry.</summary>
    public static DateTimeOffset UpdatedAtOf(DateTimeOffset saleUpdatedAt, DateTimeOffset? voidedAt, DateTimeOffset? lastEntryAt)
    {
        var updated = saleUpdatedAt;
        if (voidedAt is { } voided && voided > updated)
        {
            updated = voided;
        }

        if (lastEntryAt is { } last && last > updated)
        {
            updated = last;
        }

        return updated;
    }

    /// <summary>
    /// Reasons that come from the sale or the ticket itself, not from its entries. List and product rules are the
    /// engine's alone; a refusal for them shows up when a scan is attempted.
    /// </summary>
    public static string? Blocking(TicketInfo ticket) => Blocking(ticket.Voided, ticket.SaleDeleted, ticket.SaleStatus);

    public static string? Blocking(bool voided, bool saleDeleted, string saleStatus) => (voided, saleDeleted, saleStatus) switch
    {
        (true, _, _) => "Ticket voided",
        (_, true, _) => "Order deleted",
        (_, _, "refunded") => "Order refunded",
        (_, _, "cancelled") => "Order cancelled",
        (_, _, "expired") => "Order expired",
        (_, _, "pending" or "unpaid") => "Order unpaid",
        _ => null,
    };

    /// <summary>The engine's reason word (pretix's vocabulary) as door staff read it.</summary>
    /// <param name="door">
    /// The redeem asked for admission: the engine's admission rule runs before the list's product and date rules, so a
    /// <c>product</c> refusal of a product without admission is that rule's.
    /// </param>
    public static string Explain(string? reason, TicketInfo? ticket, bool door = false) => reason switch
    {
        RedeemReasons.AlreadyRedeemed => AlreadyRedeemed,
        RedeemReasons.Product when door && ticket is { Admission: false } => NoAdmission,
        RedeemReasons.Product when ticket is { SubEventName: { } date } => $"Not valid for this check-in list (ticket for {date})",
        RedeemReasons.Canceled or RedeemReasons.Unpaid or RedeemReasons.Blocked when ticket is not null && Blocking(ticket) is { } text => text,
        RedeemReasons.Canceled => "Order cancelled",
        RedeemReasons.Unpaid => "Order unpaid",
        RedeemReasons.Product => "Not valid for this check-in list",
        RedeemReasons.Incomplete => "Questions must be answered first",
        RedeemReasons.Blocked => "Ticket blocked",
        RedeemReasons.InvalidTime => "Not valid at this time",
        RedeemReasons.Rules => "Not allowed by the check-in rules",
        // The ticket exists (the surface found it), so "invalid" means the scanner's list belongs to another event.
        RedeemReasons.Invalid when ticket is not null => NotOnThisScanner,
        RedeemReasons.Invalid => "Ticket not found",
        _ => reason ?? "Rejected",
    };
}
