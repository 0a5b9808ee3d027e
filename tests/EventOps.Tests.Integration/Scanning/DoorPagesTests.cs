using System.Net;
using System.Text.RegularExpressions;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>
/// The browser door scanner's pages and service worker as served: anonymous (the token is the browser's, not a
/// session), the same bytes for everyone (so one cached copy serves every device), under the strict CSP.
/// </summary>
public abstract partial class DoorPagesTests(HostFixture host) : HostTests(host)
{
    [Theory]
    [InlineData("/scan")]
    [InlineData("/scan/pair")]
    public async Task DoorPage_IsAnonymous_StrictCsp_NoInlineScript(string path)
    {
        var response = await Host.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Empty(InlineScript().Matches(html));
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.Equal(html, await Host.Client().GetStringAsync(path));
    }

    [Fact]
    public async Task ServiceWorker_IsServedForTheScanScope_WithItsVersionFilledIn()
    {
        var response = await Host.Client().GetAsync("/scan/sw.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/scan", response.Headers.GetValues("Service-Worker-Allowed").Single());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var script = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("__VERSION__", script, StringComparison.Ordinal);
        Assert.Matches("const VERSION = '[0-9a-f]{16}';", script);
    }

    [Fact]
    public async Task ScanHere_NeedsAStaffLogin()
    {
        var response = await Host.Client().GetAsync("/Scanning/ScanHere");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

[Collection(SqliteCollection.Name)]
public sealed class DoorPagesSqliteTests(SqliteHost host) : DoorPagesTests(host);
