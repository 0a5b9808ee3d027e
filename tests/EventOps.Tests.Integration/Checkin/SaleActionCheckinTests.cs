using System.Net;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>Seed 001 <c>mark_used</c> / <c>mark_unused</c> through the Checkin engine, seen on every surface.</summary>
public abstract class SaleActionCheckinTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task MarkUsed_ChecksInEveryAdmissionTicket_OnTheDefaultList_AndMarkUnusedReverts()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var order = await c.S.OrderAsync("cash", "web", c.S.AdmissionItem, c.S.DayPassItem, c.S.ShirtItem);
        var saleId = order.Value<long>("id");
        var code = order.Value<string>("code");
        var admission = order.Value<long>("positions.0.id");
        var pass = order.Value<long>("positions.1.id");
        var shirt = order.Value<long>("positions.2.id");

        // One ticket already used: mark_used leaves its entry as it is.
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, pass), new { datetime = "2026-11-24T08:00:00Z" })).Status);
        var (status, body) = await c.SaleActionAsync(saleId, "mark_used");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(saleId, body.Value<long>("data.id"));
        Assert.Equal("paid", body.Value<string>("data.status"));

        var detail = await c.S.GetOrderAsync(code);
        Assert.Equal(HostFixture.Start, detail.Value<DateTimeOffset>("positions.0.checkins.0.datetime"));
        Assert.Equal(c.DefaultListId, detail.Value<long>("positions.0.checkins.0.list"));
        Assert.Equal("sale_action", detail.Value<string>("positions.0.checkins.0.surface"));
        Assert.Single(detail!["positions"]![1]!["checkins"]!.AsArray());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), detail.Value<DateTimeOffset>("positions.1.checkins.0.datetime"));
        Assert.Empty(detail["positions"]![2]!["checkins"]!.AsArray());
        Assert.Equal("already_redeemed", (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, admission), new { })).Body.Value<string>("reason"));

        // Again: nothing more to mark, still 200, still one entry each.
        Assert.Equal(HttpStatusCode.OK, (await c.SaleActionAsync(saleId, "mark_used")).Status);
        Assert.Single((await c.S.GetOrderAsync(code))!["positions"]![0]!["checkins"]!.AsArray());

        var (unusedStatus, unused) = await c.SaleActionAsync(saleId, "mark_unused");
        Assert.Equal(HttpStatusCode.OK, unusedStatus);
        Assert.Equal("paid", unused.Value<string>("data.status"));
        var after = await c.S.GetOrderAsync(code);
        Assert.All(after!["positions"]!.AsArray(), p => Assert.Empty(p!["checkins"]!.AsArray()));
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, admission), new { })).Status);

        // Reverted, never deleted: the audit trail keeps all three check-ins.
        Assert.Equal(3, await c.WithCheckinAsync(db => Task.FromResult(db.Checkins.Count(x => x.Successful && (x.TicketId == admission || x.TicketId == pass)))));
        Assert.Empty((await c.S.GetOrderAsync(code))!["positions"]![2]!["checkins"]!.AsArray());
        _ = shirt;
    }

    [Fact]
    public async Task MarkUsed_OnARefundedSale_Is422_AndChecksNothingIn()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (order, ticketId, _) = await c.PaidTicketAsync();
        var saleId = order.Value<long>("id");
        Assert.Equal(HttpStatusCode.OK, (await c.SaleActionAsync(saleId, "refund")).Status);
        var (status, body) = await c.SaleActionAsync(saleId, "mark_used");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.NotNull(body!["errors"]!["action"]);
        Assert.Empty((await c.S.GetOrderAsync(order.Value<string>("code")))!["positions"]![0]!["checkins"]!.AsArray());
        Assert.Equal(0, await c.WithCheckinAsync(db => Task.FromResult(db.Checkins.Count(x => x.TicketId == ticketId && x.Successful))));

        // mark_unused with nothing used is fine.
        Assert.Equal(HttpStatusCode.OK, (await c.SaleActionAsync(saleId, "mark_unused")).Status);
    }

    [Fact]
    public async Task MarkUnused_RevertsEveryActiveEntry_OfAMultiEntryTicket()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (order, pass, _) = await c.PaidTicketAsync(item: c.S.DayPassItem);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, pass), new { })).Status);
        }

        Assert.Equal(3, (await c.S.GetOrderAsync(order.Value<string>("code")))!["positions"]![0]!["checkins"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await c.SaleActionAsync(order.Value<long>("id"), "mark_unused")).Status);
        Assert.Empty((await c.S.GetOrderAsync(order.Value<string>("code")))!["positions"]![0]!["checkins"]!.AsArray());
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, pass), new { })).Status);
    }

    [Fact]
    public async Task OrderList_ShowsCheckins_OfEveryTicket()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, first, _) = await c.PaidTicketAsync();
        var (_, second, _) = await c.PaidTicketAsync();
        await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, first), new { });
        await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, second), new { type = "exit" });
        var (status, page) = await c.Client.GetJsonAsync($"{c.S.EventBase}/orders/");
        Assert.Equal(HttpStatusCode.OK, status);
        var results = page!["results"]!.AsArray();
        Assert.Equal("entry", results[0]!["positions"]![0]!.Value<string>("checkins.0.type"));
        Assert.Equal("exit", results[1]!["positions"]![0]!.Value<string>("checkins.0.type"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SaleActionCheckinSqliteTests(SqliteHost host) : SaleActionCheckinTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SaleActionCheckinPostgresTests(PostgresHost host) : SaleActionCheckinTests(host);
