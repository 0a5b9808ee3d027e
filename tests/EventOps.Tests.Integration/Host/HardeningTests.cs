using System.Net;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Host;

/// <summary>Security headers on pages, and throttling of failed token authentications and of login posts.</summary>
public abstract class HardeningTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task AdminPages_CarryAStrictContentSecurityPolicy()
    {
        var response = await Host.Client().GetAsync("/Account/Login");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.All(cookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("samesite", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ApiResponses_AreNosniff()
    {
        var response = await Host.Client().GetAsync("/api/v1/organizers/x/events/");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task FailedTokenAuthentications_AreThrottledPerAddress_With429AndRetryAfter()
    {
        var organizer = await Host.CreateOrganizerAsync("acme");
        await using var factory = Host.CreateFactory(new Dictionary<string, string?> { ["RateLimits:FailedAuthPerWindow"] = "3" });
        HttpClient Client(string token)
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", token);
            return client;
        }

        Assert.Equal(HttpStatusCode.OK, (await Client(organizer.ReadToken).GetAsync("/api/v1/organizers/acme/events/")).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client($"eo_guess{i}").GetAsync("/api/v1/organizers/acme/events/")).StatusCode);
        }

        var throttled = await Client("eo_guess4").GetAsync("/api/v1/organizers/acme/events/");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("60", throttled.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Client(organizer.ReadToken).GetAsync("/api/v1/organizers/acme/events/")).StatusCode);
        var apiKey = factory.CreateClient();
        apiKey.DefaultRequestHeaders.Add("X-API-Key", "eo_guess5");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await apiKey.PatchAsync("/api/tickets/1", Api.Json(new { action = "refund" }))).StatusCode);
    }

    [Fact]
    public async Task LoginPosts_AreRateLimitedPerAddress()
    {
        await using var factory = Host.CreateFactory(new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "3" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            statuses.Add((await StaffLogin.PostLoginAsync(client, "nobody@example.com", "wrong password")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HardeningSqliteTests(SqliteHost host) : HardeningTests(host);

[Collection(PostgresCollection.Name)]
public sealed class HardeningPostgresTests(PostgresHost host) : HardeningTests(host);
