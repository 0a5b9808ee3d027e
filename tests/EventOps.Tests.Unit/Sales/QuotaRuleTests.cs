using EventOps.Modules.Sales.Inventory;

namespace EventOps.Tests.Unit.Sales;

/// <summary>Which tickets a quota holds (CONTRACT.md "Inventory"), and the places left that the till shows.</summary>
public sealed class QuotaRuleTests
{
    private const long Ticket = 1;
    private const long Shirt = 2;
    private const long Adult = 10;
    private const long Student = 11;
    private const long Friday = 100;
    private const long Saturday = 101;

    [Theory]
    [InlineData(Ticket, null, null, true)]
    [InlineData(Ticket, Adult, null, true)]
    [InlineData(Ticket, Student, null, true)]
    [InlineData(Shirt, null, null, false)]
    public void WithoutVariations_HoldsEveryVariationOfItsItems(long product, long? variation, long? date, bool held)
    {
        var quota = new QuotaRule(1, "Hall", 100, null, [Ticket], [], []);
        Assert.Equal(held, quota.Covers(new Place(product, variation, date, null)));
    }

    [Theory]
    [InlineData(Ticket, Student, true)]
    [InlineData(Ticket, Adult, false)]
    [InlineData(Shirt, null, true)]
    public void NamingVariations_HoldsOnlyThoseOfThatItem_AndAllOfItsOtherItems(long product, long? variation, bool held)
    {
        var quota = new QuotaRule(1, "Students and shirts", 10, null, [Ticket, Shirt], [Student], [Ticket]);
        Assert.Equal(held, quota.Covers(new Place(product, variation, null, null)));
    }

    [Theory]
    [InlineData(Friday, true)]
    [InlineData(Saturday, false)]
    [InlineData(null, false)]
    public void OfADate_HoldsOnlyThatDatesTickets(long? date, bool held)
    {
        var quota = new QuotaRule(1, "Friday", 10, Friday, [Ticket], [], []);
        Assert.Equal(held, quota.Covers(new Place(Ticket, null, date, null)));
    }

    [Fact]
    public void PlacesLeft_IsTheSmallestOverTheQuotasThatHoldIt_AndNullWhenNoneLimitsIt()
    {
        var hall = new QuotaAvailability(new QuotaRule(1, "Hall", 100, null, [Ticket, Shirt], [], []), Paid: 90, Pending: 5);
        var students = new QuotaAvailability(new QuotaRule(2, "Students", 10, null, [Ticket], [Student], [Ticket]), Paid: 8, Pending: 0);
        var open = new QuotaAvailability(new QuotaRule(3, "Open", null, null, [Ticket], [], []), Paid: 500, Pending: 0);
        IReadOnlyList<QuotaAvailability> all = [hall, students, open];

        Assert.Equal(2, Capacity.PlacesLeft(all, new Place(Ticket, Student, null, null)));
        Assert.Equal(5, Capacity.PlacesLeft(all, new Place(Ticket, Adult, null, null)));
        Assert.Null(Capacity.PlacesLeft([open], new Place(Ticket, null, null, null)));
        Assert.Null(Capacity.PlacesLeft(all, new Place(99, null, null, null)));
        Assert.False(new QuotaAvailability(hall.Quota, Paid: 100, Pending: 1).Available);
        Assert.Equal(0, new QuotaAvailability(hall.Quota, Paid: 100, Pending: 1).AvailableNumber);
    }
}
