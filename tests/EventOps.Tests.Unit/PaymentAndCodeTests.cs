using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Payments;
using Microsoft.Extensions.Configuration;

namespace EventOps.Tests.Unit;

public sealed class PaymentAndCodeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cash_IsPaidAtOnce() => Assert.Equal(new InitialPayment(SaleStatus.Paid, null), new CashPayment().Start(49m, Now));

    [Fact]
    public void Manual_IsUnpaid() => Assert.Equal(SaleStatus.Unpaid, new ManualPayment().Start(49m, Now).Status);

    [Fact]
    public void Free_IsPaidForZero_AndRejectedOtherwise()
    {
        Assert.Equal(SaleStatus.Paid, new FreePayment().Start(0m, Now).Status);
        Assert.NotNull(new FreePayment().Start(0.01m, Now).Error);
    }

    [Fact]
    public void BankTransfer_IsPendingUntilConfiguredDeadline()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sales:BankTransferDays"] = "5" }).Build();
        var start = new BankTransferPayment(configuration).Start(10m, Now);
        Assert.Equal(SaleStatus.Pending, start.Status);
        Assert.Equal(Now.AddDays(5), start.Expires);
    }

    [Fact]
    public void Secret_HasAtLeast128BitsAndIsUrlSafe()
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => TicketCodes.NewSecret()).ToList();
        Assert.All(secrets, s => Assert.Matches("^[a-z0-9]{32}$", s));
        Assert.True(32 * Math.Log2(36) >= 128);
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
    }

    [Fact]
    public void CheckInCode_AvoidsAmbiguousCharacters()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => TicketCodes.NewCheckInCode()).ToList();
        Assert.All(codes, c => Assert.Matches("^[A-HJ-NP-Z2-9]{8}$", c));
        Assert.DoesNotContain(codes, c => c.IndexOfAny(['0', 'O', '1', 'I']) >= 0);
    }

    [Theory]
    [InlineData("abcd-efgh", "ABCDEFGH")]
    [InlineData("ABCD EFGH", "ABCDEFGH")]
    [InlineData("ABCDEFGH", "ABCDEFGH")]
    public void CheckInCode_NormalizesTypedForms(string typed, string stored) => Assert.Equal(stored, TicketCodes.NormalizeCheckInCode(typed));

    [Fact]
    public void CheckInCode_DisplaysWithDash() => Assert.Equal("ABCD-EFGH", TicketCodes.DisplayCheckInCode("ABCDEFGH"));
}
