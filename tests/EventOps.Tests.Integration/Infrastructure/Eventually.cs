using System.Diagnostics;
using System.Net;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>
/// Bounded polling on the wall clock for what the Host promises "within a second" (a revoked token: found tokens are
/// cached for Auth:TokenCacheLifetime), never a sleep of a guessed length.
/// </summary>
public static class Eventually
{
    public static async Task<HttpStatusCode> StatusAsync(Func<Task<HttpStatusCode>> request, HttpStatusCode expected, double withinSeconds = 3)
    {
        var clock = Stopwatch.StartNew();
        var status = await request();
        while (status != expected && clock.Elapsed < TimeSpan.FromSeconds(withinSeconds))
        {
            await Task.Delay(50);
            status = await request();
        }

        return status;
    }
}
