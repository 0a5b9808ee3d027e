using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Modules.Scanning;

/// <summary>Registered now so the composition and the module switch are real; its surfaces arrive with its own issue.</summary>
public sealed class ScanningModule : IModule
{
    public string Name => "Scanning";

    public IReadOnlyList<AdminMenuItem> AdminMenu { get; } = [];

    public void AddServices(IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.AddModuleDbContext<ScanningDbContext, ScanningSqliteDbContext, ScanningPostgresDbContext, ScanningSqlServerDbContext>(database, ScanningDbContext.SchemaName);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/modules/scanning", () => Results.Ok(new { module = Name, status = "registered" }))
            .WithTags("Scanning").WithName("ScanningModuleStatus").WithSummary("The Scanning module is loaded.").ExcludeFromDescription();
    }

    public void ScheduleJobs(IRecurringJobManager jobs, IConfiguration configuration)
    {
    }
}
