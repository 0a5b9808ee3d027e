using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Tests.Integration.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.TestHost;
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
    public async Task RedeemTickets_DecidesInOrder_AsOneByOneWould()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash", "web", scenario.AdmissionItem, scenario.DayPassItem);
        var general = order.Value<string>("positions.0.secret")!;
        var dayPass = order.Value<string>("positions.1.secret")!;
        var orgId = scenario.Organizer.Id;
        RedeemTicket Scan(string secret, string? nonce = null) => new(orgId, secret, TicketIdentifierKind.Secret, "test", "tester", DeviceId: 7, Nonce: nonce);

        var results = await SendAsync(new RedeemTickets(
        [
            Scan(general, "n1"), Scan(general, "n1"), Scan(general), Scan(dayPass), Scan(dayPass), Scan(dayPass), Scan(dayPass), Scan("nope"),
        ]));

        Assert.Equal(
            ["ok", "ok", RedeemReasons.AlreadyRedeemed, "ok", "ok", "ok", RedeemReasons.AlreadyRedeemed, RedeemReasons.Invalid],
            results.Select(r => r.IsOk ? "ok" : r.Reason));
        Assert.Equal(results[0].CheckinId, results[1].CheckinId);
        Assert.Equal(results[0].CheckinId, results[2].Previous!.CheckinId);
        Assert.Equal(7, results[2].Previous!.DeviceId);
        Assert.Equal(results[5].CheckinId, results[6].Previous!.CheckinId);
        Assert.Equal("The ticket has been used 3 of 3 times.", results[6].ReasonExplanation);
        Assert.Null(results[7].Ticket);
        Assert.Equal(3, results.Skip(3).Take(3).Select(r => r.CheckinId).Distinct().Count());

        var checkins = await SendAsync(new GetTicketCheckins(orgId, [results[0].Ticket!.TicketId, results[3].Ticket!.TicketId]));
        Assert.Equal([1, 3], checkins.GroupBy(c => c.TicketId).OrderBy(g => g.Count()).Select(g => g.Count()));
    }

    [Fact]
    public async Task RedeemTickets_WithCheckinQuestions_AskThemAsTheSinglePathDoes()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var (created, question) = await scenario.Client.PostJsonAsync(
            $"{scenario.EventBase}/questions/", new { question = "Adult?", type = "B", required = true, items = new[] { scenario.AdmissionItem } });
        Assert.True(created == System.Net.HttpStatusCode.Created, question.Compact());
        var order = await scenario.OrderAsync("cash", "web", scenario.AdmissionItem, scenario.DayPassItem);
        var orgId = scenario.Organizer.Id;
        RedeemTicket Scan(string secret) => new(orgId, secret, TicketIdentifierKind.Secret, "test", "tester", QuestionsSupported: true);

        var results = await SendAsync(new RedeemTickets([Scan(order.Value<string>("positions.0.secret")!), Scan(order.Value<string>("positions.1.secret")!)]));

        Assert.Equal(RedeemStatus.Incomplete, results[0].Status);
        Assert.Equal("Adult?", Assert.Single(results[0].Questions).Question);
        Assert.Equal(RedeemStatus.Ok, results[1].Status);
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

    [Fact]
    public async Task FindTickets_NumbersEachTicketsPlaceInItsSale_AsFindTicketDoes()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var item = scenario.AdmissionItem;
        var orders = new[] { await scenario.OrderAsync("cash", "web", item, item, item), await scenario.OrderAsync("cash", "web", item, item) };
        var ids = orders.SelectMany(o => o["positions"]!.AsArray().Select(p => p.Value<long>("id").ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        // Asked out of order and without the first ticket of the first sale, which still counts in the numbering.
        var asked = ids.Skip(1).Reverse().ToList();
        var found = await SendAsync(new FindTickets(scenario.Organizer.Id, asked, TicketIdentifierKind.Id));
        Assert.Equal([2, 3, 1, 2], ids.Skip(1).Select(id => found[id].PositionId));
        foreach (var id in asked)
        {
            var single = await SendAsync(new FindTicket(scenario.Organizer.Id, id, TicketIdentifierKind.Id));
            Assert.Equal(single!.PositionId, found[id].PositionId);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CheckinEngineSqliteTests(SqliteHost host) : CheckinEngineTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CheckinEnginePostgresTests(PostgresHost host) : CheckinEngineTests(host)
{
    [Fact]
    public async Task RedeemTickets_LosingARaceAtTheInsert_StoresNothingOfTheBatch_AndDecidesOneByOne()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");
        var secret = order.Value<string>("positions.0.secret")!;
        var ticketId = order.Value<long>("positions.0.id");
        var orgId = scenario.Organizer.Id;
        var race = new InsertRace();
        await using var racing = Host.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(
            services => services.ConfigureDbContext<EventOps.Modules.Checkin.Persistence.CheckinPostgresDbContext>(o => o.AddInterceptors(race))));

        // Another scanner admits the ticket after the batch read it as unused, just before the batch's insert.
        RedeemResult? other = null;
        race.Arm(async () =>
        {
            await using var scope = Host.Factory.Services.CreateAsyncScope();
            other = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RedeemTicket(orgId, secret, TicketIdentifierKind.Secret, "other", "other scanner"));
        });
        IReadOnlyList<RedeemResult> results;
        await using (var scope = racing.Services.CreateAsyncScope())
        {
            results = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RedeemTickets(
            [
                new RedeemTicket(orgId, secret, TicketIdentifierKind.Secret, "batch", "tester"),
                new RedeemTicket(orgId, "nope", TicketIdentifierKind.Secret, "batch", "tester"),
            ]));
        }

        Assert.True(other!.IsOk);
        Assert.Equal(RedeemReasons.AlreadyRedeemed, results[0].Reason);
        Assert.Equal(other.CheckinId, results[0].Previous!.CheckinId);
        Assert.Equal(RedeemReasons.Invalid, results[1].Reason);

        // The rolled-back batch left nothing: one refused attempt per item, from the one-by-one pass.
        await using var check = Host.Factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<EventOps.Modules.Checkin.Persistence.CheckinDbContext>();
        var stored = await db.Checkins.AsNoTracking().Where(c => c.OrganizerId == orgId).OrderBy(c => c.Id).Select(c => new { c.TicketId, c.Successful, c.Surface }).ToListAsync();
        Assert.Equal(
            [(ticketId, true, "other"), (ticketId, false, "batch"), (null, false, "batch")],
            stored.Select(c => (c.TicketId, c.Successful, c.Surface)));
    }

    /// <summary>
    /// Runs a callback once, just before the first insert into the check-ins table is sent. The batch inserts by COPY,
    /// which EF does not see, so its last statement through EF stands for it: the draw of the new rows' ids.
    /// </summary>
    private sealed class InsertRace : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private Func<Task>? beforeFirstInsert;

        public void Arm(Func<Task> callback) => beforeFirstInsert = callback;

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var insert = command.CommandText.Contains("INSERT INTO checkin.checkins", StringComparison.Ordinal)
                || (command.CommandText.Contains("nextval", StringComparison.Ordinal)
                    && command.Parameters.Cast<System.Data.Common.DbParameter>().Any(p => "checkin.checkins".Equals(p.Value)));
            if (insert && Interlocked.Exchange(ref beforeFirstInsert, null) is { } race)
            {
                await race();
            }

            return result;
        }
    }
}

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
