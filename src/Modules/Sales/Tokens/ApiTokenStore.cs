using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Auth;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Tokens;

/// <summary>Answers the Host's token authentication for organizer API tokens.</summary>
internal sealed class ApiTokenStore(SalesDbContext db) : ITokenStore
{
    public const string Prefix = "eo";

    public static (ApiToken Token, string Value) Issue(long organizerId, string description, bool canWrite, DateTimeOffset now)
    {
        var value = SecretTokens.Generate(Prefix);
        return (new ApiToken { OrganizerId = organizerId, Description = description, CanWrite = canWrite, TokenHash = SecretTokens.Hash(value), CreatedAt = now }, value);
    }

    public async ValueTask<TokenIdentity?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == tokenHash && t.RevokedAt == null)
            .Select(t => new TokenIdentity(t.Id, TokenKind.Api, t.OrganizerId, t.Organizer!.Slug, t.CanWrite, "token:" + t.Description, null, null, null, null))
            .SingleOrDefaultAsync(cancellationToken);
}
