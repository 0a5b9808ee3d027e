using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Shared.Modules;

/// <summary>A module contributes its services, endpoints, jobs and admin menu; the Host only composes.</summary>
public interface IModule
{
    string Name { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration, DatabaseSettings database);

    void MapEndpoints(IEndpointRouteBuilder endpoints);

    void ScheduleJobs(IRecurringJobManager jobs, IConfiguration configuration);

    IReadOnlyList<AdminMenuItem> AdminMenu { get; }

    /// <summary>Runs once at start-up, after every module's migrations: demo data, back-fills.</summary>
    Task InitializeAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record AdminMenuItem(string Title, string Path, int Order, string? Role = null);
