using System.Net;
using System.Net.Http.Headers;
using EventOps.Shared.Http;
using EventOps.Tests.Integration.Checkin;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Robustness;

/// <summary>The door's gate (DoorTraffic): every scan endpoint passes it, and scans beyond its limit wait rather than fail.</summary>
public abstract class DoorGateTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public void EveryEndpointThatRedeems_PassesTheGate_AndNothingElseDoes()
    {
        // The endpoints that admit, from the OpenAPI catalogue's own names: every POST of a redeem surface.
        var endpoints = Host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.RoutePattern.RawText!,
                Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [],
                Policy: e.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName))
            .ToList();
        string[] redeeming = ["RedeemCheckinPosition", "CheckinRpcRedeem", "ScannerRedeemInEvent", "ScannerRedeem", "ScannerRedemptionAttempts", "TickableScan", "ShowpassCreateHistory"];

        foreach (var name in redeeming)
        {
            Assert.Contains(endpoints, e => e.Name == name);
            Assert.All(endpoints.Where(e => e.Name == name || e.Name == name + "Json"), e => Assert.Equal(DoorTraffic.Policy, e.Policy));
        }

        var gated = endpoints.Where(e => e.Policy == DoorTraffic.Policy).Select(e => e.Name.Replace("Json", string.Empty, StringComparison.Ordinal)).Distinct().Order().ToList();
        Assert.Equal([.. redeeming.Order()], gated);
        Assert.All(endpoints.Where(e => e.Policy == DoorTraffic.Policy), e => Assert.Equal(["POST"], e.Methods));
    }

    [Fact]
    public async Task WithOneScanAtATime_FortyConcurrentScans_AllAdmitted_NoneRefused()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var tickets = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            tickets.Add((await c.PaidTicketAsync()).TicketId);
        }

        await using var narrow = Host.Factory.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, config) =>
            config.AddInMemoryCollection(new Dictionary<string, string?> { ["Door:ConcurrentScans"] = "1" })));
        using var client = narrow.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", c.S.Organizer.WriteToken);

        var statuses = await Task.WhenAll(tickets.Select(async t => (await client.PostJsonAsync(c.Redeem(c.DefaultListId, t), new { })).Status));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DoorGateSqliteTests(SqliteHost host) : DoorGateTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DoorGatePostgresTests(PostgresHost host) : DoorGateTests(host);
