using EventOps.Shared.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EventOps.Shared.Http;

/// <summary>The pretix-flavoured management surface: everything under <c>/api/v1/organizers/{organizer}</c>.</summary>
public static class OrganizerApi
{
    public const string Prefix = "/api/v1/organizers/{organizer}";

    public sealed record Detail(string detail);

    /// <summary>
    /// A group whose callers must hold a token of the organizer in the path. Another organizer's path is answered
    /// exactly like a missing one (404), so a token cannot probe which organizers exist.
    /// </summary>
    public static RouteGroupBuilder MapOrganizerGroup(this IEndpointRouteBuilder endpoints, string path, string tag)
    {
        var group = endpoints.MapGroup(Prefix + path).WithTags(tag).RequireAuthorization(ApiClaims.ReadPolicy).WithBadInputShape(BadInputShape.Pretix);
        group.AddEndpointFilter(async (context, next) =>
        {
            var organizer = context.HttpContext.GetRouteValue("organizer") as string;
            return string.Equals(organizer, context.HttpContext.User.OrganizerSlug(), StringComparison.Ordinal)
                ? await next(context)
                : NotFound();
        });
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    public static IResult NotFound() => Results.Json(new Detail("Not found."), statusCode: StatusCodes.Status404NotFound);

    public static IResult Invalid(string field, string message) =>
        Results.Json(new Dictionary<string, string[]> { [field] = [message] }, statusCode: StatusCodes.Status400BadRequest);

    public static IResult Invalid(Dictionary<string, List<string>> errors) => Results.Json(errors, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotJson() => Invalid("non_field_errors", "Invalid input: the body must be a JSON object.");

    /// <summary>
    /// The shape of every write of the management API: the target (null: 404), the body (not a JSON object: 400), the
    /// rule (which may refuse outright, or add field errors: 400 with them), then the save.
    /// </summary>
    public static async Task<IResult> WriteAsync<T>(
        HttpContext context, T? target, Func<JsonFields, T, Task<IResult?>> apply, Func<T, Task<IResult>> save, CancellationToken cancellationToken)
        where T : class
    {
        if (target is null)
        {
            return NotFound();
        }

        var (fields, document) = await JsonFields.ReadAsync(context.Request.Body, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return NotJson();
        }

        if (await apply(fields, target) is { } refused)
        {
            return refused;
        }

        return fields.IsValid ? await save(target) : Invalid(fields.Errors);
    }

    /// <summary>For <see cref="WriteAsync{T}"/>'s rule: nothing refused outright, go on.</summary>
    public static readonly Task<IResult?> Proceed = Task.FromResult<IResult?>(null);

    public static IResult BadPage(string message) => Results.Json(new Detail(message), statusCode: StatusCodes.Status404NotFound);

    /// <summary>Write endpoints of the group: a read token is refused with 403.</summary>
    public static TBuilder RequiresWrite<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(ApiClaims.WritePolicy);

    /// <summary>Management endpoints: API tokens with write permission only; device tokens get 403.</summary>
    public static TBuilder RequiresManage<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(ApiClaims.ManagePolicy);

    public static string Money(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
