using EventOps.Shared.Auth;
using Microsoft.Extensions.Caching.Memory;

namespace EventOps.Host.Auth;

/// <summary>
/// Found token identities by token hash for a short while (Auth:TokenCacheLifetime, one second by default), so that a
/// scanner at a door authenticates without a database round trip per scan while a revoked token is still refused
/// within the lifetime, on every Host. Only hits are kept: an unknown token always reaches the stores (and the throttle).
/// </summary>
internal sealed class TokenIdentityCache(IConfiguration configuration) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public TimeSpan Lifetime { get; } = configuration.GetValue("Auth:TokenCacheLifetime", TimeSpan.FromSeconds(1));

    public TokenIdentity? Find(string tokenHash) => cache.TryGetValue(tokenHash, out TokenIdentity? identity) ? identity : null;

    public void Remember(string tokenHash, TokenIdentity identity)
    {
        if (Lifetime > TimeSpan.Zero)
        {
            cache.Set(tokenHash, identity, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        }
    }

    /// <summary>
    /// Revocations go through a DELETE (API) or a form POST (admin pages): after a successful one this Host forgets
    /// every remembered token, so it refuses a revoked token at once; other Hosts within <see cref="Lifetime"/>.
    /// </summary>
    public async Task ForgetAfterChangesAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var method = context.Request.Method;
        if (context.Response.StatusCode is >= 200 and < 400
            && (HttpMethods.IsDelete(method) || (HttpMethods.IsPost(method) && !TokenAuthenticationHandler.HasToken(context.Request))))
        {
            cache.Clear();
        }
    }

    public void Dispose() => cache.Dispose();
}
