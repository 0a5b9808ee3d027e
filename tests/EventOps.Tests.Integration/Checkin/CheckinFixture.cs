using System.Net;
using System.Text.Json.Nodes;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Sales;
using EventOps.Tests.Integration.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>A scenario with the check-in lists API at hand.</summary>
internal sealed class CheckinScenario
{
    private CheckinScenario(Scenario scenario) => S = scenario;

    public Scenario S { get; }

    public HttpClient Client => S.Client;

    public string Lists => $"{S.EventBase}/checkinlists/";

    public long DefaultListId { get; private set; }

    public static async Task<CheckinScenario> CreateAsync(HostFixture host, string organizer = "acme")
    {
        var scenario = new CheckinScenario(await Scenario.CreateAsync(host, organizer));
        var (status, body) = await scenario.Client.GetJsonAsync(scenario.Lists);
        Assert.Equal(HttpStatusCode.OK, status);
        scenario.DefaultListId = body.Value<long>("results.0.id");
        return scenario;
    }

    public string Redeem(long list, object position) => $"{Lists}{list}/positions/{position}/redeem/";

    public async Task<long> CreateListAsync(object body)
    {
        var (status, created) = await Client.PostJsonAsync(Lists, body);
        Assert.True(status == HttpStatusCode.Created, created.Compact());
        return created.Value<long>("id");
    }

    public async Task<(JsonNode Order, long TicketId, string Secret)> PaidTicketAsync(string channel = "web", long? item = null)
    {
        var order = await S.OrderAsync("cash", channel, item ?? S.AdmissionItem);
        return (order, order.Value<long>("positions.0.id"), order.Value<string>("positions.0.secret"));
    }

    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = S.Host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    public async Task<T> WithCheckinAsync<T>(Func<CheckinDbContext, Task<T>> action)
    {
        await using var scope = S.Host.Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CheckinDbContext>());
    }

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = S.Host.Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Seed 001, as a client of that surface sends it.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SaleActionAsync(long saleId, string action)
    {
        var client = S.Host.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", S.Organizer.WriteToken);
        return await client.PatchJsonAsync($"/api/tickets/{saleId}", new { action });
    }

    public Task<VoidTicketOutcome> VoidAsync(long ticketId) => SendAsync(new VoidTicket(S.Organizer.Id, ticketId, "tests"));
}
