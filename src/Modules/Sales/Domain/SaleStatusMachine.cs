using Stateless;

namespace EventOps.Modules.Sales.Domain;

/// <summary>
/// The only place that says which status a trigger leads to (seed 001's state machine, plus expiry and the
/// "approve pending payment" workflow: pending → paid). Delete and mark_used/mark_unused leave the status as it is.
/// </summary>
internal static class SaleStatusMachine
{
    public static StateMachine<SaleStatus, SaleTrigger> For(SaleStatus current, bool isDeleted)
    {
        var machine = new StateMachine<SaleStatus, SaleTrigger>(current);
        if (isDeleted)
        {
            // A deleted sale is kept for the record; nothing moves it any more.
            return machine;
        }

        machine.Configure(SaleStatus.Pending)
            .Permit(SaleTrigger.MarkPaid, SaleStatus.Paid)
            .Permit(SaleTrigger.Expire, SaleStatus.Expired);
        machine.Configure(SaleStatus.Unpaid)
            .Permit(SaleTrigger.MarkPaid, SaleStatus.Paid)
            .Permit(SaleTrigger.Cancel, SaleStatus.Cancelled)
            .Permit(SaleTrigger.Expire, SaleStatus.Expired);
        machine.Configure(SaleStatus.Paid)
            .Permit(SaleTrigger.MarkUnpaid, SaleStatus.Unpaid)
            .Permit(SaleTrigger.Refund, SaleStatus.Refunded)
            .Permit(SaleTrigger.Cancel, SaleStatus.Cancelled);
        machine.Configure(SaleStatus.Cancelled)
            .Permit(SaleTrigger.MarkUnpaid, SaleStatus.Unpaid);
        machine.Configure(SaleStatus.Refunded);
        machine.Configure(SaleStatus.Expired);

        foreach (var state in Enum.GetValues<SaleStatus>())
        {
            machine.Configure(state)
                .InternalTransition(SaleTrigger.Delete, _ => { })
                .InternalTransition(SaleTrigger.MarkUsed, _ => { })
                .InternalTransition(SaleTrigger.MarkUnused, _ => { });
        }

        return machine;
    }

    /// <summary>The status the trigger leads to, or null when the machine does not permit it now.</summary>
    public static SaleStatus? Next(SaleStatus current, bool isDeleted, SaleTrigger trigger)
    {
        var machine = For(current, isDeleted);
        if (!machine.CanFire(trigger))
        {
            return null;
        }

        machine.Fire(trigger);
        return machine.State;
    }

    /// <summary>What staff may do to this sale now: the admin shows exactly these buttons.</summary>
    public static IReadOnlyList<SaleTrigger> Permitted(SaleStatus current, bool isDeleted)
    {
        var machine = For(current, isDeleted);
        return [.. Enum.GetValues<SaleTrigger>().Where(t => t != SaleTrigger.Expire && machine.CanFire(t))];
    }
}
