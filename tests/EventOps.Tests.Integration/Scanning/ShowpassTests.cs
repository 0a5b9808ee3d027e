using System.Net;
using System.Net.Http.Headers;
using EventOps.Modules.Sales.Domain;
using EventOps.Shared.Modules;
using EventOps.Tests.Integration.Checkin;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>Seed 000, Showpass scan histories: verification, pickup / return / void, every response field and error.</summary>
public abstract class ShowpassTests(HostFixture host, ITestOutputHelper output) : HostTests(host)
{
    private static readonly string[] HistoryFields =
        ["id", "item", "action", "before", "after", "venue", "created_by", "scanner_device", "barcode_type", "created", "surface", "result", "reason"];

    [Fact]
    public async Task Verify_AnswersItemStatusEventProductHolderAndMultiscan()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync(s.S.DayPassItem);
        var (status, body) = await s.Token().GetJsonAsync(s.Verify(ticket.Secret));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ticket.Id, body.Value<long>("id"));
        Assert.Equal("payed", body.Value<string>("status"));
        Assert.Equal(ticket.Secret, body.Value<string>("barcode_string"));
        Assert.Equal("conf", body.Value<string>("event.slug"));
        Assert.Equal("Conference", body.Value<string>("event.name"));
        Assert.Equal("Day Pass", body.Value<string>("ticket_type.name"));
        Assert.Equal("89.00", body.Value<string>("ticket_type.price"));
        Assert.Equal("Ada Lovelace", body.Value<string>("holder_name"));
        Assert.Equal(3, body.Value<int>("multiscan_limit"));
        Assert.Equal(0, body.Value<int>("scan_count"));
        Assert.Equal(3, body.Value<int>("scans_remaining"));
        Assert.Null(body!["last_scanned"]);
    }

    [Fact]
    public async Task Verify_Errors()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var (missing, body) = await s.Token().GetJsonAsync($"/api/venue/{s.VenueId}/tickets/items/verify/");
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.NotNull(body!["barcode_string"]);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().GetJsonAsync(s.Verify("nope"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().GetJsonAsync($"/api/venue/999999/tickets/items/verify/?barcode_string={ticket.Secret}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().GetJsonAsync($"/api/venue/abc/tickets/items/verify/?barcode_string={ticket.Secret}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client().GetJsonAsync(s.Verify(ticket.Secret))).Status);

        var other = await ScanningScenario.CreateAsync(Host, "other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Token().GetJsonAsync(s.Verify(ticket.Secret))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Token().GetJsonAsync(other.Verify(ticket.Secret))).Status);
    }

    [Fact]
    public async Task Pickup_Is201WithEveryField_ThenSecondPickupIs400()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var (status, history) = await s.PickupAsync(ticket);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HistoryFields.Order(), history!.AsObject().Select(p => p.Key).Order());
        Assert.True(history.Value<long>("id") > 0);
        Assert.Equal(ticket.Id, history.Value<long>("item"));
        Assert.Equal("pickup", history.Value<string>("action"));
        Assert.Equal("payed", history.Value<string>("before"));
        Assert.Equal("used", history.Value<string>("after"));
        Assert.Equal(s.VenueId, history.Value<long>("venue"));
        Assert.True(history.Value<long>("created_by") > 0);
        Assert.Equal("web_app", history.Value<string>("scanner_device"));
        Assert.Equal("static", history.Value<string>("barcode_type"));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, history.Value<DateTime>("created"));

        var (again, error) = await s.PickupAsync(ticket);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Contains("already been scanned", error.Value<string>("non_field_errors.0"), StringComparison.Ordinal);
        var (_, verify) = await s.Token().GetJsonAsync(s.Verify(ticket.Secret));
        Assert.Equal("used", verify.Value<string>("status"));
        Assert.Equal(1, verify.Value<int>("scan_count"));
    }

    [Fact]
    public async Task Pickup_MultiscanLimitN_AllowsNPickups()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync(s.S.DayPassItem);
        for (var i = 0; i < 3; i++)
        {
            Host.Clock.Advance(TimeSpan.FromMinutes(1));
            var (status, body) = await s.PickupAsync(ticket);
            Assert.True(status == HttpStatusCode.Created, body.Compact());
            Assert.Equal(i == 0 ? "payed" : "used", body.Value<string>("before"));
        }

        var (fourth, error) = await s.PickupAsync(ticket);
        Assert.Equal(HttpStatusCode.BadRequest, fourth);
        Assert.Contains("multiscan limit", error.Value<string>("non_field_errors.0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_UndoesTheScan_ThenTheTicketScansAgain()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var (payedReturn, refused) = await s.ShowpassAsync(ticket, "return");
        Assert.Equal(HttpStatusCode.BadRequest, payedReturn);
        Assert.Contains("used", refused.Value<string>("non_field_errors.0"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await s.PickupAsync(ticket)).Status);
        var (status, history) = await s.ShowpassAsync(ticket, "return");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("return", history.Value<string>("action"));
        Assert.Equal("used", history.Value<string>("before"));
        Assert.Equal("payed", history.Value<string>("after"));
        Assert.Equal(HttpStatusCode.Created, (await s.PickupAsync(ticket)).Status);
    }

    [Fact]
    public async Task Void_MakesTheTicketUnusable_Everywhere()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var (status, history) = await s.ShowpassAsync(ticket, "void");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("void", history.Value<string>("action"));
        Assert.Equal("payed", history.Value<string>("before"));
        Assert.Equal("voided", history.Value<string>("after"));

        Assert.Equal(HttpStatusCode.BadRequest, (await s.ShowpassAsync(ticket, "void")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.ShowpassAsync(ticket, "return")).Status);
        var (pickup, error) = await s.PickupAsync(ticket);
        Assert.Equal(HttpStatusCode.BadRequest, pickup);
        Assert.Contains("voided", error.Value<string>("non_field_errors.0"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("cancelled", (await s.TickableScanAsync(ticket.Uuid)).Body.Value<string>("status"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await s.RedeemAsync(ticket.PublicId)).Status);
        var (_, order) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/orders/{ticket.Order.Value<string>("code")}/");
        Assert.True(order.Value<bool>("positions.0.voided"));
    }

    [Fact]
    public async Task Void_UsedTicket_Is400()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        await s.PickupAsync(ticket);
        var (status, error) = await s.ShowpassAsync(ticket, "void");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("used", error.Value<string>("non_field_errors.0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pickup_UnpaidOrRefunded_Is400()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        var (status, error) = await s.PickupAsync(unpaid);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Order unpaid.", error.Value<string>("non_field_errors.0"));
        var refunded = await s.PaidTicketAsync();
        await Host.WithSalesAsync(db => db.Sales.Where(x => x.Id == refunded.SaleId).ExecuteUpdateAsync(x => x.SetProperty(y => y.Status, SaleStatus.Refunded)));
        Assert.Equal(HttpStatusCode.BadRequest, (await s.PickupAsync(refunded)).Status);
        var (_, verify) = await s.Token().GetJsonAsync(s.Verify(refunded.Secret));
        Assert.Equal("voided", verify.Value<string>("status"));
    }

    [Fact]
    public async Task MissingOrInvalidFields_Are400PerField()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var (status, body) = await s.Token().PostJsonAsync(s.Histories, new { action = "pickup" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        foreach (var field in new[] { "item", "scanner_device", "barcode_type", "barcode_string" })
        {
            Assert.NotNull(body![field]);
        }

        var (badAction, actionBody) = await s.Token().PostJsonAsync(s.Histories, new { item = ticket.Id, action = "teleport" });
        Assert.Equal(HttpStatusCode.BadRequest, badAction);
        Assert.NotNull(actionBody!["action"]);
        var (badItem, itemBody) = await s.Token().PostJsonAsync(s.Histories, new { item = "x", action = "return" });
        Assert.Equal(HttpStatusCode.BadRequest, badItem);
        Assert.NotNull(itemBody!["item"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Token().PostJsonAsync(s.Histories, Api.Raw("nope"))).Status);

        var (mismatch, mismatchBody) = await s.Token().PostJsonAsync(s.Histories, new { item = ticket.Id, action = "pickup", scanner_device = "web_app", barcode_type = "static", barcode_string = "wrong" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch);
        Assert.NotNull(mismatchBody!["barcode_string"]);
        Assert.Equal("payed", (await s.Token().GetJsonAsync(s.Verify(ticket.Secret))).Body.Value<string>("status"));
    }

    [Fact]
    public async Task UnknownItem_OtherVenue_AndReadToken()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().PostJsonAsync(s.Histories, new { item = 999999, action = "void" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().PostJsonAsync("/api/venue/999999/tickets/items/histories/", new { item = ticket.Id, action = "void" })).Status);
        var other = await ScanningScenario.CreateAsync(Host, "other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Token().PostJsonAsync(s.Histories, new { item = ticket.Id, action = "void" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.ShowpassAsync(ticket, "void")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.ShowpassAsync(ticket, "void", s.Token(s.S.Organizer.ReadToken))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.ShowpassAsync(ticket, "void", Host.Client())).Status);
        Assert.Equal("payed", (await s.Token().GetJsonAsync(s.Verify(ticket.Secret))).Body.Value<string>("status"));
    }

    [Fact]
    public async Task UnknownVenue_Is404_BeforeEveryOtherAnswer_AndRecordsNothing()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        const string Unknown = "/api/venue/999999/tickets/items/histories/";
        var pickup = new { item = ticket.Id, action = "pickup", scanner_device = "web_app", barcode_type = "static", barcode_string = ticket.Secret };

        // Each of these is answered otherwise at the ticket's own venue (the control beside it).
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token(s.S.Organizer.ReadToken).PostJsonAsync(Unknown, pickup)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Token(s.S.Organizer.ReadToken).PostJsonAsync(s.Histories, pickup)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().PostJsonAsync(Unknown, Api.Raw("nope"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Token().PostJsonAsync(s.Histories, Api.Raw("nope"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().PostJsonAsync(Unknown, new { action = "pickup" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Token().PostJsonAsync(s.Histories, new { action = "pickup" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().PostJsonAsync(Unknown, pickup)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().PostJsonAsync(Unknown, new { item = 999999, action = "void" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().GetJsonAsync("/api/venue/999999/tickets/items/verify/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().PostJsonAsync("/api/venue/x/tickets/items/histories/", pickup)).Status);

        // Nothing was recorded and nothing admitted; an unknown item at a known venue is recorded.
        Assert.Equal(0, (await s.Token().GetJsonAsync($"{s.Histories}?item={ticket.Id}")).Body.Value<int>("count"));
        Assert.Equal("payed", (await s.Token().GetJsonAsync(s.Verify(ticket.Secret))).Body.Value<string>("status"));
        Assert.Equal(HttpStatusCode.NotFound, (await s.Token().PostJsonAsync(s.Histories, new { item = 999999, action = "void" })).Status);
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var scanning = scope.ServiceProvider.GetRequiredService<EventOps.Modules.Scanning.Persistence.ScanningDbContext>();
        var recorded = await scanning.ScanAttempts.AsNoTracking().Where(x => x.OrganizerId == s.S.Organizer.Id && x.Surface == "showpass")
            .Select(x => new { x.Identifier, x.VenueId, x.Reason }).ToListAsync();
        Assert.Equal([new { Identifier = (string?)"999999", VenueId = (long?)s.VenueId, Reason = (string?)"Unknown item" }], recorded);
    }

    [Fact]
    public async Task Pickup_RecordsTheStatusBeforeAndAfter_AdmittedOrRefused()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        await s.PickupAsync(ticket);
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.BadRequest, (await s.PickupAsync(ticket)).Status);
        var unpaid = await s.PaidTicketAsync(provider: "manual");
        Assert.Equal(HttpStatusCode.BadRequest, (await s.PickupAsync(unpaid)).Status);
        var dayPass = await s.PaidTicketAsync(s.S.DayPassItem);
        await s.PickupAsync(dayPass);
        await s.PickupAsync(dayPass);

        async Task<string[]> TransitionsAsync(PaidTicket t) =>
            [.. (await s.Token().GetJsonAsync($"{s.Histories}?item={t.Id}")).Body!["results"]!.AsArray()
                .Select(r => $"{r!.Value<string>("result")}: {r.Value<string>("before")} -> {r.Value<string>("after")}")];

        Assert.Equal(["already_redeemed: used -> used", "ok: payed -> used"], await TransitionsAsync(ticket));
        Assert.Equal(["unpaid: unpaid -> unpaid"], await TransitionsAsync(unpaid));
        Assert.Equal(["ok: used -> used", "ok: payed -> used"], await TransitionsAsync(dayPass));
    }

    [Fact]
    public async Task Pickup_AndVerify_StatementBudget()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var first = await s.PaidTicketAsync();
        var second = await s.PaidTicketAsync();
        using var counter = new CommandCounter();
        await using var counted = counter.Attach(Host);
        using var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", s.S.Organizer.WriteToken);
        Assert.Equal(HttpStatusCode.Created, (await s.PickupAsync(first, client)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync(s.Verify(first.Secret))).Status);

        counter.Reset();
        Assert.Equal(HttpStatusCode.Created, (await s.PickupAsync(second, client)).Status);
        output.WriteLine($"{Host.Provider}: pickup = {counter.Count} statements:\n{string.Join("\n---\n", counter.Commands)}");

        // PostgreSQL: the ticket (which proves its venue), then the check-in with the scan record riding on it. Elsewhere:
        // the ticket, the list and history, the check-in, the scan record.
        Assert.Equal(Host.Provider == DatabaseProvider.Postgres ? 2 : 4, counter.Count);

        counter.Reset();
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync(s.Verify(second.Secret))).Status);
        output.WriteLine($"{Host.Provider}: verify = {counter.Count} statements:\n{string.Join("\n---\n", counter.Commands)}");

        // The ticket (with its event and venue), its admission state.
        Assert.Equal(2, counter.Count);
    }

    [Fact]
    public async Task Histories_ListEveryAttemptOfTheTicket_NewestFirst()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        await s.PickupAsync(ticket);
        await s.PickupAsync(ticket);
        await s.ShowpassAsync(ticket, "return");
        await s.TickableScanAsync(ticket.Uuid);
        var (status, page) = await s.Token().GetJsonAsync($"{s.Histories}?item={ticket.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, page.Value<int>("count"));
        var results = page!["results"]!.AsArray();
        Assert.Equal(["scan", "return", "pickup", "pickup"], results.Select(r => r!.Value<string>("action")));
        Assert.Equal(["ok", "ok", "already_redeemed", "ok"], results.Select(r => r!.Value<string>("result")));
        Assert.Equal("tickable", results[0]!.Value<string>("surface"));
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Token().GetJsonAsync(s.Histories)).Status);
        Assert.Equal(0, (await s.Token().GetJsonAsync($"{s.Histories}?item=999999")).Body.Value<int>("count"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ShowpassSqliteTests(SqliteHost host, ITestOutputHelper output) : ShowpassTests(host, output);

[Collection(PostgresCollection.Name)]
public sealed class ShowpassPostgresTests(PostgresHost host, ITestOutputHelper output) : ShowpassTests(host, output);
