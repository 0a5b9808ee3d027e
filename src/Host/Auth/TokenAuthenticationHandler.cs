using System.Text.Encodings.Web;
using EventOps.Host.Startup;
using EventOps.Shared.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventOps.Host.Auth;

/// <summary>
/// Accepts a token in any header a seed document names: <c>Authorization: Token …</c> (pretix, Showpass),
/// <c>Authorization: Bearer …</c> (Tickable, Usetix) and <c>X-API-Key: …</c> (seed 001), and asks each module
/// that issues tokens whether it knows the token's hash. A known hash is remembered for a second
/// (<see cref="TokenIdentityCache"/>): the stores, and their DbContexts, are only resolved on a miss.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenIdentityCache cache, AuthThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string ThrottledItem = "eventops:auth-throttled";

    /// <summary>The Authorization schemes the seed documents name; RFC 7235 makes scheme names case-insensitive.</summary>
    private static readonly string[] Schemes = ["Token", "Bearer"];

    /// <summary>
    /// Whether the request carries a token under a named scheme: then it is judged by the token alone. Another scheme
    /// (a proxy's Basic login in front of the admin) leaves the admin to its cookie, and API endpoints, which always ask
    /// this handler, refuse it.
    /// </summary>
    public static bool HasToken(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyHeader) || (request.Headers.Authorization.ToString() is { Length: > 0 } value
            && Schemes.Any(s => value.StartsWith(s + " ", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The token, or null when none was sent; <paramref name="refused"/> when one was sent under a scheme no document names.</summary>
    private static string? ReadToken(HttpRequest request, out bool refused)
    {
        refused = false;
        if (request.Headers.TryGetValue(ApiKeyHeader, out var apiKey))
        {
            return apiKey.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString().Trim();
        if (authorization.Length == 0)
        {
            return null;
        }

        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space > 0 ? authorization[..space] : authorization;
        if (!Schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase))
        {
            refused = true;
            return null;
        }

        return authorization[(space + 1)..].Trim();
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request, out var refused);
        if (refused)
        {
            return AuthenticateResult.Fail("Unsupported authorization scheme: use Token, Bearer or the X-API-Key header.");
        }

        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        if (throttle.IsBlocked(Context))
        {
            Context.Items[ThrottledItem] = true;
            return AuthenticateResult.Fail("Too many failed authentications.");
        }

        if (token.Length > 200)
        {
            throttle.RecordFailure(Context);
            return AuthenticateResult.Fail("Invalid token.");
        }

        var hash = SecretTokens.Hash(token);
        if (cache.Find(hash) is { } cached)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(ApiClaims.ToPrincipal(cached), Scheme.Name));
        }

        foreach (var store in Context.RequestServices.GetServices<ITokenStore>())
        {
            if (await store.FindByHashAsync(hash, Context.RequestAborted) is { } identity)
            {
                cache.Remember(hash, identity);
                return AuthenticateResult.Success(new AuthenticationTicket(ApiClaims.ToPrincipal(identity), Scheme.Name));
            }
        }

        throttle.RecordFailure(Context);
        return AuthenticateResult.Fail("Invalid token.");
    }

    /// <summary>Runs after authentication: an address that used up its failed attempts gets 429 on every surface.</summary>
    public static async Task RejectThrottledAsync(HttpContext context, Func<Task> next)
    {
        if (context.Items.ContainsKey(ThrottledItem))
        {
            var throttle = context.RequestServices.GetRequiredService<AuthThrottle>();
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((int)throttle.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(new { detail = "Request was throttled: too many failed authentications." });
            return;
        }

        await next();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Token";
        var detail = result.Failure is null ? "Authentication credentials were not provided." : "Invalid token.";
        await Response.WriteAsJsonAsync(new { detail });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new { detail = "You do not have permission to perform this action." });
    }
}
