using System.Net;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Sales;

/// <summary>API tokens: organizer-scoped, read or write, stored hashed, shown once, revocable; every header scheme.</summary>
public abstract class TokenAuthTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task NoOrBadToken_Is401_WithDrfDetail()
    {
        await Host.CreateOrganizerAsync("acme");
        var (none, noneBody) = await Host.Client().GetJsonAsync("/api/v1/organizers/acme/events/");
        Assert.Equal(HttpStatusCode.Unauthorized, none);
        Assert.Equal("Authentication credentials were not provided.", noneBody.Value<string>("detail"));
        var (bad, badBody) = await Host.Client("eo_wrong").GetJsonAsync("/api/v1/organizers/acme/events/");
        Assert.Equal(HttpStatusCode.Unauthorized, bad);
        Assert.Equal("Invalid token.", badBody.Value<string>("detail"));
    }

    [Fact]
    public async Task EveryHeaderScheme_Authenticates()
    {
        var organizer = await Host.CreateOrganizerAsync("acme");
        Assert.Equal(HttpStatusCode.OK, (await Host.Client(organizer.ReadToken, "Token").GetAsync("/api/v1/organizers/acme/events/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client(organizer.ReadToken, "Bearer").GetAsync("/api/v1/organizers/acme/events/")).StatusCode);
        var apiKey = Host.Client();
        apiKey.DefaultRequestHeaders.Add("X-API-Key", organizer.ReadToken);
        Assert.Equal(HttpStatusCode.OK, (await apiKey.GetAsync("/api/v1/organizers/acme/events/")).StatusCode);
    }

    [Fact]
    public async Task ReadToken_CanReadButNotWrite()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var reader = Host.Client(scenario.Organizer.ReadToken);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetJsonAsync($"{scenario.EventBase}/orders/")).Status);
        var (status, body) = await reader.PostJsonAsync($"{scenario.EventBase}/orders/", new { positions = new[] { new { item = scenario.AdmissionItem } } });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("You do not have permission to perform this action.", body.Value<string>("detail"));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"{scenario.Base}/events/", new { slug = "x", name = "x", date_from = "2027-01-01T00:00:00Z" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"{scenario.Base}/tokens/", new { description = "x" })).Status);
        Assert.Equal(0, (await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/")).Body.Value<int>("count"));
    }

    [Fact]
    public async Task AnotherOrganizersResources_AreAnsweredAsMissing()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync();
        var intruder = Host.Client((await Host.CreateOrganizerAsync("intruder")).WriteToken);

        foreach (var url in new[] { $"{scenario.Base}/events/", $"{scenario.EventBase}/", $"{scenario.EventBase}/items/", $"{scenario.EventBase}/orders/", $"{scenario.EventBase}/orders/{order.Value<string>("code")}/", $"{scenario.Base}/tokens/" })
        {
            var (status, body) = await intruder.GetJsonAsync(url);
            Assert.True(status == HttpStatusCode.NotFound, $"{url} -> {status}");
            Assert.Equal("Not found.", body.Value<string>("detail"));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostJsonAsync($"{scenario.EventBase}/orders/", new { payment_provider = "cash", positions = new[] { new { item = scenario.AdmissionItem } } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetJsonAsync("/api/v1/organizers/intruder/events/conf/orders/")).Status);
        Assert.Equal(1, (await scenario.Client.GetJsonAsync($"{scenario.EventBase}/orders/")).Body.Value<int>("count"));
    }

    [Fact]
    public async Task CreatedToken_IsShownOnce_StoredHashed_AndRevocable()
    {
        var organizer = await Host.CreateOrganizerAsync("acme");
        var admin = Host.Client(organizer.WriteToken);
        var (status, created) = await admin.PostJsonAsync("/api/v1/organizers/acme/tokens/", new { description = "door laptop", permission = "write" });
        Assert.Equal(HttpStatusCode.Created, status);
        var value = created.Value<string>("token");
        Assert.StartsWith("eo_", value, StringComparison.Ordinal);
        Assert.Equal("write", created.Value<string>("permission"));

        var (_, list) = await admin.GetJsonAsync("/api/v1/organizers/acme/tokens/");
        Assert.DoesNotContain(value, list.Compact(), StringComparison.Ordinal);
        Assert.Equal(3, list.Value<int>("count"));
        var stored = await Host.WithSalesAsync(db => db.ApiTokens.AsNoTracking().Select(t => t.TokenHash).ToListAsync());
        Assert.DoesNotContain(value, stored);
        Assert.Contains(EventOps.Shared.Auth.SecretTokens.Hash(value), stored);

        var fresh = Host.Client(value);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/organizers/acme/events/")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/organizers/acme/tokens/{created.Value<long>("id")}/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await Eventually.StatusAsync(async () => (await fresh.GetAsync("/api/v1/organizers/acme/events/")).StatusCode, HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/organizers/acme/tokens/{created.Value<long>("id")}/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/organizers/acme/tokens/abc/")).StatusCode);
        Assert.False(Host.Factory.Logs.Lines.Any(l => l.Contains(value, StringComparison.Ordinal)), "a token value was logged");
    }

    [Fact]
    public async Task BadTokenRequests_Are400()
    {
        var organizer = await Host.CreateOrganizerAsync("acme");
        var admin = Host.Client(organizer.WriteToken);
        var (status, body) = await admin.PostJsonAsync("/api/v1/organizers/acme/tokens/", new { permission = "admin" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["description"]);
        Assert.NotNull(body["permission"]);
        Assert.Equal(2, (await admin.GetJsonAsync("/api/v1/organizers/acme/tokens/")).Body.Value<int>("count"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TokenAuthSqliteTests(SqliteHost host) : TokenAuthTests(host);

[Collection(PostgresCollection.Name)]
public sealed class TokenAuthPostgresTests(PostgresHost host) : TokenAuthTests(host);
