using System.Threading.RateLimiting;
using EventOps.Host.Startup;

namespace EventOps.Host.Auth;

/// <summary>
/// Login posts per account and client address together: a box office team behind one NAT logs in at the start of a
/// shift without waiting for each other, while one account guessed at from one address is slowed down (and Identity's
/// lockout stops it after five failures). The per-address ceiling against spraying many accounts is the "login" rate
/// limiting policy in Program.cs.
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> attempts;

    public LoginThrottle(IConfiguration configuration)
    {
        var limit = configuration.GetValue("RateLimits:LoginPerMinute", 10);
        attempts = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public const int RetryAfterSeconds = 60;

    /// <summary>False when this account has used up its attempts from this address for the minute.</summary>
    public bool TryAcquire(HttpContext context, string? email)
    {
        var account = (email ?? string.Empty).Trim().ToUpperInvariant();
        using var lease = attempts.AttemptAcquire($"{AuthThrottle.Address(context)}|{account}");
        return lease.IsAcquired;
    }

    public void Dispose() => attempts.Dispose();
}
