using EventOps.Modules.Scanning.Domain;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Auth;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Devices;

/// <summary>
/// Answers the Host's token authentication for scanner device tokens. The store itself keeps nothing; the Host
/// remembers found identities for Auth:TokenCacheLifetime, so a revoked device is refused at once by the revoking
/// Host and within that lifetime (one second) by the others.
/// </summary>
internal sealed class DeviceTokenStore(ScanningDbContext db, TimeProvider clock) : ITokenStore
{
    public const string Prefix = "eod";

    /// <summary>last_used is informational; writing it at most once a minute keeps authentication read-only on the hot path.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public static (ScannerDevice Device, string Token) Issue(long organizerId, string organizerSlug, string name, long? eventId, long? checkinListId, DateTimeOffset now)
    {
        var token = SecretTokens.Generate(Prefix);
        return (new ScannerDevice
        {
            Uuid = Guid.NewGuid(),
            OrganizerId = organizerId,
            OrganizerSlug = organizerSlug,
            Name = name,
            EventId = eventId,
            CheckinListId = checkinListId,
            TokenHash = SecretTokens.Hash(token),
            CreatedAt = now,
        }, token);
    }

    public async ValueTask<TokenIdentity?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var device = await db.Devices.AsNoTracking()
            .Where(d => d.TokenHash == tokenHash && d.RevokedAt == null)
            .Select(d => new { d.Id, d.Uuid, d.OrganizerId, d.OrganizerSlug, d.Name, d.EventId, d.CheckinListId, d.LastUsedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (device is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (device.LastUsedAt is null || now - device.LastUsedAt >= LastUsedResolution)
        {
            var stale = now - LastUsedResolution;
            await db.Devices.Where(d => d.Id == device.Id && (d.LastUsedAt == null || d.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastUsedAt, now), cancellationToken);
        }

        return new TokenIdentity(
            device.Id, TokenKind.Device, device.OrganizerId, device.OrganizerSlug, CanWrite: true, "device:" + device.Name,
            device.Id, device.Uuid, device.EventId, device.CheckinListId);
    }
}
