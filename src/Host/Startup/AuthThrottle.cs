using System.Net;
using System.Threading.RateLimiting;

namespace EventOps.Host.Startup;

/// <summary>
/// Counts failed token authentications per client address. Once an address has used up its failures for the
/// window, every token it presents is refused with 429 and Retry-After until the window passes, so tokens
/// cannot be guessed at speed. Successful authentications cost nothing.
/// </summary>
internal sealed class AuthThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> failures;

    public AuthThrottle(IConfiguration configuration)
    {
        Window = TimeSpan.FromSeconds(configuration.GetValue("RateLimits:FailedAuthWindowSeconds", 60));
        var limit = configuration.GetValue("RateLimits:FailedAuthPerWindow", 30);
        failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public TimeSpan Window { get; }

    public static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.Loopback.ToString();

    public bool IsBlocked(HttpContext context) => failures.GetStatistics(Address(context))?.CurrentAvailablePermits == 0;

    public void RecordFailure(HttpContext context)
    {
        using var lease = failures.AttemptAcquire(Address(context));
    }

    public void Dispose() => failures.Dispose();
}
