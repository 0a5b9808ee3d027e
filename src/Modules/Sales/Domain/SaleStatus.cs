namespace EventOps.Modules.Sales.Domain;

internal enum SaleStatus
{
    Pending,
    Unpaid,
    Paid,
    Refunded,
    Cancelled,
    Expired,
}

internal enum SaleTrigger
{
    MarkPaid,
    MarkUnpaid,
    Refund,
    Cancel,
    Delete,
    Expire,
    MarkUsed,
    MarkUnused,
}

internal static class SaleWords
{
    public static string Wire(this SaleStatus status) => status switch
    {
        SaleStatus.Pending => "pending",
        SaleStatus.Unpaid => "unpaid",
        SaleStatus.Paid => "paid",
        SaleStatus.Refunded => "refunded",
        SaleStatus.Cancelled => "cancelled",
        _ => "expired",
    };

    public static string Wire(this SaleTrigger trigger) => trigger switch
    {
        SaleTrigger.MarkPaid => "mark_paid",
        SaleTrigger.MarkUnpaid => "mark_unpaid",
        SaleTrigger.Refund => "refund",
        SaleTrigger.Cancel => "cancel",
        SaleTrigger.Delete => "delete",
        SaleTrigger.Expire => "expire",
        SaleTrigger.MarkUsed => "mark_used",
        _ => "mark_unused",
    };

    /// <summary>Seed 001 action names, case-sensitive; <c>expire</c> is the job's, not the API's.</summary>
    public static bool TryParseAction(string? action, out SaleTrigger trigger)
    {
        trigger = action switch
        {
            "mark_paid" => SaleTrigger.MarkPaid,
            "mark_unpaid" => SaleTrigger.MarkUnpaid,
            "refund" => SaleTrigger.Refund,
            "cancel" => SaleTrigger.Cancel,
            "delete" => SaleTrigger.Delete,
            "mark_used" => SaleTrigger.MarkUsed,
            "mark_unused" => SaleTrigger.MarkUnused,
            _ => SaleTrigger.Expire,
        };
        return trigger != SaleTrigger.Expire;
    }

    public static bool TryParseStatus(string? text, out SaleStatus status)
    {
        foreach (var candidate in Enum.GetValues<SaleStatus>())
        {
            if (candidate.Wire() == text)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
