using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Modules;
using EventOps.Tests.Integration.Infrastructure;
using EventOps.Tests.Integration.Scanning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventOps.Tests.Integration.Reliability;

/// <summary>
/// The start-up warm-up (<see cref="IModule.WarmUpAsync"/>) runs every module's first-time paths against data that does
/// not exist: it must work on each provider beside real data, write nothing, and never take the Host down.
/// </summary>
public abstract class WarmUpTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task EveryModule_WarmsUp_BesideRealData_AndWritesNothing()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        await s.RedeemAsync(ticket.PublicId);

        async Task<(int Tickets, int Checkins, int Attempts)> CountAsync()
        {
            await using var scope = Host.Factory.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            return (await services.GetRequiredService<SalesDbContext>().Tickets.CountAsync(),
                await services.GetRequiredService<CheckinDbContext>().Checkins.CountAsync(),
                await services.GetRequiredService<ScanningDbContext>().ScanAttempts.CountAsync());
        }

        var before = await CountAsync();
        var logged = new LoggedLines();
        var modules = EventOps.Host.ModuleList.Enabled(new ConfigurationBuilder().Build());
        await Program.WarmUpAsync(Host.Factory.Services, modules, logged, CancellationToken.None);

        Assert.Equal(modules.Select(m => $"Information: Module {m.Name} warmed up"), logged.Lines.Select(l => l[..l.IndexOf(" in ", StringComparison.Ordinal)]));
        Assert.Equal(before, await CountAsync());

        // The snapshot it warmed is the real one, untouched.
        Assert.True((await s.SnapshotTicketAsync(ticket.PublicId)).Value<bool>("redeemed"));
    }

    [Fact]
    public async Task AFailingWarmUp_IsLogged_AndTheNextModuleStillWarmsUp()
    {
        var logged = new LoggedLines();
        var after = new Recording();
        await Program.WarmUpAsync(Host.Factory.Services, [new Failing(), after], logged, CancellationToken.None);
        Assert.True(after.Ran);
        Assert.StartsWith("Warning: Module failing could not warm up", logged.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Information: Module recording warmed up", logged.Lines[1], StringComparison.Ordinal);
    }

    private sealed class LoggedLines : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add($"{logLevel}: {formatter(state, exception)}");
    }

    private abstract class ModuleWithoutParts : IModule
    {
        public abstract string Name { get; }

        public IReadOnlyList<AdminMenuItem> AdminMenu => [];

        public void AddServices(IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
        {
        }

        public void MapEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
        {
        }

        public void ScheduleJobs(Hangfire.IRecurringJobManager jobs, IConfiguration configuration)
        {
        }
    }

    private sealed class Failing : ModuleWithoutParts, IModule
    {
        public override string Name => "failing";

        public Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken) => throw new InvalidOperationException("no database");
    }

    private sealed class Recording : ModuleWithoutParts, IModule
    {
        public override string Name => "recording";

        public bool Ran { get; private set; }

        public Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            Ran = true;
            return Task.CompletedTask;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WarmUpSqliteTests(SqliteHost host) : WarmUpTests(host);

[Collection(PostgresCollection.Name)]
public sealed class WarmUpPostgresTests(PostgresHost host) : WarmUpTests(host);
