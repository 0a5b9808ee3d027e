using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Sales.SaleActions;

/// <summary>Seed 001: <c>PATCH /api/tickets/{sale_id}</c>, Laravel-style answers to the letter.</summary>
internal static class SaleActionsEndpoint
{
    public const int MaxNameLength = 255;

    public sealed record SaleActionRequest(string Action, string? Name, string? Email);

    public sealed record SaleActionData(long Id, string Status);

    public sealed record SaleActionResponse(SaleActionData Data);

    public sealed record ValidationErrorResponse(string Message, Dictionary<string, string[]> Errors);

    public sealed record UnauthorizedResponse(string Error);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPatch("/api/tickets/{sale_id}", HandleAsync)
            .WithName("SaleAction")
            .WithTags("Sale actions (001)")
            .WithSummary("Change a sale's status (mark_paid, mark_unpaid, refund, cancel, delete, mark_used, mark_unused) and holder info.")
            .AcceptsJson<SaleActionRequest>()
            .WithBadInputShape(BadInputShape.Laravel)
            .Produces<SaleActionResponse>()
            .Produces<UnauthorizedResponse>(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound)
            .Produces<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> HandleAsync(
        string sale_id, HttpContext context, SalesDbContext db, SaleStatusChanger changer, ISender sender, ILogger<SaleStatusChanger> logger, CancellationToken cancellationToken)
    {
        var user = context.User;
        if (!user.IsApiCaller() || user.IsDevice() || !user.CanWrite())
        {
            return Unauthorized();
        }

        var organizerId = user.OrganizerId();
        var sale = await FindAsync(db, sale_id, organizerId, cancellationToken);
        if (sale is null)
        {
            return Results.NotFound(new { message = "Not found." });
        }

        if (sale.Value.OrganizerId != organizerId)
        {
            return Unauthorized();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = await ReadAsync(context.Request, errors, cancellationToken);
        if (request is null)
        {
            return Results.Json(new ValidationErrorResponse("The given data was invalid.", errors), statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if (request.Value.Trigger is SaleTrigger.MarkUsed or SaleTrigger.MarkUnused
            && await MarkUsedAction.ApplyAsync(sender, organizerId, sale.Value.Id, request.Value.Trigger == SaleTrigger.MarkUsed, user.ActorName(), cancellationToken) is { } refusal)
        {
            // Seed 001 answers an action that does not apply with 200 and the unchanged sale; the engine refused
            // every ticket (refunded, unpaid, voided), so nothing was checked in and nothing else changes.
            logger.LogInformation("mark_used on sale {SaleId} checked nothing in: {Reason}", sale.Value.Id, refusal);
            var unchanged = await db.Sales.AsNoTracking().Where(s => s.Id == sale.Value.Id).Select(s => s.Status).SingleAsync(cancellationToken);
            return Results.Ok(new SaleActionResponse(new SaleActionData(sale.Value.Id, unchanged.Wire())));
        }

        var result = await changer.FireAsync(sale.Value.Id, request.Value.Trigger, user.ActorName(), new HolderUpdate(request.Value.Name, request.Value.Email), cancellationToken);
        if (result?.Refusal is { } full)
        {
            return Results.Json(
                new ValidationErrorResponse("The given data was invalid.", new Dictionary<string, string[]> { ["action"] = [full] }),
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        return result is null
            ? Results.NotFound(new { message = "Not found." })
            : Results.Ok(new SaleActionResponse(new SaleActionData(result.SaleId, result.Status.Wire())));
    }

    private static IResult Unauthorized() => Results.Json(new UnauthorizedResponse("Unauthorized"), statusCode: StatusCodes.Status403Forbidden);

    /// <summary>By integer id anywhere (so another organizer's sale can be told apart as 403), else by code.</summary>
    private static async Task<(long Id, long OrganizerId)?> FindAsync(SalesDbContext db, string saleId, long organizerId, CancellationToken cancellationToken)
    {
        if (long.TryParse(saleId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            var byId = await db.Sales.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Id, s.OrganizerId }).SingleOrDefaultAsync(cancellationToken);
            if (byId is not null)
            {
                return (byId.Id, byId.OrganizerId);
            }
        }

        if (saleId.Length > 16)
        {
            return null;
        }

        var byCode = await db.Sales.AsNoTracking().Where(s => s.Code == saleId)
            .OrderBy(s => s.OrganizerId == organizerId ? 0 : 1)
            .Select(s => new { s.Id, s.OrganizerId })
            .FirstOrDefaultAsync(cancellationToken);
        return byCode is null ? null : (byCode.Id, byCode.OrganizerId);
    }

    private static async Task<(SaleTrigger Trigger, string? Name, string? Email)?> ReadAsync(
        HttpRequest request, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            errors["action"] = ["The selected action is invalid."];
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors["action"] = ["The selected action is invalid."];
                return null;
            }

            SaleTrigger trigger = default;
            if (!root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String || !SaleWords.TryParseAction(action.GetString(), out trigger))
            {
                errors["action"] = ["The selected action is invalid."];
            }

            var name = ReadString(root, "name", errors);
            if (name is not null && name.Length > MaxNameLength)
            {
                errors["name"] = [$"The name field must not be greater than {MaxNameLength} characters."];
            }

            var email = ReadString(root, "email", errors);
            if (email is not null && (email.Length > MaxNameLength || !IsEmail(email)))
            {
                errors["email"] = ["The email field must be a valid email address."];
            }

            return errors.Count > 0 ? null : (trigger, name, email);
        }
    }

    private static string? ReadString(JsonElement root, string field, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"The {field} field must be a string."];
            return null;
        }

        var text = value.GetString()!;
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            errors[field] = [$"The {field} field must not contain null characters."];
            return null;
        }

        return text;
    }

    private static readonly EmailAddressAttribute EmailAttribute = new();

    public static bool IsEmail(string email) =>
        EmailAttribute.IsValid(email) && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !email.Any(char.IsWhiteSpace);
}
