using System.Net;
using EventOps.Modules.Checkin.AutoCheckin;
using EventOps.Tests.Integration.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>Seed 003 <c>auto_checkin_sales_channels</c>: the job (called directly; no Hangfire server in tests) and the sweep.</summary>
public abstract class AutoCheckinTests(HostFixture host) : HostTests(host)
{
    private static Task<int> RunJobAsync(CheckinScenario c, long eventId, long saleId) =>
        c.WithServiceAsync<AutoCheckinJob, int>(job => job.RunAsync(c.S.Organizer.Id, eventId, saleId, CancellationToken.None));

    private static Task<int> SweepAsync(CheckinScenario c) =>
        c.WithServiceAsync<AutoCheckinSweepJob, int>(job => job.RunAsync(CancellationToken.None));

    private static async Task<List<(bool Auto, long List)>> CheckinsAsync(CheckinScenario c, long ticketId) =>
        (await c.WithCheckinAsync(db => db.Checkins.Where(x => x.TicketId == ticketId && x.Successful && !x.Reverted).Select(x => new { x.AutoCheckedIn, x.ListId }).ToListAsync()))
            .Select(x => (x.AutoCheckedIn, x.ListId!.Value)).ToList();

    private async Task<(CheckinScenario C, long PosList, long OtherList, long EventId)> ArrangeAsync()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var pos = await c.CreateListAsync(new { name = "POS", auto_checkin_sales_channels = new[] { "pos", "box_office" } });
        var other = await c.CreateListAsync(new { name = "Web only", auto_checkin_sales_channels = new[] { "web" }, all_products = false, limit_products = new[] { c.S.DayPassItem } });
        var eventId = await Host.WithSalesAsync(db => db.Events.Where(e => e.OrganizerId == c.S.Organizer.Id).Select(e => e.Id).SingleAsync());
        return (c, pos, other, eventId);
    }

    [Fact]
    public async Task PosCashSale_IsCheckedInOnListsNamingPos_AndNoOther_Once()
    {
        var (c, pos, _, eventId) = await ArrangeAsync();
        var order = await c.S.OrderAsync("cash", "pos", c.S.AdmissionItem, c.S.ShirtItem);
        var ticketId = order.Value<long>("positions.0.id");
        var shirt = order.Value<long>("positions.1.id");

        Assert.Equal(1, await RunJobAsync(c, eventId, order.Value<long>("id")));
        Assert.Equal([(true, pos)], await CheckinsAsync(c, ticketId));
        Assert.Empty(await CheckinsAsync(c, shirt));

        // Idempotent: the job again, and the sweep, make no second check-in.
        Assert.Equal(0, await RunJobAsync(c, eventId, order.Value<long>("id")));
        Assert.Equal(0, await SweepAsync(c));
        Assert.Single(await CheckinsAsync(c, ticketId));

        var (status, position) = await c.Client.GetJsonAsync($"{c.Lists}{pos}/positions/{ticketId}/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(position.Value<bool>("checkins.0.auto_checked_in"));
        Assert.Empty((await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/positions/{ticketId}/")).Body!["checkins"]!.AsArray());

        // Auto-checked-in means admitted: a scan at the POS list's door is a second entry.
        Assert.Equal("already_redeemed", (await c.Client.PostJsonAsync(c.Redeem(pos, ticketId), new { })).Body.Value<string>("reason"));
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Status);
    }

    [Fact]
    public async Task WebSale_IsNotCheckedInWhereOnlyPosIsNamed()
    {
        var (c, _, other, eventId) = await ArrangeAsync();
        var order = await c.S.OrderAsync("cash", "web");
        Assert.Equal(0, await RunJobAsync(c, eventId, order.Value<long>("id")));
        Assert.Empty(await CheckinsAsync(c, order.Value<long>("positions.0.id")));

        // The web list admits only day passes.
        var pass = await c.S.OrderAsync("cash", "web", c.S.DayPassItem);
        Assert.Equal(1, await RunJobAsync(c, eventId, pass.Value<long>("id")));
        Assert.Equal([(true, other)], await CheckinsAsync(c, pass.Value<long>("positions.0.id")));
    }

    [Fact]
    public async Task PosSalePaidLater_IsCheckedInWhenPaid_AndTheNotificationQueuesTheJob()
    {
        var (c, pos, _, eventId) = await ArrangeAsync();
        var order = await c.S.OrderAsync("manual", "pos");
        var saleId = order.Value<long>("id");
        var ticketId = order.Value<long>("positions.0.id");
        Assert.Equal(0, await RunJobAsync(c, eventId, saleId));
        Assert.Equal(0, await SweepAsync(c));
        Assert.Empty(await CheckinsAsync(c, ticketId));

        Assert.Equal(HttpStatusCode.OK, (await c.SaleActionAsync(saleId, "mark_paid")).Status);
        var queued = await c.WithServiceAsync<JobStorage, bool>(storage => Task.FromResult(
            storage.GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
                .Any(j => j.Value.Job.Type == typeof(AutoCheckinJob) && j.Value.Job.Args[2] is long id && id == saleId)));
        Assert.True(queued);

        Assert.Equal(1, await RunJobAsync(c, eventId, saleId));
        Assert.Equal([(true, pos)], await CheckinsAsync(c, ticketId));
    }

    [Fact]
    public async Task RefundedPosSale_IsNotCheckedIn_AndTheSweepCatchesAMissedOne()
    {
        var (c, pos, _, eventId) = await ArrangeAsync();
        var refunded = await c.S.OrderAsync("cash", "pos");
        Assert.Equal(HttpStatusCode.OK, (await c.SaleActionAsync(refunded.Value<long>("id"), "refund")).Status);
        Assert.Equal(0, await RunJobAsync(c, eventId, refunded.Value<long>("id")));

        // A paid pos sale whose job never ran (lost, or written without a notification): the sweep checks it in.
        var missed = await c.S.OrderAsync("cash", "box_office");
        Assert.Equal(1, await SweepAsync(c));
        Assert.Equal([(true, pos)], await CheckinsAsync(c, missed.Value<long>("positions.0.id")));
        Assert.Empty(await CheckinsAsync(c, refunded.Value<long>("positions.0.id")));

        // A reverted auto check-in (mark_unused) is not redone by the sweep.
        Assert.Equal(HttpStatusCode.OK, (await c.SaleActionAsync(missed.Value<long>("id"), "mark_unused")).Status);
        Assert.Equal(0, await SweepAsync(c));
    }

    [Fact]
    public async Task DemoOrganizersDefaultList_ChecksInPos()
    {
        var c = await CheckinScenario.CreateAsync(Host, "demo");
        var list = (await c.Client.GetJsonAsync($"{c.Lists}{c.DefaultListId}/")).Body;
        Assert.Equal("pos", list.Value<string>("auto_checkin_sales_channels.0"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AutoCheckinSqliteTests(SqliteHost host) : AutoCheckinTests(host);

[Collection(PostgresCollection.Name)]
public sealed class AutoCheckinPostgresTests(PostgresHost host) : AutoCheckinTests(host);
