using System.Net;
using EventOps.Host.Auth;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Host;

/// <summary>Staff login (Identity cookie), lockout and the Admin-only Hangfire dashboard.</summary>
public abstract class StaffLoginTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task AnonymousAdminPage_RedirectsToLogin()
    {
        var response = await Host.Client().GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Host.Client().GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task WrongPassword_StaysOnLoginWithAnError()
    {
        var response = await StaffLogin.PostLoginAsync(Host.Client(), "admin@example.com", "wrong password!");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong email or password.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("eventops.auth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admin_CanOpenHangfire_BoxOfficeCannot()
    {
        var admin = await StaffLogin.LoginAsync(Host.Client(), "admin@example.com", TestStaff.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync("/hangfire", admin));

        var email = $"desk-{Guid.NewGuid():N}@example.com";
        await using (var scope = Host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = new IdentityUser { UserName = email, Email = email };
            Assert.True((await users.CreateAsync(user, "BoxOffice-Password-1")).Succeeded);
            await users.AddToRoleAsync(user, StaffRoles.BoxOffice);
        }

        var desk = await StaffLogin.LoginAsync(Host.Client(), email, "BoxOffice-Password-1");
        Assert.Equal(HttpStatusCode.Redirect, await GetWithCookieAsync("/hangfire", desk));
        Assert.Equal(HttpStatusCode.Forbidden, await GetWithCookieAsync("/Account/Denied", desk));
    }

    [Fact]
    public async Task RepeatedFailures_LockTheAccount()
    {
        var email = $"locked-{Guid.NewGuid():N}@example.com";
        await using (var scope = Host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = new IdentityUser { UserName = email, Email = email };
            Assert.True((await users.CreateAsync(user, "Correct-Password-1")).Succeeded);
            await users.AddToRoleAsync(user, StaffRoles.BoxOffice);
        }

        for (var i = 0; i < 5; i++)
        {
            await StaffLogin.PostLoginAsync(Host.Client(), email, "nope nope nope");
        }

        var response = await StaffLogin.PostLoginAsync(Host.Client(), email, "Correct-Password-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpStatusCode> GetWithCookieAsync(string path, string cookie)
    {
        var client = Host.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StaffLoginSqliteTests(SqliteHost host) : StaffLoginTests(host);

[Collection(PostgresCollection.Name)]
public sealed class StaffLoginPostgresTests(PostgresHost host) : StaffLoginTests(host);
