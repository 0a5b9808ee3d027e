using EventOps.Host.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>HTTP clients of the admin pages, logged in through the real login form as Admin or as a BoxOffice user.</summary>
public static class StaffClient
{
    public static async Task<HttpClient> AdminAsync(HostFixture host) =>
        WithCookie(host, await StaffLogin.LoginAsync(host.Client(), "admin@example.com", TestStaff.AdminPassword));

    public static async Task<HttpClient> BoxOfficeAsync(HostFixture host)
    {
        var email = $"desk-{Guid.NewGuid():N}@example.com";
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = new IdentityUser { UserName = email, Email = email };
            Assert.True((await users.CreateAsync(user, "BoxOffice-Password-1")).Succeeded);
            await users.AddToRoleAsync(user, StaffRoles.BoxOffice);
        }

        return WithCookie(host, await StaffLogin.LoginAsync(host.Client(), email, "BoxOffice-Password-1"));
    }

    private static HttpClient WithCookie(HostFixture host, string cookie)
    {
        var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
