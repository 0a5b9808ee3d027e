using System.Net;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task TwelveStaffBehindOneAddress_AllLogIn_WithinAMinute_UnderTheDefaultLimits()
    {
        await using var factory = Host.CreateFactory(new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = null, ["RateLimits:LoginPerAddressPerMinute"] = null });
        var staff = await CreateStaffAsync(factory, 12);
        foreach (var (email, password) in staff)
        {
            // One typo each, as a shift's start goes, then the right password.
            await StaffLogin.PostLoginAsync(NewClient(factory), email, "typo typo typo");
            var response = await StaffLogin.PostLoginAsync(NewClient(factory), email, password);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{email}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task LoginPosts_AreLimitedPerAccountAndAddress_WithAPerAddressCeiling()
    {
        await using var factory = Host.CreateFactory(new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "3", ["RateLimits:LoginPerAddressPerMinute"] = "6" });
        var staff = await CreateStaffAsync(factory, 2);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await StaffLogin.PostLoginAsync(NewClient(factory), "guessed@example.com", $"wrong password {i}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // The same address, another account: not held back by the guessing next to it. The account's own address
        // case and spacing do not make a new partition.
        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.PostLoginAsync(NewClient(factory), staff[0].Email, staff[0].Password)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await StaffLogin.PostLoginAsync(NewClient(factory), " GUESSED@example.com ", "wrong password")).StatusCode);

        // Spraying one password over many accounts meets the per-address ceiling (six posts so far, refused ones included, is the ceiling).
        var sprayed = await StaffLogin.PostLoginAsync(NewClient(factory), "other@example.com", "wrong password");
        Assert.Equal(HttpStatusCode.TooManyRequests, sprayed.StatusCode);
        Assert.Equal("60", sprayed.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await StaffLogin.PostLoginAsync(NewClient(factory), staff[1].Email, staff[1].Password)).StatusCode);
    }

    [Fact]
    public async Task OneAccountUnderGuessing_IsLocked_EvenWithinTheRateLimits()
    {
        await using var factory = Host.CreateFactory(new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = null, ["RateLimits:LoginPerAddressPerMinute"] = null });
        var (email, password) = (await CreateStaffAsync(factory, 1))[0];
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await StaffLogin.PostLoginAsync(NewClient(factory), email, $"guess {i}")).StatusCode);
        }

        var response = await StaffLogin.PostLoginAsync(NewClient(factory), email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpClient NewClient(EventOpsFactory factory) =>
        factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<List<(string Email, string Password)>> CreateStaffAsync(EventOpsFactory factory, int count)
    {
        var staff = new List<(string, string)>();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        for (var i = 0; i < count; i++)
        {
            var email = $"desk{i}-{Guid.NewGuid():N}@example.com";
            var user = new IdentityUser { UserName = email, Email = email };
            Assert.True((await users.CreateAsync(user, "BoxOffice-Password-1")).Succeeded);
            await users.AddToRoleAsync(user, EventOps.Host.Auth.StaffRoles.BoxOffice);
            staff.Add((email, "BoxOffice-Password-1"));
        }

        return staff;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HardeningSqliteTests(SqliteHost host) : HardeningTests(host);

[Collection(PostgresCollection.Name)]
public sealed class HardeningPostgresTests(PostgresHost host) : HardeningTests(host);
