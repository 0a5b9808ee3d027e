using System.Diagnostics;
using System.Net;
using EventOps.Tests.Integration.Infrastructure;
using EventOps.Tests.Integration.Scanning;

namespace EventOps.Tests.Integration.Host;

/// <summary>
/// The Host remembers a found token for a second (Auth:TokenCacheLifetime): a token in use keeps working without a
/// lookup per request, and a revoked one is refused within that second.
/// </summary>
public abstract class TokenCacheTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task RevokedDeviceInUse_IsRefusedWithinTheCacheLifetime()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var device = await s.DeviceAsync();
        var client = s.Bearer(device.Token);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/scanner/me")).Status);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await s.S.Client.DeleteAsync($"{s.S.Base}/devices/{device.Id}/")).StatusCode);
        var revoked = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        // Bounded polling on the wall clock: the cache's lifetime is real time (one second), not the test's FakeTimeProvider.
        while (revoked.Elapsed < TimeSpan.FromSeconds(5) && status == HttpStatusCode.OK)
        {
            status = (await client.GetJsonAsync("/scanner/me")).Status;
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(revoked.Elapsed < TimeSpan.FromSeconds(2.5), $"refused after {revoked.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.RedeemAsync(Guid.NewGuid().ToString("N")[..12], client)).Status);
    }

    [Fact]
    public async Task UnknownToken_IsRefusedEveryTime()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var client = s.Bearer("eod_not-a-device");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/scanner/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/scanner/me")).Status);
        Assert.Equal(HttpStatusCode.OK, (await s.Bearer().GetJsonAsync($"{s.S.EventBase}/")).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TokenCacheSqliteTests(SqliteHost host) : TokenCacheTests(host);

[Collection(PostgresCollection.Name)]
public sealed class TokenCachePostgresTests(PostgresHost host) : TokenCacheTests(host);
