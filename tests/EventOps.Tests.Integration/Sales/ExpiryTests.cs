using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Expiry;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Sales;

/// <summary>The expiry job with a fake clock: pending past its deadline, unpaid after the event; nothing else.</summary>
public abstract class ExpiryTests(HostFixture host) : HostTests(host)
{
    private async Task<int> RunJobAsync()
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpireDueSalesJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task PendingSale_ExpiresOnlyAfterItsDeadline()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var pending = await scenario.OrderAsync("bank_transfer");
        var paid = await scenario.OrderAsync("cash");

        Host.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunJobAsync());
        Assert.Equal("pending", (await scenario.GetOrderAsync(pending.Value<string>("code"))).Value<string>("status"));

        Host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await RunJobAsync());
        Assert.Equal("expired", (await scenario.GetOrderAsync(pending.Value<string>("code"))).Value<string>("status"));
        Assert.Equal("paid", (await scenario.GetOrderAsync(paid.Value<string>("code"))).Value<string>("status"));
        Assert.Equal(0, await RunJobAsync());
    }

    [Fact]
    public async Task UnpaidSale_ExpiresWhenTheEventHasEnded()
    {
        var scenario = await Scenario.CreateAsync(Host, eventStart: HostFixture.Start.AddDays(1));
        var unpaid = await scenario.OrderAsync("manual");

        Host.Clock.Advance(TimeSpan.FromHours(30));
        Assert.Equal(0, await RunJobAsync());
        Host.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, await RunJobAsync());
        Assert.Equal("expired", (await scenario.GetOrderAsync(unpaid.Value<string>("code"))).Value<string>("status"));
    }

    [Fact]
    public async Task TwoRunsAtOnce_ExpireEachSaleOnce()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var codes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add((await scenario.OrderAsync("bank_transfer")).Value<string>("code"));
        }

        Host.Clock.Advance(TimeSpan.FromDays(4));
        var counts = await Task.WhenAll(RunJobAsync(), RunJobAsync(), RunJobAsync());

        Assert.Equal(6, counts.Sum());
        var expiries = await Host.WithSalesAsync(db => db.StatusChanges.CountAsync(c => c.Trigger == "expire" && c.To == SaleStatus.Expired));
        Assert.Equal(6, expiries);
    }

    [Fact]
    public async Task ExpiredSale_CanNoLongerBePaid()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var pending = await scenario.OrderAsync("bank_transfer");
        Host.Clock.Advance(TimeSpan.FromDays(4));
        await RunJobAsync();

        var client = Host.Client(scenario.Organizer.WriteToken, "Bearer");
        var (_, body) = await client.PatchJsonAsync($"/api/tickets/{pending.Value<long>("id")}", new { action = "mark_paid" });
        Assert.Equal("expired", body.Value<string>("data.status"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ExpirySqliteTests(SqliteHost host) : ExpiryTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ExpiryPostgresTests(PostgresHost host) : ExpiryTests(host);
