using System.Net;
using System.Text.RegularExpressions;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Host;

/// <summary>
/// The published Host in Production, on Kestrel over plain HTTP, as it runs behind a TLS-terminating proxy: requests
/// the trusted proxy forwards as HTTPS log in with secure cookies; a plain-HTTP request is a clear 400, never a 500.
/// </summary>
public abstract partial class ProductionProxyTests(HostFixture host) : HostTests(host)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task BehindALoopbackProxy_ForwardedAsHttps_LoginWorks_WithSecureCookies()
    {
        await using var factory = StartProduction();
        var client = Client(factory);
        Assert.Equal("http", client.BaseAddress!.Scheme);

        var page = await SendAsync(client, HttpMethod.Get, "/Account/Login", forwarded: true);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.Contains("Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

        var login = await SendAsync(client, HttpMethod.Post, "/Account/Login", forwarded: true, cookie: antiforgery.Split(';')[0], form: new Dictionary<string, string>
        {
            ["Email"] = "admin@example.com",
            ["Password"] = TestStaff.AdminPassword,
            ["__RequestVerificationToken"] = token,
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var auth = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("eventops.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        var dashboard = await SendAsync(client, HttpMethod.Get, "/Sales/Dashboard", forwarded: true, cookie: auth.Split(';')[0]);
        Assert.True(dashboard.StatusCode == HttpStatusCode.OK, $"{(int)dashboard.StatusCode} {dashboard.Headers.Location}");
    }

    [Fact]
    public async Task PlainHttp_WithoutForwardedHeaders_OrFromAnUntrustedProxy_IsAClear400_NotA500()
    {
        foreach (var proxies in new[] { (string?)null, "192.0.2.1" })
        {
            await using var factory = StartProduction(proxies);
            var client = Client(factory);
            var forwarded = proxies is not null;
            var page = await SendAsync(client, HttpMethod.Get, "/Account/Login", forwarded);
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Contains("HTTPS", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var post = await SendAsync(client, HttpMethod.Post, "/Account/Login", forwarded, form: new Dictionary<string, string> { ["Email"] = "admin@example.com", ["Password"] = "x" });
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
            var api = await SendAsync(client, HttpMethod.Get, "/api/v1/organizers/demo/events/", forwarded);
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);

            // Load balancers and orchestrators probe the Host directly over HTTP.
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/health", forwarded)).StatusCode);
        }
    }

    private static HttpClient Client(EventOpsFactory factory)
    {
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // A plain socket client, as a proxy on the same machine is: it never follows redirects or keeps cookies.
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(address) };
    }

    private EventOpsFactory StartProduction(string? knownProxies = null)
    {
        var factory = Host.CreateFactory(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = knownProxies }, environment: "Production");
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        return factory;
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string path, bool forwarded, string? cookie = null, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (forwarded)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProductionProxySqliteTests(SqliteHost host) : ProductionProxyTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ProductionProxyPostgresTests(PostgresHost host) : ProductionProxyTests(host);
