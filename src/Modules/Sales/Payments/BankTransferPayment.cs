using Microsoft.Extensions.Configuration;

namespace EventOps.Modules.Sales.Payments;

/// <summary>Bank transfer: pending until the money arrives or the deadline (Sales:BankTransferDays, default 3) passes.</summary>
internal sealed class BankTransferPayment(IConfiguration configuration) : IPaymentProvider
{
    public string Identifier => "bank_transfer";

    public string DisplayName => "Bank transfer";

    public InitialPayment Start(decimal total, DateTimeOffset now) =>
        new(Domain.SaleStatus.Pending, now.AddDays(configuration.GetValue("Sales:BankTransferDays", 3)));
}
