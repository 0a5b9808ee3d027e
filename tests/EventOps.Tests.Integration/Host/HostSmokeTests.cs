using System.Net;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Host;

public abstract class HostSmokeTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task Health_AnswersOk()
    {
        var response = await Host.Client().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task LoginPage_DocsAndOpenApi_AreServed()
    {
        var client = Host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/")).StatusCode);
        var (status, document) = await client.GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/tickets/{sale_id}", paths);
        Assert.Contains("/api/v1/organizers/{organizer}/events/{event}/orders", paths);
        Assert.NotNull(document["paths"]!["/api/tickets/{sale_id}"]!["patch"]!["requestBody"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HostSmokeSqliteTests(SqliteHost host) : HostSmokeTests(host);

[Collection(PostgresCollection.Name)]
public sealed class HostSmokePostgresTests(PostgresHost host) : HostSmokeTests(host);
