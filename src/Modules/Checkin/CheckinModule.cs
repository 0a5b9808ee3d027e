using EventOps.Modules.Checkin.AutoCheckin;
using EventOps.Modules.Checkin.Lists;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Checkin.Positions;
using EventOps.Modules.Checkin.Questions;
using EventOps.Modules.Checkin.Redeem;
using EventOps.Modules.Checkin.Rules;
using EventOps.Shared.Http;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Checkin;

/// <summary>Admission: check-in lists, the redeem engine and its rules, auto-checkin (ARCHITECTURE.md, "One truth").</summary>
public sealed class CheckinModule : IModule
{
    public string Name => "Checkin";

    public IReadOnlyList<AdminMenuItem> AdminMenu { get; } =
    [
        new("Live entries", "/Checkin/Live", 35),
        new("Check-in lists", "/Checkin/Lists", 40),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.AddModuleDbContext<CheckinDbContext, CheckinSqliteDbContext, CheckinPostgresDbContext, CheckinSqlServerDbContext>(database, CheckinDbContext.SchemaName, CheckinDbContext.QuietRaces);
        services.AddScoped<RedeemEngine>();
        services.AddSingleton<FirstScan>();
        services.AddScoped<AutoCheckinJob>();
        services.AddScoped<AutoCheckinSweepJob>();
        services.AddScoped<DefaultListCreator>();
        services.AddScoped<DefaultListBackfill>();

        // The rules, in the order the engine runs them (each has its Order); a new rule is one class and one line here.
        services.AddSingleton<IRedeemRule, SaleStatusRule>();
        services.AddSingleton<IRedeemRule, TicketVoidedRule>();
        services.AddSingleton<IRedeemRule, AdmissionRule>();
        services.AddSingleton<IRedeemRule, ProductOnListRule>();
        services.AddSingleton<IRedeemRule, ListDateRule>();
        services.AddSingleton<IRedeemRule, TimeWindowRule>();
        services.AddSingleton<IRedeemRule, QuestionsRule>();
        services.AddSingleton<IRedeemRule, EntryCountRule>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var lists = endpoints.MapOrganizerGroup("/events/{event}/checkinlists", "Check-in lists");
        ListEndpoints.Map(lists, endpoints);
        PositionEndpoints.Map(lists);
        RedeemEndpoint.Map(lists);
        QuestionEndpoints.Map(endpoints);
        CheckinRpcEndpoints.Map(endpoints);
    }

    public async Task InitializeAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DefaultListBackfill>().RunAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            // Without the Sales module there are no events to give lists to; Checkin still starts.
            scope.ServiceProvider.GetRequiredService<ILogger<CheckinModule>>().LogWarning(exception, "Default check-in lists not back-filled");
        }
    }

    public void ScheduleJobs(IRecurringJobManager jobs, IConfiguration configuration) =>
        jobs.AddOrUpdate<AutoCheckinSweepJob>(AutoCheckinSweepJob.JobId, job => job.RunAsync(CancellationToken.None), configuration["Checkin:AutoCheckinSweepCron"] ?? Cron.Minutely());
}
