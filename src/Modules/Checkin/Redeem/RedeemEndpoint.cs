using System.Text.Json;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Positions;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EventOps.Modules.Checkin.Redeem;

/// <summary>Seed 003: <c>positions/{id or secret}/redeem/</c>, the pretix check-in call, onto the one engine.</summary>
internal static class RedeemEndpoint
{
    public const string Surface = "pretix";

    public sealed record RedeemRequest(
        bool? QuestionsSupported, bool? CanceledSupported, DateTimeOffset? Datetime, bool? Force, bool? IgnoreUnpaid, string? Nonce, string? Type,
        IReadOnlyDictionary<string, string>? Answers);

    public sealed record OptionDto(long Id, string Identifier, int Position, IReadOnlyDictionary<string, string> Answer);

    public sealed record QuestionDto(
        long Id, IReadOnlyDictionary<string, string> Question, string Type, bool Required, IReadOnlyList<long> Items, int Position, string Identifier,
        bool AskDuringCheckin, IReadOnlyList<OptionDto> Options);

    public sealed record RedeemResponse(string Status, string? Reason, string? ReasonExplanation, bool RequireAttention, PositionDto? Position, IReadOnlyList<QuestionDto>? Questions);

    public static void Map(RouteGroupBuilder lists)
    {
        lists.MapPost("/{list}/positions/{id}/redeem/", HandleAsync).WithName("RedeemCheckinPosition")
            .WithSummary("Check a ticket in (or out) on this list: ok (201), incomplete or error (400), unknown ticket or list (404).")
            .AcceptsJson<RedeemRequest>()
            .Produces<RedeemResponse>(StatusCodes.Status201Created)
            .Produces<RedeemResponse>(StatusCodes.Status400BadRequest)
            .Produces<RedeemResponse>(StatusCodes.Status404NotFound)
            .RequiresWrite().AtTheDoor();
    }

    private static async Task<IResult> HandleAsync(string @event, string list, string id, HttpContext context, RedeemEngine engine, CancellationToken cancellationToken)
    {
        var user = context.User;
        if (!Lists.CheckinApi.TryParseId(list, out var listId) || (Lists.CheckinApi.DeviceListId(user) is { } only && only != listId))
        {
            return OrganizerApi.NotFound();
        }

        var request = await ReadAsync(context.Request, cancellationToken);
        if (request.Errors is { } errors)
        {
            return OrganizerApi.Invalid(errors);
        }

        var body = request.Body;
        var kind = Lists.CheckinApi.TryParseId(id, out _) ? TicketIdentifierKind.Id : TicketIdentifierKind.Secret;
        var redeem = new RedeemTicket(
            user.OrganizerId(), id, kind, Surface, user.ActorName(),
            EventId: Lists.CheckinApi.DeviceEventId(user), CheckinListId: listId, DeviceId: user.DeviceId(), Type: body.Type, ClientTime: body.Datetime, Nonce: body.Nonce,
            Force: body.Force, IgnoreUnpaid: body.IgnoreUnpaid, QuestionsSupported: body.QuestionsSupported, CanceledSupported: body.CanceledSupported,
            Answers: body.Answers, EventSlug: @event);
        var outcome = await engine.RedeemAsync(redeem, cancellationToken);
        var result = outcome.Result;
        if (result.Ticket is not { } ticket)
        {
            // pretix answers an unknown secret with 404 and reason "invalid".
            return Results.Json(new RedeemResponse("error", RedeemReasons.Invalid, null, false, null, null), statusCode: StatusCodes.Status404NotFound);
        }

        if (outcome.List is null || result.Reason == RedeemReasons.Invalid)
        {
            return OrganizerApi.NotFound();
        }

        var position = PositionView.From(PositionView.Of(ticket), outcome.History.Where(c => c.ListId == outcome.List.Id), outcome.Answers);
        return result.Status switch
        {
            RedeemStatus.Ok => Results.Json(new RedeemResponse("ok", null, null, false, position, null), statusCode: StatusCodes.Status201Created),
            RedeemStatus.Incomplete => Results.Json(
                new RedeemResponse("incomplete", null, null, false, position, [.. outcome.Questions.Select(Questions.QuestionEndpoints.ToDto)]), statusCode: StatusCodes.Status400BadRequest),
            _ => Results.Json(new RedeemResponse("error", result.Reason, result.ReasonExplanation, false, position, null), statusCode: StatusCodes.Status400BadRequest),
        };
    }

    internal sealed record Body(
        bool QuestionsSupported, bool CanceledSupported, DateTimeOffset? Datetime, bool Force, bool IgnoreUnpaid, string? Nonce, CheckinType Type,
        Dictionary<string, string>? Answers);

    /// <summary>An empty body means all defaults (pretix); anything else must be a JSON object with well-typed fields.</summary>
    internal static async Task<(Body Body, Dictionary<string, List<string>>? Errors)> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken, Action<JsonFields>? more = null, bool bodyRequired = false)
    {
        var defaults = new Body(true, false, null, false, false, null, CheckinType.Entry, null);
        var bytes = EdgeInput.BufferedBody(request) ?? await ReadAllAsync(request, cancellationToken);
        if (!bodyRequired && bytes.AsSpan().IndexOfAnyExcept(" \n\r\t"u8) < 0)
        {
            return (defaults, null);
        }

        using var buffer = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false);
        var (fields, document) = await JsonFields.ReadAsync(buffer, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return (defaults, new Dictionary<string, List<string>> { ["non_field_errors"] = ["Invalid input: the body must be a JSON object."] });
        }

        var questionsSupported = fields.Flag("questions_supported") ?? true;
        var canceledSupported = fields.Flag("canceled_supported") ?? false;
        var datetime = fields.Instant("datetime");
        var force = fields.Flag("force") ?? false;
        var ignoreUnpaid = fields.Flag("ignore_unpaid") ?? false;
        var nonce = fields.Text("nonce", maxLength: 190);
        var type = CheckinType.Entry;
        if (fields.Text("type", maxLength: 10) is { } typeText)
        {
            if (typeText == "exit")
            {
                type = CheckinType.Exit;
            }
            else if (typeText != "entry")
            {
                fields.Add("type", $"\"{typeText}\" is not a valid choice.");
            }
        }

        Dictionary<string, string>? answers = null;
        if (fields.Root.TryGetProperty("answers", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.Object)
            {
                fields.Add("answers", "Expected a dictionary of items.");
            }
            else
            {
                answers = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in given.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.String)
                    {
                        answers[property.Name] = property.Value.GetString()!;
                    }
                    else if (property.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    {
                        answers[property.Name] = property.Value.GetRawText();
                    }
                    else
                    {
                        fields.Add("answers", $"The answer to question {property.Name} must be a string.");
                    }
                }
            }
        }

        more?.Invoke(fields);
        var body = new Body(questionsSupported, canceledSupported, datetime, force, ignoreUnpaid, nonce, type, answers);
        return fields.IsValid ? (body, null) : (body, fields.Errors);
    }

    /// <summary>A body the edge guard did not read (it reads every JSON body, so this is the fallback).</summary>
    private static async Task<ArraySegment<byte>> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
