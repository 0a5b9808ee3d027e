using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Tests.Integration.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>The engine through its Shared contracts, as the Scanning module calls it.</summary>
public abstract class CheckinEngineTests(HostFixture host) : HostTests(host)
{
    private async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    [Fact]
    public async Task Redeem_ThenAgain_IsOkThenAlreadyRedeemed_AndRevertAdmitsAgain()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");
        var secret = order.Value<string>("positions.0.secret");
        var ticketId = order.Value<long>("positions.0.id");
        var orgId = scenario.Organizer.Id;

        var first = await SendAsync(new RedeemTicket(orgId, secret, TicketIdentifierKind.Secret, "test", "tester", DeviceId: 7));
        Assert.Equal(RedeemStatus.Ok, first.Status);
        Assert.NotNull(first.CheckinListId);
        Assert.Equal(ticketId, first.Ticket!.TicketId);

        var second = await SendAsync(new RedeemTicket(orgId, secret, TicketIdentifierKind.Any, "test", "tester"));
        Assert.Equal(RedeemStatus.Error, second.Status);
        Assert.Equal(RedeemReasons.AlreadyRedeemed, second.Reason);
        Assert.Equal(first.CheckinId, second.Previous!.CheckinId);
        Assert.Equal(7, second.Previous.DeviceId);

        var states = await SendAsync(new GetAdmissionStates(orgId, [ticketId]));
        Assert.Equal(1, states[ticketId].ActiveEntries);

        var revert = await SendAsync(new RevertCheckin(orgId, ticketId, "test", "tester"));
        Assert.True(revert.Reverted);
        Assert.Equal(first.CheckinId, revert.CheckinId);
        Assert.Equal(0, (await SendAsync(new GetAdmissionStates(orgId, [ticketId])))[ticketId].ActiveEntries);
        Assert.False((await SendAsync(new RevertCheckin(orgId, ticketId, "test", "tester"))).Reverted);

        var third = await SendAsync(new RedeemTicket(orgId, ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture), TicketIdentifierKind.Id, "test", "tester"));
        Assert.Equal(RedeemStatus.Ok, third.Status);

        var records = await SendAsync(new GetTicketCheckins(orgId, [ticketId]));
        Assert.Equal(2, records.Count);
        Assert.True(records[0].Reverted);
        Assert.False(records[1].Reverted);
    }

    [Fact]
    public async Task Redeem_UnknownTicket_IsInvalid()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var result = await SendAsync(new RedeemTicket(scenario.Organizer.Id, "nope", TicketIdentifierKind.Any, "test", "tester"));
        Assert.Equal(RedeemStatus.Error, result.Status);
        Assert.Equal(RedeemReasons.Invalid, result.Reason);
        Assert.Null(result.Ticket);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CheckinEngineSqliteTests(SqliteHost host) : CheckinEngineTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CheckinEnginePostgresTests(PostgresHost host) : CheckinEngineTests(host);

/// <summary>A lost EventCreated (or an event from before the module was enabled) gets its default list at the next start.</summary>
public abstract class DefaultListBackfillTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task Backfill_GivesEveryEventWithoutOneItsDefaultList_Once()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        await c.WithCheckinAsync(db => db.Lists.Where(l => l.Id == c.DefaultListId).ExecuteDeleteAsync());
        Assert.Equal(0, (await c.Client.GetJsonAsync(c.Lists)).Body.Value<int>("count"));

        Assert.Equal(1, await c.WithServiceAsync<EventOps.Modules.Checkin.Lists.DefaultListBackfill, int>(b => b.RunAsync(CancellationToken.None)));
        Assert.Equal(0, await c.WithServiceAsync<EventOps.Modules.Checkin.Lists.DefaultListBackfill, int>(b => b.RunAsync(CancellationToken.None)));
        var (_, lists) = await c.Client.GetJsonAsync(c.Lists);
        Assert.Equal(1, lists.Value<int>("count"));
        Assert.Equal("Default list", lists.Value<string>("results.0.name"));
        Assert.True(lists.Value<bool>("results.0.all_products"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DefaultListBackfillSqliteTests(SqliteHost host) : DefaultListBackfillTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DefaultListBackfillPostgresTests(PostgresHost host) : DefaultListBackfillTests(host);
