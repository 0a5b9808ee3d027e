using System.Net;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>The scanner surfaces are described in the OpenAPI document (the <c>.json</c> twins are not).</summary>
public abstract class ScanningOpenApiTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task OpenApi_DescribesEveryScanningSurface()
    {
        var (status, document) = await Host.Client().GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var path in new[]
        {
            "/api/v1/organizers/{organizer}/devices", "/api/v1/organizers/{organizer}/devices/{id}", "/api/v1/organizers/{organizer}/scans",
            "/scanner/me", "/scanner/device", "/scanner/events", "/scanner/events/{slug}/snapshot", "/scanner/events/{slug}/tickets", "/scanner/tickets", "/scanner/search",
            "/scanner/tickets/{identifier}", "/scanner/events/{slug}/tickets/{identifier}/redemption", "/scanner/tickets/{identifier}/redemption",
            "/scanner/redemption_attempts", "/api/venue/{venue_id}/tickets/items/verify", "/api/venue/{venue_id}/tickets/items/histories",
            "/tickets/{ticket_id}/scan",
        })
        {
            Assert.True(paths.Contains(path), $"{path} missing from {string.Join(", ", paths.Order())}");
        }

        Assert.DoesNotContain("/scanner/me.json", paths);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ScanningOpenApiSqliteTests(SqliteHost host) : ScanningOpenApiTests(host);
