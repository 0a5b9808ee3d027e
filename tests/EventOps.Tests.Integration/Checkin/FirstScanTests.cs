using System.Globalization;
using System.Net;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>
/// A ticket's first scan is decided against the list as this Host last read it (FirstScan, PostgreSQL). Each test
/// scans once so the Host knows the list, changes what the rules depend on behind its back (the database written
/// directly, as another Host would), and scans a fresh ticket: the answer must follow the change. On SQLite the same
/// tests hold the ordinary path to the same answers.
/// </summary>
public abstract class FirstScanTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task ListLimitedElsewhere_AfterAScan_TheNextFirstScanIsRefused_AndNothingIsStored()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var list = await c.CreateListAsync(new { name = "Doors", all_products = true });
        var (_, known, _) = await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(list, known), new { })).Status);

        await c.WithCheckinAsync(db => db.Lists.Where(l => l.Id == list).ExecuteUpdateAsync(
            u => u.SetProperty(l => l.AllProducts, false).SetProperty(l => l.LimitProducts, new List<long> { c.S.ShirtItem })));
        var (_, fresh, _) = await c.PaidTicketAsync();
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(list, fresh), new { });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("product", body.Value<string>("reason"));
        Assert.Equal(0, await c.WithCheckinAsync(db => db.Checkins.CountAsync(x => x.TicketId == fresh && x.Successful)));

        // And back: the list as it is now is what the next scan is judged on.
        await c.WithCheckinAsync(db => db.Lists.Where(l => l.Id == list).ExecuteUpdateAsync(u => u.SetProperty(l => l.AllProducts, true)));
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(list, fresh), new { })).Status);
    }

    [Fact]
    public async Task RequiredQuestionAddedAfterAScan_TheNextFirstScanAsksIt()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, known, _) = await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, known), new { })).Status);

        var (created, _) = await c.Client.PostJsonAsync($"{c.S.EventBase}/questions/", new { question = "Name on badge", type = "T", required = true, items = new[] { c.S.AdmissionItem } });
        Assert.Equal(HttpStatusCode.Created, created);
        var (_, fresh, _) = await c.PaidTicketAsync();
        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, fresh), new { questions_supported = true });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("incomplete", body.Value<string>("status"));
        Assert.Equal(0, await c.WithCheckinAsync(db => db.Checkins.CountAsync(x => x.TicketId == fresh && x.Successful)));
    }

    [Fact]
    public async Task ListDeletedAfterAScan_TheNextScanFindsNoList()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var list = await c.CreateListAsync(new { name = "Side door", all_products = true });
        var (_, known, _) = await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(list, known), new { })).Status);

        await c.WithCheckinAsync(db => db.Lists.Where(l => l.Id == list).ExecuteUpdateAsync(u => u.SetProperty(l => l.DeletedAt, DateTimeOffset.UtcNow)));
        var (_, fresh, _) = await c.PaidTicketAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await c.Client.PostJsonAsync(c.Redeem(list, fresh), new { })).Status);
        Assert.Equal(0, await c.WithCheckinAsync(db => db.Checkins.CountAsync(x => x.TicketId == fresh && x.Successful)));
    }

    [Fact]
    public async Task EventDefaultList_WhenNoListIsNamed_ChangedElsewhere_TheNextFirstScanFollows()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        RedeemTicket Scan(long ticket) => new(c.S.Organizer.Id, ticket.ToString(CultureInfo.InvariantCulture), TicketIdentifierKind.Id, "tests", "tests");
        var (_, known, _) = await c.PaidTicketAsync();
        var first = await c.SendAsync(Scan(known));
        Assert.True(first.IsOk, first.Reason);
        Assert.Equal(c.DefaultListId, first.CheckinListId);

        await c.WithCheckinAsync(db => db.Lists.Where(l => l.Id == c.DefaultListId).ExecuteUpdateAsync(
            u => u.SetProperty(l => l.AllProducts, false).SetProperty(l => l.LimitProducts, new List<long> { c.S.ShirtItem })));
        var (_, fresh, _) = await c.PaidTicketAsync();
        var refused = await c.SendAsync(Scan(fresh));

        Assert.False(refused.IsOk);
        Assert.Equal(RedeemReasons.Product, refused.Reason);

        // The first ticket again: the product rule, which comes before the entry count, refuses it as well.
        var again = await c.SendAsync(Scan(known));
        Assert.Equal(RedeemReasons.Product, again.Reason);
    }

    [Fact]
    public async Task FirstScan_StoresWhatTheOrdinaryPathStores()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (_, warm, _) = await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, warm), new { })).Status);
        var (_, ticket, _) = await c.PaidTicketAsync();
        var at = new DateTimeOffset(2026, 12, 4, 19, 30, 0, TimeSpan.Zero);

        var (status, body) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticket), new { nonce = "n-1", datetime = at, type = "entry" });

        Assert.Equal(HttpStatusCode.Created, status);
        var checkin = await c.WithCheckinAsync(db => db.Checkins.AsNoTracking().SingleAsync(x => x.TicketId == ticket));
        Assert.Equal((1, "n-1", at, at, true, false), (checkin.Seq, checkin.Nonce, checkin.Datetime, checkin.ClientDatetime!.Value, checkin.Successful, checkin.Reverted));
        Assert.Equal(c.DefaultListId, checkin.ListId);
        Assert.Equal(c.DefaultListId, body.Value<long>("position.checkins.0.list"));
        Assert.Single(body!["position"]!["checkins"]!.AsArray());

        // The same nonce again is the same check-in, not a second one.
        var (repeat, repeated) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticket), new { nonce = "n-1", datetime = at });
        Assert.Equal(HttpStatusCode.Created, repeat);
        Assert.Single(repeated!["position"]!["checkins"]!.AsArray());
        Assert.Equal(1, await c.WithCheckinAsync(db => db.Checkins.CountAsync(x => x.TicketId == ticket)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FirstScanSqliteTests(SqliteHost host) : FirstScanTests(host);

[Collection(PostgresCollection.Name)]
public sealed class FirstScanPostgresTests(PostgresHost host) : FirstScanTests(host);
