using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Questions;
using EventOps.Modules.Checkin.Rules;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using CheckinRow = EventOps.Modules.Checkin.Domain.Checkin;

namespace EventOps.Tests.Unit.Checkin;

public sealed class RedeemRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static TicketInfo Ticket(string status = "paid", bool deleted = false, bool voided = false, long product = 1, int limit = 1) => new(
        10, Guid.NewGuid(), "pub", "secret", "ABCD2345", 1, 2, "conf", "Conf", Now, null, 3, "CODE1", status, deleted, Now, "web", "Ada",
        product, "General Admission", true, limit, 10m, "Ada", null, voided, null);

    private static CheckinList List(Action<CheckinList>? configure = null)
    {
        var list = new CheckinList { Id = 5, OrganizerId = 1, EventId = 2, Name = "Main" };
        configure?.Invoke(list);
        return list;
    }

    private static RedeemContext Context(
        TicketInfo? ticket = null, CheckinList? list = null, IReadOnlyList<CheckinRow>? history = null, CheckinType type = CheckinType.Entry,
        bool ignoreUnpaid = false, bool canceledSupported = true, bool questionsSupported = true, IReadOnlyList<Question>? questions = null,
        Dictionary<long, Answer>? answers = null, DateTimeOffset? scanTime = null, bool requireAdmission = false) =>
        new(
            new RedeemTicket(1, "secret", TicketIdentifierKind.Secret, "test", "tester", Type: type, IgnoreUnpaid: ignoreUnpaid, CanceledSupported: canceledSupported, QuestionsSupported: questionsSupported,
                RequireAdmission: requireAdmission),
            ticket ?? Ticket(), list ?? List(), history ?? [], questions ?? [], answers ?? [], scanTime ?? Now);

    private static CheckinRow Row(long seq, CheckinType type = CheckinType.Entry, bool reverted = false) =>
        new() { Id = seq, Seq = seq, Type = type, Successful = true, Reverted = reverted, Surface = "t", Actor = "t", Datetime = Now };

    [Theory]
    [InlineData("paid", false, false, false, null)]
    [InlineData("pending", false, false, false, "unpaid")]
    [InlineData("unpaid", false, true, false, "unpaid")]
    [InlineData("pending", true, true, false, null)]
    [InlineData("unpaid", true, false, false, "unpaid")]
    [InlineData("refunded", false, false, false, "canceled")]
    [InlineData("cancelled", false, false, false, "canceled")]
    [InlineData("expired", false, false, false, "canceled")]
    [InlineData("paid", false, false, true, "canceled")]
    public void SaleStatus_DecidesPaidPendingAndCanceled(string status, bool includePending, bool ignoreUnpaid, bool deleted, string? reason)
    {
        var verdict = new SaleStatusRule().Check(Context(Ticket(status, deleted), List(l => l.IncludePending = includePending), ignoreUnpaid: ignoreUnpaid));
        Assert.Equal(reason, verdict?.Reason);
        Assert.False(verdict?.Forcible ?? false);
    }

    [Fact]
    public void SaleStatus_Canceled_IsUnpaidForClientsWithoutCanceledSupport()
    {
        Assert.Equal("unpaid", new SaleStatusRule().Check(Context(Ticket("refunded"), canceledSupported: false))!.Reason);
    }

    [Fact]
    public void VoidedTicket_IsBlocked()
    {
        Assert.Equal("blocked", new TicketVoidedRule().Check(Context(Ticket(voided: true)))!.Reason);
        Assert.Null(new TicketVoidedRule().Check(Context()));
    }

    [Fact]
    public void ProductOnList_FollowsAllProductsOrLimitProducts()
    {
        Assert.Null(new ProductOnListRule().Check(Context(Ticket(product: 7))));
        Assert.Equal("product", new ProductOnListRule().Check(Context(Ticket(product: 7), List(l => { l.AllProducts = false; l.LimitProducts = [8]; })))!.Reason);
        Assert.Null(new ProductOnListRule().Check(Context(Ticket(product: 8), List(l => { l.AllProducts = false; l.LimitProducts = [8]; }))));
    }

    [Fact]
    public void TimeWindow_RefusesEntriesOutsideIt_ForciblyAndNotExits()
    {
        var list = List(l => { l.ValidFrom = Now.AddHours(1); l.ValidUntil = Now.AddHours(2); });
        var early = new TimeWindowRule().Check(Context(list: list));
        Assert.Equal("invalid_time", early!.Reason);
        Assert.True(early.Forcible);
        Assert.Null(new TimeWindowRule().Check(Context(list: list, scanTime: Now.AddMinutes(90))));
        Assert.Equal("invalid_time", new TimeWindowRule().Check(Context(list: list, scanTime: Now.AddHours(3)))!.Reason);
        Assert.Null(new TimeWindowRule().Check(Context(list: list, type: CheckinType.Exit)));
    }

    [Fact]
    public void Questions_RequiredUnanswered_IsIncomplete_ListingEveryUnansweredOne()
    {
        var required = new Question { Id = 1, Text = "Size", Type = "T", Required = true, Identifier = "A" };
        var optional = new Question { Id = 2, Text = "Diet", Type = "T", Identifier = "B" };
        var verdict = new QuestionsRule().Check(Context(questions: [required, optional]));
        Assert.Equal(RedeemStatus.Incomplete, verdict!.Status);
        Assert.Equal([1L, 2L], verdict.Questions!.Select(q => q.Id));
        Assert.Null(new QuestionsRule().Check(Context(questions: [required, optional], answers: new() { [1] = new Answer { QuestionId = 1, Value = "M" } })));
        Assert.Null(new QuestionsRule().Check(Context(questions: [optional])));
        Assert.Null(new QuestionsRule().Check(Context(questions: [required], questionsSupported: false)));
        Assert.Null(new QuestionsRule().Check(Context(questions: [required], type: CheckinType.Exit)));
    }

    [Theory]
    [InlineData(1, 0, null)]
    [InlineData(1, 1, "already_redeemed")]
    [InlineData(3, 2, null)]
    [InlineData(3, 3, "already_redeemed")]
    public void EntryCount_HonoursTheMultiscanLimit(int limit, int entries, string? reason)
    {
        var history = Enumerable.Range(1, entries).Select(i => Row(i)).ToList();
        Assert.Equal(reason, new EntryCountRule().Check(Context(Ticket(limit: limit), history: history))?.Reason);
    }

    [Fact]
    public void EntryCount_RevertedEntriesDoNotCount_MultipleEntriesAlwaysPass_ExitsReopen()
    {
        Assert.Null(new EntryCountRule().Check(Context(history: [Row(1, reverted: true)])));
        Assert.Null(new EntryCountRule().Check(Context(list: List(l => l.AllowMultipleEntries = true), history: [Row(1), Row(2)])));
        Assert.Null(new EntryCountRule().Check(Context(history: [Row(1), Row(2, CheckinType.Exit)])));
        Assert.Equal("already_redeemed", new EntryCountRule().Check(Context(list: List(l => l.AllowEntryAfterExit = false), history: [Row(1), Row(2, CheckinType.Exit)]))!.Reason);
        Assert.Null(new EntryCountRule().Check(Context(history: [Row(1)], type: CheckinType.Exit)));
        Assert.True(new EntryCountRule().Check(Context(history: [Row(1)]))!.Forcible);
    }

    [Fact]
    public void Rules_HaveTheFixedOrder()
    {
        IRedeemRule[] rules = [new EntryCountRule(), new QuestionsRule(), new TimeWindowRule(), new ProductOnListRule(), new TicketVoidedRule(), new SaleStatusRule()];
        Assert.Equal(
            [typeof(SaleStatusRule), typeof(TicketVoidedRule), typeof(ProductOnListRule), typeof(TimeWindowRule), typeof(QuestionsRule), typeof(EntryCountRule)],
            rules.OrderBy(r => r.Order).Select(r => r.GetType()));
    }

    [Fact]
    public void Answers_AreParsedPerQuestionType_AndInvalidOnesIgnored()
    {
        var text = new Question { Id = 1, Text = "Name", Type = QuestionTypes.Text, Identifier = "A" };
        var boolean = new Question { Id = 2, Text = "Adult", Type = QuestionTypes.Boolean, Identifier = "B" };
        var choice = new Question { Id = 3, Text = "Size", Type = QuestionTypes.Choice, Identifier = "C", Options = [new QuestionOption { Id = 30, Answer = "S", Identifier = "S" }, new QuestionOption { Id = 31, Answer = "M", Identifier = "M" }] };
        Assert.Equal("Ada", AnswerParser.Parse(text, " Ada ")!.Value);
        Assert.Null(AnswerParser.Parse(text, "  "));
        Assert.Equal("True", AnswerParser.Parse(boolean, "true")!.Value);
        Assert.Equal("False", AnswerParser.Parse(boolean, "no")!.Value);
        Assert.Null(AnswerParser.Parse(boolean, "maybe"));
        Assert.Equal("M", AnswerParser.Parse(choice, "31")!.Value);
        Assert.Equal([31L], AnswerParser.Parse(choice, "31")!.OptionIds);
        Assert.Null(AnswerParser.Parse(choice, "99"));
        Assert.Null(AnswerParser.Parse(choice, "30,31"));
        Assert.Null(AnswerParser.Parse(choice, "M"));

        var answers = new Dictionary<long, Answer> { [1] = new Answer { QuestionId = 1, Value = "Old" } };
        var added = AnswerParser.Apply([text, boolean, choice], answers, new Dictionary<string, string> { ["1"] = "New", ["2"] = "yes", ["3"] = "bad" }, 10, Now);
        Assert.Equal([2L], added.Select(a => a.QuestionId));
        Assert.Equal("Old", answers[1].Value);
        Assert.False(answers.ContainsKey(3));
    }

    [Theory]
    [InlineData(true, true, CheckinType.Entry, null)]
    [InlineData(false, false, CheckinType.Entry, null)]
    [InlineData(false, true, CheckinType.Entry, "product")]
    [InlineData(false, true, CheckinType.Exit, null)]
    public void Admission_IsRequiredOnlyWhenTheCallerAsks(bool admission, bool requireAdmission, CheckinType type, string? reason)
    {
        var shirt = Ticket() with { Admission = admission, ProductName = "T-Shirt", VariationName = "Red" };
        var verdict = new AdmissionRule().Check(Context(shirt, type: type, requireAdmission: requireAdmission));
        Assert.Equal(reason, verdict?.Reason);
        Assert.False(verdict?.Forcible ?? false);
        if (verdict is not null)
        {
            Assert.Equal("T-Shirt – Red does not grant admission.", verdict.Explanation);
        }
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(null, 7L, null)]
    [InlineData(7L, 7L, null)]
    [InlineData(7L, 8L, "product")]
    [InlineData(7L, null, "product")]
    public void ListOfOneDate_RefusesOtherDates(long? listDate, long? ticketDate, string? reason)
    {
        var ticket = Ticket() with { SubEventId = ticketDate, SubEventName = ticketDate is null ? null : "Day 2" };
        var verdict = new ListDateRule().Check(Context(ticket, List(l => l.SubEventId = listDate)));
        Assert.Equal(reason, verdict?.Reason);
        Assert.False(verdict?.Forcible ?? false);
    }
}
