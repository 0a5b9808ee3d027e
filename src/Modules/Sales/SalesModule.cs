using EventOps.Modules.Sales.Catalog;
using EventOps.Modules.Sales.Demo;
using EventOps.Modules.Sales.Expiry;
using EventOps.Modules.Sales.Orders;
using EventOps.Modules.Sales.Payments;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.SaleActions;
using EventOps.Modules.Sales.Tokens;
using EventOps.Shared.Auth;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Modules.Sales;

public sealed class SalesModule : IModule
{
    public string Name => "Sales";

    public IReadOnlyList<AdminMenuItem> AdminMenu { get; } =
    [
        new("Dashboard", "/Sales/Dashboard", 0),
        new("Set-up", "/Sales/Setup/Events", 5, Role: "Admin"),
        new("Sales", "/Sales/Search", 10),
        new("Point of sale", "/Sales/PointOfSale", 20),
        new("Door check", "/Sales/Door", 30),
        new("API tokens", "/Sales/Tokens", 90, Role: "Admin"),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.AddModuleDbContext<SalesDbContext, SalesSqliteDbContext, SalesPostgresDbContext, SalesSqlServerDbContext>(database, SalesDbContext.SchemaName);
        services.AddScoped<SaleStatusChanger>();
        services.AddScoped<SaleCreator>();
        services.AddScoped<Inventory.Capacity>();
        services.AddScoped<ExpireDueSalesJob>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<ITokenStore, ApiTokenStore>();
        services.AddSingleton<PaymentProviders>();
        services.AddSingleton<IPaymentProvider, CashPayment>();
        services.AddSingleton<IPaymentProvider, FreePayment>();
        services.AddSingleton<IPaymentProvider, BankTransferPayment>();
        services.AddSingleton<IPaymentProvider, ManualPayment>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        SaleActionsEndpoint.Map(endpoints);
        CatalogEndpoints.Map(endpoints);
        Inventory.InventoryEndpoints.Map(endpoints);
        OrderEndpoints.Map(endpoints);
        TokenEndpoints.Map(endpoints);
    }

    public void ScheduleJobs(IRecurringJobManager jobs, IConfiguration configuration) =>
        jobs.AddOrUpdate<ExpireDueSalesJob>(ExpireDueSalesJob.JobId, job => job.RunAsync(CancellationToken.None), configuration["Sales:ExpiryCron"] ?? Cron.Minutely());

    public async Task InitializeAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Every scan asks Sales for its ticket first: each kind of lookup compiled here, for an organizer that does not exist;
    /// then a ticket with its sale's tickets, as a Tickable scan reads it.
    /// </summary>
    public async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
        foreach (var kind in Enum.GetValues<Shared.Contracts.Sales.TicketIdentifierKind>())
        {
            await sender.Send(new Shared.Contracts.Sales.FindTicket(0, kind == Shared.Contracts.Sales.TicketIdentifierKind.Uuid ? Guid.Empty.ToString() : "0", kind), cancellationToken);
        }

        await sender.Send(new Shared.Contracts.Sales.FindTicketWithSale(0, Guid.Empty), cancellationToken);
    }
}
