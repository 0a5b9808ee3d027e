namespace EventOps.Modules.Sales.Payments;

/// <summary>Free tickets: paid at once, and only for sales that cost nothing.</summary>
internal sealed class FreePayment : IPaymentProvider
{
    public string Identifier => "free";

    public string DisplayName => "Free";

    public InitialPayment Start(decimal total, DateTimeOffset now) =>
        total == 0m ? new(Domain.SaleStatus.Paid, null) : InitialPayment.Rejected("The free payment provider can only be used for sales with a total of 0.");
}
