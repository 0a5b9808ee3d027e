using System.Text.Json;
using System.Text.Json.Nodes;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Checkin.Questions;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Areas.Checkin.Pages;

/// <summary>
/// The questions asked at check-in for an event: list, create (through the API's own rule, fed the form as the API's
/// JSON) and delete.
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class QuestionsModel(CheckinDbContext db, ISender sender) : PageModel
{
    public sealed class QuestionInput
    {
        public string? Text { get; set; }

        public string Type { get; set; } = QuestionTypes.Text;

        public bool Required { get; set; }

        public List<long> Products { get; set; } = [];

        /// <summary>One option per line, for a choice question.</summary>
        public string? Options { get; set; }
    }

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["question"] = "Input.Text", ["type"] = "Input.Type", ["items"] = "Input.Products", ["options"] = "Input.Options",
    };

    [BindProperty(SupportsGet = true)]
    public long EventId { get; set; }

    [BindProperty]
    public QuestionInput Input { get; set; } = new();

    public EventInfo? Event { get; private set; }

    public IReadOnlyList<Question> Questions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        var options = (Input.Options ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var fields = JsonFields.Of(JsonSerializer.SerializeToElement(new JsonObject
        {
            ["question"] = Input.Text?.Trim(), ["type"] = Input.Type, ["required"] = Input.Required,
            ["items"] = new JsonArray([.. Input.Products.Select(p => (JsonNode)p)]),
            ["options"] = new JsonArray([.. options.Select(o => (JsonNode)o)]),
        }));
        var question = QuestionEndpoints.Build(fields, Event);
        if (!fields.IsValid)
        {
            foreach (var (field, messages) in fields.Errors)
            {
                messages.ForEach(m => ModelState.AddModelError(Fields.GetValueOrDefault(field, string.Empty), m));
            }

            return Page();
        }

        db.Questions.Add(question);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = "Question added.";
        return RedirectToPage(new { eventId = Event.Id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(long questionId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        var deleted = await db.Questions.Where(q => q.Id == questionId && q.EventId == Event.Id).ExecuteDeleteAsync(cancellationToken);
        TempData[deleted == 1 ? "Flash" : "FlashError"] = deleted == 1 ? "Question deleted." : "That question no longer exists.";
        return RedirectToPage(new { eventId = Event.Id });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var summary = (await sender.Send(new ListEvents(), cancellationToken)).FirstOrDefault(e => e.Id == EventId);
        Event = summary is null ? null : await sender.Send(new FindEvent(summary.OrganizerId, summary.Slug), cancellationToken);
        if (Event is null)
        {
            return false;
        }

        Questions = await db.Questions.AsNoTracking().Include(q => q.Options).Where(q => q.EventId == Event.Id).OrderBy(q => q.Position).ThenBy(q => q.Id)
            .ToListAsync(cancellationToken);
        return true;
    }
}
