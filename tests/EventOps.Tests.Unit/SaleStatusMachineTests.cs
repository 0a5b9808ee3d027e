using EventOps.Modules.Sales.Domain;

namespace EventOps.Tests.Unit;

public sealed class SaleStatusMachineTests
{
    public static TheoryData<string, string, string?> EveryActionFromEveryStatus()
    {
        // Seed 001's table, plus expiry and pending → paid ("approve pending payment"). Null: refused, nothing changes.
        var expected = new Dictionary<(SaleStatus, SaleTrigger), SaleStatus?>
        {
            [(SaleStatus.Pending, SaleTrigger.MarkPaid)] = SaleStatus.Paid,
            [(SaleStatus.Pending, SaleTrigger.Expire)] = SaleStatus.Expired,
            [(SaleStatus.Unpaid, SaleTrigger.MarkPaid)] = SaleStatus.Paid,
            [(SaleStatus.Unpaid, SaleTrigger.Cancel)] = SaleStatus.Cancelled,
            [(SaleStatus.Unpaid, SaleTrigger.Expire)] = SaleStatus.Expired,
            [(SaleStatus.Paid, SaleTrigger.MarkUnpaid)] = SaleStatus.Unpaid,
            [(SaleStatus.Paid, SaleTrigger.Refund)] = SaleStatus.Refunded,
            [(SaleStatus.Paid, SaleTrigger.Cancel)] = SaleStatus.Cancelled,
            [(SaleStatus.Cancelled, SaleTrigger.MarkUnpaid)] = SaleStatus.Unpaid,
        };
        var data = new TheoryData<string, string, string?>();
        foreach (var status in Enum.GetValues<SaleStatus>())
        {
            foreach (var trigger in Enum.GetValues<SaleTrigger>())
            {
                var result = trigger is SaleTrigger.Delete or SaleTrigger.MarkUsed or SaleTrigger.MarkUnused
                    ? status
                    : expected.GetValueOrDefault((status, trigger));
                data.Add(status.ToString(), trigger.ToString(), result?.ToString());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActionFromEveryStatus))]
    public void Next_FollowsSeed001(string from, string trigger, string? expected) =>
        Assert.Equal(expected, SaleStatusMachine.Next(Enum.Parse<SaleStatus>(from), isDeleted: false, Enum.Parse<SaleTrigger>(trigger))?.ToString());

    [Theory]
    [InlineData(nameof(SaleStatus.Paid))]
    [InlineData(nameof(SaleStatus.Unpaid))]
    [InlineData(nameof(SaleStatus.Cancelled))]
    public void Next_OnDeletedSale_RefusesEverything(string statusName)
    {
        var status = Enum.Parse<SaleStatus>(statusName);
        foreach (var trigger in Enum.GetValues<SaleTrigger>())
        {
            Assert.Null(SaleStatusMachine.Next(status, isDeleted: true, trigger));
        }
    }

    [Fact]
    public void Permitted_ForPaid_OffersRefundCancelUnpaidDeleteAndCheckins() =>
        Assert.Equal(
            [SaleTrigger.MarkUnpaid, SaleTrigger.Refund, SaleTrigger.Cancel, SaleTrigger.Delete, SaleTrigger.MarkUsed, SaleTrigger.MarkUnused],
            SaleStatusMachine.Permitted(SaleStatus.Paid, isDeleted: false));

    [Fact]
    public void Permitted_NeverOffersExpire() =>
        Assert.DoesNotContain(SaleTrigger.Expire, SaleStatusMachine.Permitted(SaleStatus.Pending, isDeleted: false));

    [Theory]
    [InlineData("mark_paid", true)]
    [InlineData("mark_unused", true)]
    [InlineData("Mark_Paid", false)]
    [InlineData("MARK_PAID", false)]
    [InlineData("expire", false)]
    [InlineData("pay", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParseAction_IsCaseSensitiveAndKnowsOnlyTheSevenActions(string? action, bool valid) =>
        Assert.Equal(valid, SaleWords.TryParseAction(action, out _));
}
