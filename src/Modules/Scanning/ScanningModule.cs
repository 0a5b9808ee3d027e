using EventOps.Modules.Scanning.Devices;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Modules.Scanning.Scans;
using EventOps.Modules.Scanning.Showpass;
using EventOps.Modules.Scanning.Tickable;
using EventOps.Modules.Scanning.Usetix;
using EventOps.Shared.Auth;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Modules.Scanning;

/// <summary>
/// Scanner devices and three scanner dialects (Usetix 004, Showpass 000, Tickable 002), each a translation onto the
/// Checkin engine's redeem / revert, with every attempt recorded.
/// </summary>
public sealed class ScanningModule : IModule
{
    public string Name => "Scanning";

    public IReadOnlyList<AdminMenuItem> AdminMenu { get; } =
    [
        new("Scan history", "/Scanning/History", 45),
        new("Devices", "/Scanning/Devices", 85, Role: "Admin"),
        new("Door scanner", "/Scanning/ScanHere", 86),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.AddModuleDbContext<ScanningDbContext, ScanningSqliteDbContext, ScanningPostgresDbContext, ScanningSqlServerDbContext>(database, ScanningDbContext.SchemaName);
        services.AddScoped<ITokenStore, DeviceTokenStore>();
        services.AddScoped<Admissions>();
        services.AddScoped<SnapshotWriter>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        DeviceEndpoints.Map(endpoints);
        ScannerEndpoints.Map(endpoints);
        ShowpassEndpoints.Map(endpoints);
        TickableEndpoints.Map(endpoints);
        ScanHistory.Map(endpoints);
        Door.ServiceWorkerEndpoint.Map(endpoints);
    }

    public void ScheduleJobs(IRecurringJobManager jobs, IConfiguration configuration)
    {
    }

    public Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken) => Usetix.SnapshotWarmUp.RunAsync(services, cancellationToken);
}
