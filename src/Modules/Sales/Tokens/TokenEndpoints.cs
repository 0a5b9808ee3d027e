using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Tokens;

/// <summary>Organizer API tokens: stored as hashes, the value shown once by POST.</summary>
internal static class TokenEndpoints
{
    public sealed record TokenDto(long Id, string Description, string Permission, DateTimeOffset Created, bool Active);

    public sealed record CreatedTokenDto(long Id, string Description, string Permission, DateTimeOffset Created, bool Active, string Token);

    public sealed record TokenRequest(string Description, string Permission);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var tokens = endpoints.MapOrganizerGroup("/tokens", "API tokens").RequiresManage().RequiresWrite();
        tokens.MapGet("/", ListAsync).WithName("ListTokens").WithSummary("List API tokens (never their values).").Produces<Page<TokenDto>>();
        tokens.MapPost("/", CreateAsync).WithName("CreateToken").WithSummary("Create an API token; the value is in this response only.")
            .AcceptsJson<TokenRequest>().Produces<CreatedTokenDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        tokens.MapDelete("/{id}/", RevokeAsync).WithName("RevokeToken").WithSummary("Revoke an API token.").Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var organizerId = context.User.OrganizerId();
        var query = db.ApiTokens.AsNoTracking().Where(t => t.OrganizerId == organizerId);
        var count = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(t => t.Id).Skip(page.Skip).Take(page.Size)
            .Select(t => new TokenDto(t.Id, t.Description, t.CanWrite ? "write" : "read", t.CreatedAt, t.RevokedAt == null))
            .ToListAsync(cancellationToken);
        return Results.Ok(page.ToPage(context.Request, count, rows));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SalesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (fields, document) = await JsonFields.ReadAsync(context.Request.Body, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return OrganizerApi.NotJson();
        }

        var description = fields.Text("description", required: true);
        var permission = fields.Text("permission") ?? "read";
        if (permission is not ("read" or "write"))
        {
            fields.Add("permission", $"\"{permission}\" is not a valid choice.");
        }

        if (!fields.IsValid)
        {
            return OrganizerApi.Invalid(fields.Errors);
        }

        var (token, value) = ApiTokenStore.Issue(context.User.OrganizerId(), description!, permission == "write", clock.GetUtcNow());
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Created(
            $"{context.Request.Path}{token.Id}/",
            new CreatedTokenDto(token.Id, token.Description, token.Permission, token.CreatedAt, Active: true, value));
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext context, SalesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, out var tokenId))
        {
            return OrganizerApi.NotFound();
        }

        var organizerId = context.User.OrganizerId();
        var now = clock.GetUtcNow();
        var revoked = await db.ApiTokens
            .Where(t => t.Id == tokenId && t.OrganizerId == organizerId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        return revoked == 1 ? Results.NoContent() : OrganizerApi.NotFound();
    }
}
