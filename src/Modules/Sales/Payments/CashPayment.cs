namespace EventOps.Modules.Sales.Payments;

/// <summary>Cash at the box office: the money is in the drawer, so the sale is paid at once.</summary>
internal sealed class CashPayment : IPaymentProvider
{
    public string Identifier => "cash";

    public string DisplayName => "Cash";

    public InitialPayment Start(decimal total, DateTimeOffset now) => new(Domain.SaleStatus.Paid, null);
}
