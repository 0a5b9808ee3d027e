using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace EventOps.Shared.Auth;

public enum TokenKind
{
    Api,
    Device,
}

/// <summary>Who a presented token belongs to, as the module that issued it knows it.</summary>
public sealed record TokenIdentity(
    long TokenId,
    TokenKind Kind,
    long OrganizerId,
    string OrganizerSlug,
    bool CanWrite,
    string Name,
    long? DeviceId = null,
    Guid? DeviceUuid = null,
    long? EventId = null,
    long? CheckinListId = null);

/// <summary>A module that issues tokens (API tokens in Sales, device tokens in Scanning) answers for their hashes.</summary>
public interface ITokenStore
{
    ValueTask<TokenIdentity?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken);
}

public static class SecretTokens
{
    /// <summary>32 random bytes (256 bits) from the OS CSPRNG, URL-safe, with a readable prefix.</summary>
    public static string Generate(string prefix) =>
        prefix + "_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Tokens carry 256 random bits, so a fast unsalted SHA-256 is as safe as a slow hash here and keeps
    /// authentication off the hot path's CPU budget.
    /// </summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class ApiClaims
{
    public const string Scheme = "Token";
    public const string OrganizerId = "eventops:organizer_id";
    public const string OrganizerSlug = "eventops:organizer";
    public const string TokenId = "eventops:token_id";
    public const string TokenKind = "eventops:token_kind";
    public const string CanWrite = "eventops:write";
    public const string DeviceId = "eventops:device_id";
    public const string DeviceUuid = "eventops:device_uuid";
    public const string EventId = "eventops:event_id";
    public const string CheckinListId = "eventops:checkin_list_id";

    public const string ReadPolicy = "api:read";
    public const string WritePolicy = "api:write";
    public const string ManagePolicy = "api:manage";

    public static ClaimsPrincipal ToPrincipal(TokenIdentity identity)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, identity.Name),
            new(OrganizerId, identity.OrganizerId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(OrganizerSlug, identity.OrganizerSlug),
            new(TokenId, identity.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(TokenKind, identity.Kind.ToString()),
            new(CanWrite, identity.CanWrite ? "true" : "false"),
        };
        if (identity.DeviceId is { } deviceId)
        {
            claims.Add(new Claim(DeviceId, deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (identity.DeviceUuid is { } deviceUuid)
        {
            claims.Add(new Claim(DeviceUuid, deviceUuid.ToString()));
        }

        if (identity.EventId is { } eventId)
        {
            claims.Add(new Claim(EventId, eventId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (identity.CheckinListId is { } listId)
        {
            claims.Add(new Claim(CheckinListId, listId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }
}

/// <summary>The caller of an API request, read from the token's claims.</summary>
public static class CallerExtensions
{
    public static bool IsApiCaller(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == ApiClaims.OrganizerId);

    public static long OrganizerId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ApiClaims.OrganizerId) ?? throw new InvalidOperationException("Not an API caller."), System.Globalization.CultureInfo.InvariantCulture);

    public static string OrganizerSlug(this ClaimsPrincipal user) => user.FindFirstValue(ApiClaims.OrganizerSlug) ?? string.Empty;

    public static bool CanWrite(this ClaimsPrincipal user) => user.FindFirstValue(ApiClaims.CanWrite) == "true";

    public static bool IsDevice(this ClaimsPrincipal user) => user.FindFirstValue(ApiClaims.TokenKind) == nameof(TokenKind.Device);

    public static long? DeviceId(this ClaimsPrincipal user) => OptionalLong(user, ApiClaims.DeviceId);

    public static long? TokenId(this ClaimsPrincipal user) => OptionalLong(user, ApiClaims.TokenId);

    public static string ActorName(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static long? OptionalLong(ClaimsPrincipal user, string type) =>
        user.FindFirstValue(type) is { } value ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
