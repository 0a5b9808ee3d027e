using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EventOps.Shared.Http;

/// <summary>What the edge refused before the endpoint ran: a field (body property, query or route parameter; null for
/// the body as a whole), a message, and whether the body was not JSON at all.</summary>
public sealed record BadInput(string? Field, string Message, bool NotJson = false);

/// <summary>
/// Endpoint metadata: how a surface answers input the edge refuses (text that is not Unicode, NUL characters, a body
/// not declared JSON), so every endpoint is guarded once, in the Host, and still answers in its own document's shape.
/// The most specific metadata wins: a surface's group overrides the API-wide default.
/// </summary>
public sealed class BadInputShape(Func<BadInput, IResult> answer)
{
    private const string NotJsonMessage = "The request body must be JSON, declared as Content-Type: application/json.";

    public IResult Answer(BadInput input) => answer(input);

    /// <summary>RFC 9457: a validation problem (400), or 415 for a body not declared JSON.</summary>
    public static BadInputShape Problem { get; } = new(input => input.NotJson
        ? Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: NotJsonMessage)
        : Results.ValidationProblem(new Dictionary<string, string[]> { [input.Field ?? "body"] = [input.Message] }));

    /// <summary>pretix / Django REST framework: 400 <c>{field: [message]}</c>, 415 <c>{"detail": …}</c>.</summary>
    public static BadInputShape Pretix { get; } = new(input => input.NotJson
        ? Results.Json(new OrganizerApi.Detail(NotJsonMessage), statusCode: StatusCodes.Status415UnsupportedMediaType)
        : OrganizerApi.Invalid(input.Field ?? "non_field_errors", input.Message));

    /// <summary>
    /// Seed 001 (Laravel): every refused input is 422 <c>{"message": "The given data was invalid.", "errors": {field:
    /// [message]}}</c> in the endpoint's own words; a body that cannot be read (not JSON, not UTF-8) leaves no valid
    /// action, as the endpoint answers unparseable JSON.
    /// </summary>
    public static BadInputShape Laravel { get; } = new(input =>
    {
        var (field, message) = input switch
        {
            { NotJson: true } or { Field: null or "action" } => ("action", "The selected action is invalid."),
            { Message: EdgeInput.HasNul } => (input.Field, $"The {input.Field} field must not contain null characters."),
            _ => (input.Field, $"The {input.Field} field must be valid UTF-8 text."),
        };
        return Results.Json(new { message = "The given data was invalid.", errors = new Dictionary<string, string[]> { [field] = [message] } },
            statusCode: StatusCodes.Status422UnprocessableEntity);
    });

    /// <summary>Seed 004 (Usetix): <c>{"error": …}</c>, 400 or 415.</summary>
    public static BadInputShape Usetix { get; } = new(input => Results.Json(
        new { error = input.NotJson ? NotJsonMessage : input.Field is null ? input.Message : $"{input.Field}: {input.Message}" },
        statusCode: input.NotJson ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status400BadRequest));
}

public static class BadInputShapeExtensions
{
    /// <summary>Marks endpoints as JSON APIs answering refused input in <paramref name="shape"/>.</summary>
    public static TBuilder WithBadInputShape<TBuilder>(this TBuilder builder, BadInputShape shape)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(shape);
}
