using System.Net;
using EventOps.Modules.Checkin.Domain;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>Seed 003: <c>positions/{id or secret}/redeem/</c>, every request field and every answer.</summary>
public abstract class RedeemApiTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task Redeem_Ok_Is201WithPosition_SecondIsAlreadyRedeemed()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (order, ticketId, secret) = await c.PaidTicketAsync();
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new
        {
            force = false,
            ignore_unpaid = false,
            nonce = "Pvrk50vUzQd0DhdpNRL4I4OcXsvg70uA",
            datetime = (string?)null,
            questions_supported = true,
            canceled_supported = true,
            answers = new Dictionary<string, string>(),
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("ok", body.Value<string>("status"));
        var position = body!["position"]!;
        Assert.Equal(ticketId, position.Value<long>("id"));
        Assert.Equal(order.Value<string>("code"), position.Value<string>("order"));
        Assert.Equal(1, position.Value<int>("positionid"));
        Assert.Equal(c.S.AdmissionItem, position.Value<long>("item"));
        Assert.Equal("49.00", position.Value<string>("price"));
        Assert.Equal("Ada Lovelace", position.Value<string>("attendee_name"));
        Assert.Equal("Ada Lovelace", position.Value<string>("attendee_name_parts.full_name"));
        Assert.Equal(secret, position.Value<string>("secret"));
        Assert.Equal("p", position.Value<string>("order__status"));
        Assert.Equal(c.DefaultListId, position.Value<long>("checkins.0.list"));
        Assert.False(position.Value<bool>("checkins.0.auto_checked_in"));
        Assert.Equal("entry", position.Value<string>("checkins.0.type"));
        foreach (var key in new[] { "variation", "attendee_email", "voucher", "tax_rule", "addon_to", "subevent", "seat" })
        {
            Assert.True(position.AsObject().ContainsKey(key), key);
        }

        var (again, second) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, secret), new { });
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("error", second.Value<string>("status"));
        Assert.Equal("already_redeemed", second.Value<string>("reason"));
        Assert.Equal(ticketId, second.Value<long>("position.id"));
    }

    [Fact]
    public async Task Redeem_SameNonceTwice_AnswersOkTwice_AndStoresOneCheckin()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var url = c.Redeem(c.DefaultListId, ticketId);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(url, new { nonce = "n-1" })).Status);
        var (status, body) = await c.Client.PostJsonAsync(url, new { nonce = "n-1" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Single(body!["position"]!["checkins"]!.AsArray());
        Assert.Equal(1, await c.WithCheckinAsync(db => db.Checkins.CountAsync(x => x.TicketId == ticketId && x.Successful)));

        // A new nonce is a new scan.
        Assert.Equal("already_redeemed", (await c.Client.PostJsonAsync(url, new { nonce = "n-2" })).Body.Value<string>("reason"));
    }

    [Fact]
    public async Task Redeem_Unpaid_IncludePendingAndIgnoreUnpaid()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var order = await c.S.OrderAsync("manual");
        var ticketId = order.Value<long>("positions.0.id");
        var pendingList = await c.CreateListAsync(new { name = "Pending ok", include_pending = true });

        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unpaid", body.Value<string>("reason"));
        Assert.Equal("n", body.Value<string>("position.order__status"));

        // ignore_unpaid only works on a list with include_pending.
        Assert.Equal("unpaid", (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { ignore_unpaid = true })).Body.Value<string>("reason"));
        Assert.Equal("unpaid", (await c.Client.PostJsonAsync(c.Redeem(pendingList, ticketId), new { })).Body.Value<string>("reason"));
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(pendingList, ticketId), new { ignore_unpaid = true })).Status);
    }

    [Theory]
    [InlineData("refund")]
    [InlineData("cancel")]
    [InlineData("delete")]
    public async Task Redeem_CanceledSale_IsCanceledOnlyWhenSupported(string action)
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (order, ticketId, _) = await c.PaidTicketAsync();
        var (actionStatus, actionBody) = await c.SaleActionAsync(order.Value<long>("id"), action);
        Assert.True(actionStatus == HttpStatusCode.OK, actionBody.Compact());

        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { canceled_supported = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("canceled", body.Value<string>("reason"));
        Assert.Equal("c", body.Value<string>("position.order__status"));
        Assert.Equal("unpaid", (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Body.Value<string>("reason"));
        Assert.Equal("unpaid", (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { canceled_supported = false, force = true })).Body.Value<string>("reason"));
    }

    [Fact]
    public async Task Redeem_ExpiredSale_IsCanceled()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var saleId = await c.S.SaleInStatusAsync(EventOps.Modules.Sales.Domain.SaleStatus.Expired);
        var ticketId = await Host.WithSalesAsync(db => db.Tickets.Where(t => t.SaleId == saleId).Select(t => t.Id).FirstAsync());
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { canceled_supported = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("canceled", body.Value<string>("reason"));
        Assert.Equal("e", body.Value<string>("position.order__status"));
    }

    [Fact]
    public async Task Redeem_ProductNotOnList_IsProduct()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var passes = await c.CreateListAsync(new { name = "Passes", all_products = false, limit_products = new[] { c.S.DayPassItem } });
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(passes, ticketId), new { force = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("product", body.Value<string>("reason"));
    }

    [Fact]
    public async Task Redeem_VoidedTicket_IsBlocked()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        await c.VoidAsync(ticketId);
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { force = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("blocked", body.Value<string>("reason"));
    }

    [Fact]
    public async Task Redeem_OutsideTimeWindow_IsInvalidTime_UnlessForced()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var now = Host.Clock.GetUtcNow();
        var later = await c.CreateListAsync(new { name = "Later", valid_from = now.AddHours(1).ToString("O"), valid_until = now.AddHours(5).ToString("O") });
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(later, ticketId), new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_time", body.Value<string>("reason"));

        // The client's datetime is the scan time: an offline scan made inside the window is fine.
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(later, ticketId), new { datetime = now.AddHours(2).ToString("O") })).Status);
        var (_, second, _) = await c.PaidTicketAsync();
        var tooLate = now.AddHours(6).ToString("O");
        Assert.Equal("invalid_time", (await c.Client.PostJsonAsync(c.Redeem(later, second), new { datetime = tooLate })).Body.Value<string>("reason"));
        var (forced, forcedBody) = await c.Client.PostJsonAsync(c.Redeem(later, second), new { datetime = tooLate, force = true });
        Assert.Equal(HttpStatusCode.Created, forced);
        Assert.True(await c.WithCheckinAsync(db => db.Checkins.Where(x => x.TicketId == second && x.Successful).Select(x => x.Forced).SingleAsync()));
        Assert.Equal("ok", forcedBody.Value<string>("status"));
    }

    [Fact]
    public async Task Redeem_MultiscanLimit_AllowMultipleEntries_AndExits()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, pass, _) = await c.PaidTicketAsync(item: c.S.DayPassItem);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, pass), new { })).Status);
        }

        Assert.Equal("already_redeemed", (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, pass), new { })).Body.Value<string>("reason"));

        var festival = await c.CreateListAsync(new { name = "Festival", allow_multiple_entries = true });
        var (_, ticketId, _) = await c.PaidTicketAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(festival, ticketId), new { })).Status);
        }

        // allow_entry_after_exit (default true): entry, exit, entry again.
        var url = c.Redeem(c.DefaultListId, ticketId);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(url, new { })).Status);
        Assert.Equal("already_redeemed", (await c.Client.PostJsonAsync(url, new { })).Body.Value<string>("reason"));
        var (exit, exitBody) = await c.Client.PostJsonAsync(url, new { type = "exit" });
        Assert.Equal(HttpStatusCode.Created, exit);
        Assert.Equal("exit", exitBody.Value<string>("position.checkins.1.type"));
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(url, new { })).Status);

        var strict = await c.CreateListAsync(new { name = "No re-entry", allow_entry_after_exit = false });
        var strictUrl = c.Redeem(strict, ticketId);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(strictUrl, new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(strictUrl, new { type = "exit" })).Status);
        Assert.Equal("already_redeemed", (await c.Client.PostJsonAsync(strictUrl, new { })).Body.Value<string>("reason"));
    }

    [Fact]
    public async Task Redeem_Force_AdmitsAgain_MarkedForced_AndClientDatetimeIsKept()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var url = c.Redeem(c.DefaultListId, ticketId);
        var scanned = new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);
        var (first, body) = await c.Client.PostJsonAsync(url, new { datetime = "2026-11-24T10:30:00Z" });
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(scanned, body.Value<DateTimeOffset>("position.checkins.0.datetime"));
        var (forced, forcedBody) = await c.Client.PostJsonAsync(url, new { force = true });
        Assert.Equal(HttpStatusCode.Created, forced);
        Assert.Equal(2, forcedBody!["position"]!["checkins"]!.AsArray().Count);

        var rows = await c.WithCheckinAsync(db => db.Checkins.Where(x => x.TicketId == ticketId && x.Successful).OrderBy(x => x.Id).ToListAsync());
        Assert.Equal(scanned, rows[0].Datetime);
        Assert.Equal(scanned, rows[0].ClientDatetime);
        Assert.Equal(HostFixture.Start, rows[0].ServerTime);
        Assert.False(rows[0].Forced);
        Assert.True(rows[1].Forced);
        Assert.Null(rows[1].ClientDatetime);
        Assert.Equal("pretix", rows[0].Surface);
        Assert.Equal("token:tests write", rows[0].Actor);
    }

    [Fact]
    public async Task Redeem_FailedAttempts_AreStoredWithReason()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var url = c.Redeem(c.DefaultListId, ticketId);
        await c.Client.PostJsonAsync(url, new { });
        await c.Client.PostJsonAsync(url, new { });
        await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, "unknown-secret"), new { });
        var failures = await c.WithCheckinAsync(db => db.Checkins.Where(x => !x.Successful).OrderBy(x => x.Id).ToListAsync());
        Assert.Equal(2, failures.Count);
        Assert.Equal("already_redeemed", failures[0].ErrorReason);
        Assert.Equal(ticketId, failures[0].TicketId);
        Assert.Equal(c.DefaultListId, failures[0].ListId);
        Assert.Equal("invalid", failures[1].ErrorReason);
        Assert.Equal("unknown-secret", failures[1].RawIdentifier);
        Assert.Null(failures[1].Seq);
    }

    [Fact]
    public async Task Redeem_UnknownOrForeignTicket_Is404Invalid()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, "z3fsn8jyufm5kpk768q69gkbyr5f4h6w"), new { });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("error", body.Value<string>("status"));
        Assert.Equal("invalid", body.Value<string>("reason"));
        Assert.Null(body!["position"]);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, 99_999_999), new { })).Status);

        // A ticket of another event of the same organizer is not on this event's lists.
        var (eventStatus, _) = await c.Client.PostJsonAsync($"{c.S.Base}/events/", new { slug = "other", name = "Other", date_from = Host.Clock.GetUtcNow().AddDays(3) });
        Assert.Equal(HttpStatusCode.Created, eventStatus);
        var item = (await c.Client.PostJsonAsync($"{c.S.Base}/events/other/items/", new { name = "Ticket", default_price = "5.00", admission = true })).Body.Value<long>("id");
        var otherOrder = (await c.Client.PostJsonAsync($"{c.S.Base}/events/other/orders/", new { payment_provider = "cash", positions = new[] { new { item } } })).Body;
        var otherTicket = otherOrder.Value<long>("positions.0.id");
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, otherTicket), new { })).Status);
        var otherLists = (await c.Client.GetJsonAsync($"{c.S.Base}/events/other/checkinlists/")).Body;
        var otherList = otherLists.Value<long>("results.0.id");

        // The other event's list under this event's path: 404 too, and nothing is admitted.
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PostJsonAsync(c.Redeem(otherList, otherTicket), new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync($"{c.S.Base}/events/other/checkinlists/{otherList}/positions/{otherTicket}/redeem/", new { })).Status);
    }

    [Fact]
    public async Task Redeem_MalformedBody_Is400WithFieldErrors_AndEmptyBodyMeansDefaults()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var url = c.Redeem(c.DefaultListId, ticketId);
        var cases = new (object Body, string Field)[]
        {
            (new { force = "yes" }, "force"),
            (new { ignore_unpaid = 1 }, "ignore_unpaid"),
            (new { questions_supported = "true" }, "questions_supported"),
            (new { canceled_supported = new[] { 1 } }, "canceled_supported"),
            (new { datetime = "not a date" }, "datetime"),
            (new { datetime = 12 }, "datetime"),
            (new { nonce = 5 }, "nonce"),
            (new { nonce = new string('n', 191) }, "nonce"),
            (new { type = "sideways" }, "type"),
            (new { answers = new[] { "a" } }, "answers"),
            (new { answers = new { q = new { nested = 1 } } }, "answers"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, errors) = await c.Client.PostJsonAsync(url, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{field}: {status} {errors.Compact()}");
            Assert.NotNull(errors![field]);
        }

        foreach (var raw in new[] { "{oops", "[]", "42" })
        {
            var (status, errors) = await c.Client.PostJsonAsync(url, Api.Raw(raw));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotNull(errors!["non_field_errors"]);
        }

        Assert.Equal(0, await c.WithCheckinAsync(db => db.Checkins.CountAsync()));
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(url, Api.Raw(""))).Status);
    }

    [Fact]
    public async Task Redeem_RequiredQuestions_AreIncompleteUntilAnswered()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (qStatus, question) = await c.Client.PostJsonAsync($"{c.S.EventBase}/questions/", new
        {
            question = new { en = "T-Shirt size" },
            type = "C",
            required = true,
            items = new[] { c.S.AdmissionItem },
            options = new[] { "S", "M", "L" },
        });
        Assert.True(qStatus == HttpStatusCode.Created, question.Compact());
        var questionId = question.Value<long>("id");
        var medium = question.Value<long>("options.1.id");
        var (optional, optionalBody) = await c.Client.PostJsonAsync($"{c.S.EventBase}/questions/", new { question = "Diet", type = "T", items = new[] { c.S.AdmissionItem } });
        Assert.Equal(HttpStatusCode.Created, optional);
        var (_, ticketId, _) = await c.PaidTicketAsync();
        var url = c.Redeem(c.DefaultListId, ticketId);

        var (status, body) = await c.Client.PostJsonAsync(url, new { questions_supported = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("incomplete", body.Value<string>("status"));
        Assert.Equal(ticketId, body.Value<long>("position.id"));
        var questions = body!["questions"]!.AsArray();
        Assert.Equal(2, questions.Count);
        var asked = questions.Single(q => q.Value<long>("id") == questionId)!;
        Assert.Equal("T-Shirt size", asked.Value<string>("question.en"));
        Assert.Equal("C", asked.Value<string>("type"));
        Assert.True(asked.Value<bool>("required"));
        Assert.True(asked.Value<bool>("ask_during_checkin"));
        Assert.Equal(c.S.AdmissionItem, asked.Value<long>("items.0"));
        Assert.Equal(8, asked.Value<string>("identifier").Length);
        Assert.Equal("M", asked.Value<string>("options.1.answer.en"));
        Assert.Equal(1, asked.Value<int>("options.1.position"));

        // An answer that is not one of the options does not count.
        Assert.Equal("incomplete", (await c.Client.PostJsonAsync(url, new { answers = new Dictionary<string, string> { [$"{questionId}"] = "999" } })).Body.Value<string>("status"));

        var (answered, answeredBody) = await c.Client.PostJsonAsync(url, new { answers = new Dictionary<string, string> { [$"{questionId}"] = $"{medium}" } });
        Assert.Equal(HttpStatusCode.Created, answered);
        Assert.Equal("M", answeredBody.Value<string>("position.answers.0.answer"));
        Assert.Equal(medium, answeredBody.Value<long>("position.answers.0.options.0"));

        var (detail, position) = await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/positions/{ticketId}/");
        Assert.Equal(HttpStatusCode.OK, detail);
        Assert.Equal(questionId, position.Value<long>("answers.0.question"));
        Assert.Equal(optionalBody.Value<long>("id"), (await c.Client.GetJsonAsync($"{c.S.EventBase}/questions/{optionalBody.Value<long>("id")}/")).Body.Value<long>("id"));
    }

    [Fact]
    public async Task Redeem_Questions_IgnoredWithoutSupport_OrWithForce()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, question) = await c.Client.PostJsonAsync($"{c.S.EventBase}/questions/", new { question = "Adult?", type = "B", required = true, items = new[] { c.S.AdmissionItem } });
        var (_, first, _) = await c.PaidTicketAsync();
        var (_, second, _) = await c.PaidTicketAsync();
        var (_, third, _) = await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, first), new { questions_supported = false })).Status);
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, second), new { force = true })).Status);
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, third), new { answers = new Dictionary<string, string> { [question.Value<long>("id").ToString(System.Globalization.CultureInfo.InvariantCulture)] = "yes" } });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("True", body.Value<string>("position.answers.0.answer"));
    }

    [Fact]
    public async Task Questions_InvalidInput_Is400()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var url = $"{c.S.EventBase}/questions/";
        var cases = new (object Body, string Field)[]
        {
            (new { type = "T", items = new[] { c.S.AdmissionItem } }, "question"),
            (new { question = "Q", type = "X", items = new[] { c.S.AdmissionItem } }, "type"),
            (new { question = "Q", type = "T" }, "items"),
            (new { question = "Q", type = "T", items = new[] { 999_999 } }, "items"),
            (new { question = "Q", type = "C", items = new[] { c.S.AdmissionItem } }, "options"),
            (new { question = "Q", type = "T", items = new[] { c.S.AdmissionItem }, required = "no" }, "required"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, errors) = await c.Client.PostJsonAsync(url, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{field}: {status} {errors.Compact()}");
            Assert.NotNull(errors![field]);
        }

        Assert.Equal(0, (await c.Client.GetJsonAsync(url)).Body.Value<int>("count"));
        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.GetJsonAsync($"{url}abc/")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.Client(c.S.Organizer.ReadToken).PostJsonAsync(url, new { question = "Q", type = "T", items = new[] { c.S.AdmissionItem } })).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RedeemApiSqliteTests(SqliteHost host) : RedeemApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class RedeemApiPostgresTests(PostgresHost host) : RedeemApiTests(host);
