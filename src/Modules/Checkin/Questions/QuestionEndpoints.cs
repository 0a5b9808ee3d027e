using System.Security.Cryptography;
using System.Text.Json;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Lists;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using static EventOps.Modules.Checkin.Redeem.RedeemEndpoint;

namespace EventOps.Modules.Checkin.Questions;

/// <summary>
/// A small pretix-style questions API, so that check-in questions (seed 003 <c>incomplete</c>) can be set up:
/// text, boolean or one-of-options, required or not, for some products.
/// </summary>
internal static class QuestionEndpoints
{
    public sealed record OptionInput(string Answer);

    public sealed record QuestionRequest(string Question, string Type, bool? Required, IReadOnlyList<long> Items, int? Position, bool? AskDuringCheckin, IReadOnlyList<OptionInput>? Options);

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ3456789";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var questions = endpoints.MapOrganizerGroup("/events/{event}/questions", "Questions");
        questions.MapGet("/", ListAsync).WithName("ListQuestions").WithSummary("List an event's questions.").Produces<Page<QuestionDto>>();
        questions.MapGet("/{id}/", GetAsync).WithName("GetQuestion").WithSummary("Retrieve a question.").Produces<QuestionDto>().Produces(StatusCodes.Status404NotFound);
        questions.MapPost("/", CreateAsync).WithName("CreateQuestion").WithSummary("Create a question.")
            .AcceptsJson<QuestionRequest>().Produces<QuestionDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
    }

    public static QuestionDto ToDto(Question q) => new(
        q.Id, new Dictionary<string, string> { ["en"] = q.Text }, q.Type, q.Required, q.Products, q.Position, q.Identifier, q.AskDuringCheckin,
        [.. q.Options.OrderBy(o => o.Position).Select(o => new OptionDto(o.Id, o.Identifier, o.Position, new Dictionary<string, string> { ["en"] = o.Answer }))]);

    private static async Task<IResult> ListAsync(string @event, HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        var query = db.Questions.AsNoTracking().Where(q => q.EventId == found.Id);
        var count = await query.CountAsync(cancellationToken);
        var rows = await query.Include(q => q.Options).OrderBy(q => q.Position).ThenBy(q => q.Id).Skip(page.Skip).Take(page.Size).ToListAsync(cancellationToken);
        return Results.Ok(page.ToPage(context.Request, count, rows.Select(ToDto).ToList()));
    }

    private static async Task<IResult> GetAsync(string @event, string id, HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        if (found is null || !CheckinApi.TryParseId(id, out var questionId))
        {
            return OrganizerApi.NotFound();
        }

        var question = await db.Questions.AsNoTracking().Include(q => q.Options).SingleOrDefaultAsync(q => q.Id == questionId && q.EventId == found.Id, cancellationToken);
        return question is null ? OrganizerApi.NotFound() : Results.Ok(ToDto(question));
    }

    private static async Task<IResult> CreateAsync(string @event, HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        var (fields, document) = await JsonFields.ReadAsync(context.Request.Body, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return OrganizerApi.NotJson();
        }

        var question = Build(fields, found);
        if (!fields.IsValid)
        {
            return OrganizerApi.Invalid(fields.Errors);
        }

        db.Questions.Add(question);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Created($"{context.Request.Path}{question.Id}/", ToDto(question));
    }

    /// <summary>A question of the event from the API's JSON, its errors added to <paramref name="fields"/>: the API and the admin form both call it.</summary>
    internal static Question Build(JsonFields fields, EventInfo found)
    {
        var text = ReadText(fields);
        var type = fields.Text("type", required: true, maxLength: 1);
        if (type is not null && !QuestionTypes.IsValid(type))
        {
            fields.Add("type", $"\"{type}\" is not a valid choice.");
        }

        var products = new List<long>();
        if (!fields.Root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            fields.Add("items", items.ValueKind == JsonValueKind.Undefined ? "This field is required." : "Expected a list of items.");
        }
        else
        {
            var known = found.Products.Select(p => p.Id).ToHashSet();
            foreach (var item in items.EnumerateArray())
            {
                if (fields.NumberOf("items", item, min: 1) is { } productId)
                {
                    if (known.Contains(productId))
                    {
                        products.Add(productId);
                    }
                    else
                    {
                        fields.Add("items", $"Invalid pk \"{productId}\" - object does not exist.");
                    }
                }
            }
        }

        var options = new List<QuestionOption>();
        if (fields.Root.TryGetProperty("options", out var optionArray) && optionArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var option in optionArray.EnumerateArray())
            {
                var answer = option.ValueKind == JsonValueKind.String ? option.GetString()
                    : option.ValueKind == JsonValueKind.Object ? ReadText(JsonFields.Of(option), "answer") : null;
                if (string.IsNullOrWhiteSpace(answer) || answer.Length > 200)
                {
                    fields.Add("options", "Each option needs an answer of at most 200 characters.");
                    continue;
                }

                options.Add(new QuestionOption { Answer = answer, Identifier = NewIdentifier(), Position = options.Count });
            }
        }
        else if (fields.Has("options") && optionArray.ValueKind != JsonValueKind.Null)
        {
            fields.Add("options", "Expected a list of items.");
        }

        if (type == QuestionTypes.Choice && options.Count == 0)
        {
            fields.Add("options", "A choice question needs options.");
        }

        var position = fields.Number("position", min: 0, max: 10_000) ?? 0;
        var question = new Question
        {
            OrganizerId = found.OrganizerId,
            EventId = found.Id,
            Text = text ?? string.Empty,
            Type = type ?? QuestionTypes.Text,
            Required = fields.Flag("required") ?? false,
            Products = products,
            Position = (int)position,
            Identifier = NewIdentifier(),
            AskDuringCheckin = fields.Flag("ask_during_checkin") ?? true,
            Options = type == QuestionTypes.Choice ? options : [],
        };
        return question;
    }

    /// <summary>pretix sends texts as <c>{"en": "..."}</c>; a plain string is accepted too.</summary>
    private static string? ReadText(JsonFields fields, string name = "question")
    {
        if (fields.Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            var first = value.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.String);
            var text = first.ValueKind == JsonValueKind.String ? first.GetString() : null;
            if (string.IsNullOrWhiteSpace(text) || text.Length > 500)
            {
                fields.Add(name, "This field may not be blank.");
                return null;
            }

            return text;
        }

        return fields.Text(name, required: true, maxLength: 500);
    }

    private static string NewIdentifier() => new([.. Enumerable.Range(0, 8).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)])]);
}
