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

    /// <summary>
    /// Runs once in the background after start-up: the module's heavy first-time paths (query compilation, code not
    /// yet jitted) against data that does not exist, so the first caller after a deploy does not pay for them. Reads only.
    /// </summary>
    Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record AdminMenuItem(string Title, string Path, int Order, string? Role = null);
