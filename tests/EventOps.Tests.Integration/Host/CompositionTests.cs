using System.Net;
using EventOps.Modules.Sales.Persistence;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Host;

/// <summary>Start-up behaviour that needs its own Host instances: module switches, demo seeding, two Hosts on one database.</summary>
public abstract class CompositionTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task DisabledScanningModule_HostStarts_ItsRoutesAre404_OthersWork()
    {
        await using var factory = Host.CreateFactory(new Dictionary<string, string?> { ["Modules:Scanning:Enabled"] = "false" });
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scanner/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/organizers/acme/events/conf/checkinlists/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client().GetAsync("/scanner/me")).StatusCode);
    }

    [Fact]
    public async Task DisabledCheckinModule_HostStarts_SalesStillServes()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var organizer = scenario.Organizer;
        Assert.Equal(HttpStatusCode.OK, (await scenario.Client.GetAsync($"{scenario.EventBase}/checkinlists/")).StatusCode);
        await using var factory = Host.CreateFactory(new Dictionary<string, string?> { ["Modules:Checkin:Enabled"] = "false" });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", organizer.ReadToken);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{scenario.EventBase}/checkinlists/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/organizers/acme/events/")).StatusCode);
    }

    [Fact]
    public async Task DemoSeed_CreatesTheContractData_AndRunningItTwiceChangesNothing()
    {
        var settings = new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Demo:ApiToken"] = "demo-token-for-tests" };
        await using (var first = Host.CreateFactory(settings))
        {
            _ = first.Server;
        }

        var counts = await CountsAsync();
        await using (var second = Host.CreateFactory(settings))
        {
            _ = second.Server;
        }

        Assert.Equal(counts, await CountsAsync());
        Assert.Equal(1, counts.Organizers);
        Assert.Equal(96 + 8, counts.Sales);

        var client = Host.Client("demo-token-for-tests");
        var (_, events) = await client.GetJsonAsync("/api/v1/organizers/demo/events/");
        Assert.Equal(["demo-conf", "demo-tour", "demo-night"], events!["results"]!.AsArray().Select(e => e.Value<string>("slug")));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1), events["results"]![0].Value<DateTimeOffset>("date_from").UtcDateTime.Date);
        var (_, items) = await client.GetJsonAsync("/api/v1/organizers/demo/events/demo-conf/items/");
        Assert.Equal(
            ["General Admission:True:1", "Day Pass:True:3", "T-Shirt:False:1"],
            items!["results"]!.AsArray().Select(i => $"{i.Value<string>("name")}:{i.Value<bool>("admission")}:{i.Value<int>("multiscan_limit")}"));

        // The series: three dates, a product with two variations and an add-on, a seated hall of 2 x 10, and the first
        // date's standing quota nearly sold out.
        var tour = "/api/v1/organizers/demo/events/demo-tour";
        Assert.Equal(3, (await client.GetJsonAsync($"{tour}/subevents/")).Body.Value<int>("count"));
        Assert.Equal(20, (await client.GetJsonAsync($"{tour}/seats/")).Body.Value<int>("count"));
        var (_, tourItems) = await client.GetJsonAsync($"{tour}/items/");
        Assert.Equal(["Adult", "Student"], tourItems!["results"]![0]!["variations"]!.AsArray().Select(v => v.Value<string>("value")));
        Assert.Single(tourItems["results"]![0]!["addons"]!.AsArray());
        var (_, quotas) = await client.GetJsonAsync($"{tour}/quotas/");
        var standing = quotas!["results"]!.AsArray().First(q => q.Value<string>("name").StartsWith("Standing", StringComparison.Ordinal));
        var (_, availability) = await client.GetJsonAsync($"{tour}/quotas/{standing.Value<long>("id")}/availability/");
        Assert.Equal(2, availability.Value<int>("available_number"));

        var statuses = await Host.WithSalesAsync(db => db.Sales.Select(s => s.Status).Distinct().CountAsync());
        Assert.Equal(6, statuses);
        var channels = await Host.WithSalesAsync(db => db.SalesChannels.Select(c => c.Identifier).OrderBy(c => c).ToListAsync());
        Assert.Equal(["box_office", "pos", "web"], channels);
    }

    private Task<(int Organizers, int Sales, int Tickets)> CountsAsync() => Host.WithSalesAsync(async db =>
        (await db.Organizers.CountAsync(), await db.Sales.CountAsync(), await db.Tickets.CountAsync()));

    [Fact]
    public async Task TwoHosts_StartingTogether_MigrateAndSeedOnce()
    {
        var settings = new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Demo:SalesPerEvent"] = "10" };
        await using var a = Host.CreateFactory(settings);
        await using var b = Host.CreateFactory(settings);
        await Task.WhenAll(Task.Run(() => _ = a.Server), Task.Run(() => _ = b.Server));

        var counts = await CountsAsync();
        Assert.Equal(1, counts.Organizers);
        Assert.Equal(20 + 8, counts.Sales);
        Assert.Equal(HttpStatusCode.OK, (await a.CreateClient().GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.CreateClient().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task StaffCookie_IssuedByOneHost_IsAcceptedByAnother()
    {
        var login = Host.Client();
        var cookie = await StaffLogin.LoginAsync(login, "admin@example.com", TestStaff.AdminPassword);

        await using var other = Host.CreateFactory();
        var client = other.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CompositionSqliteTests(SqliteHost host) : CompositionTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CompositionPostgresTests(PostgresHost host) : CompositionTests(host);
