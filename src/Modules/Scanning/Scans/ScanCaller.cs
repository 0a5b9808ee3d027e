using System.Globalization;
using System.Security.Claims;
using EventOps.Shared.Auth;

namespace EventOps.Modules.Scanning.Scans;

/// <summary>Who is scanning: an API token or a paired device, with the device's event and list limits.</summary>
internal sealed record ScanCaller(
    long OrganizerId, bool IsDevice, long? DeviceId, long? TokenId, string Actor, bool CanWrite, long? EventId, long? CheckinListId)
{
    /// <summary>The idempotency scope of offline attempts (seed 004: "per actor and client_id").</summary>
    public string ActorKey => IsDevice ? $"device:{DeviceId}" : $"token:{TokenId}";

    public static ScanCaller From(ClaimsPrincipal user) => new(
        user.OrganizerId(),
        user.IsDevice(),
        user.DeviceId(),
        user.TokenId(),
        user.ActorName(),
        user.CanWrite(),
        Optional(user, ApiClaims.EventId),
        Optional(user, ApiClaims.CheckinListId));

    /// <summary>The same caller scanning on behalf of a device named in the request (Tickable <c>scanner_id</c>).</summary>
    public ScanCaller OnDevice(Domain.ScannerDevice device) =>
        this with { DeviceId = device.Id, EventId = device.EventId, CheckinListId = device.CheckinListId };

    private static long? Optional(ClaimsPrincipal user, string type) =>
        user.FindFirstValue(type) is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : null;
}
