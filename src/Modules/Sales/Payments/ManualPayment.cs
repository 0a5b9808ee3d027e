namespace EventOps.Modules.Sales.Payments;

/// <summary>Manual: unpaid until staff mark it paid (invoice, voucher, on account).</summary>
internal sealed class ManualPayment : IPaymentProvider
{
    public string Identifier => "manual";

    public string DisplayName => "Manual";

    public InitialPayment Start(decimal total, DateTimeOffset now) => new(Domain.SaleStatus.Unpaid, null);
}
