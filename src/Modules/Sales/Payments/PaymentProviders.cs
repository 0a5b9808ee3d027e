namespace EventOps.Modules.Sales.Payments;

/// <summary>What a payment provider decides for a new sale: its first status and, if any, its payment deadline.</summary>
internal sealed record InitialPayment(Domain.SaleStatus Status, DateTimeOffset? Expires, string? Error = null)
{
    public static InitialPayment Rejected(string error) => new(Domain.SaleStatus.Unpaid, null, error);
}

/// <summary>A payment provider plugin; found by <see cref="Identifier"/>. Adding a provider is adding a class.</summary>
internal interface IPaymentProvider
{
    string Identifier { get; }

    string DisplayName { get; }

    InitialPayment Start(decimal total, DateTimeOffset now);
}

internal sealed class PaymentProviders(IEnumerable<IPaymentProvider> providers)
{
    private readonly Dictionary<string, IPaymentProvider> byIdentifier = providers.ToDictionary(p => p.Identifier, StringComparer.Ordinal);

    public IPaymentProvider? Find(string identifier) => byIdentifier.GetValueOrDefault(identifier);

    public IEnumerable<IPaymentProvider> All => byIdentifier.Values;
}
