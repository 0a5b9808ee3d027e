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

    public static TicketState Of(TicketInfo ticket, AdmissionState? state) =>
        new(ticket, state?.ActiveEntries ?? 0, state?.FirstEntryAt, state?.Last);

    public bool Redeemed => Entries > 0;

    /// <summary>Why the ticket cannot be admitted now, in the words staff read at the door; null when it can.</summary>
    public string? BlockedReason => Blocking(Ticket) ?? (Entries >= Math.Max(1, Ticket.MultiscanLimit) ? AlreadyRedeemed : null);

    public bool Redeemable => BlockedReason is null;

    public DateTimeOffset UpdatedAt
    {
        get
        {
            var updated = Ticket.SaleUpdatedAt;
            if (Ticket.VoidedAt is { } voided && voided > updated)
            {
                updated = voided;
            }

            if (Last?.At is { } last && last > updated)
            {
                updated = last;
            }

            return updated;
        }
    }

    /// <summary>
    /// Reasons that come from the sale or the ticket itself, not from its entries. List and product rules are the
    /// engine's alone; a refusal for them shows up when a scan is attempted.
    /// </summary>
    public static string? Blocking(TicketInfo ticket) => ticket switch
    {
        { Voided: true } => "Ticket voided",
        { SaleDeleted: true } => "Order deleted",
        { SaleStatus: "refunded" } => "Order refunded",
        { SaleStatus: "cancelled" } => "Order cancelled",
        { SaleStatus: "expired" } => "Order expired",
        { IsPendingPayment: true } => "Order unpaid",
        _ => null,
    };

    /// <summary>The engine's reason word (pretix's vocabulary) as door staff read it.</summary>
    public static string Explain(string? reason, TicketInfo? ticket) => reason switch
    {
        RedeemReasons.AlreadyRedeemed => AlreadyRedeemed,
        RedeemReasons.Canceled or RedeemReasons.Unpaid or RedeemReasons.Blocked when ticket is not null && Blocking(ticket) is { } text => text,
        RedeemReasons.Canceled => "Order cancelled",
        RedeemReasons.Unpaid => "Order unpaid",
        RedeemReasons.Product => "Not valid for this check-in list",
        RedeemReasons.Incomplete => "Questions must be answered first",
        RedeemReasons.Blocked => "Ticket blocked",
        RedeemReasons.InvalidTime => "Not valid at this time",
        RedeemReasons.Rules => "Not allowed by the check-in rules",
        RedeemReasons.Invalid => "Ticket not found",
        _ => reason ?? "Rejected",
    };
}
