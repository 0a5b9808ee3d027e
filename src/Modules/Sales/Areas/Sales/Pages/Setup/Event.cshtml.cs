using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using EventOps.Modules.Sales.Catalog;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages.Setup;

/// <summary>
/// Creates or edits an event, and a series' dates: one by one, or many at once from a weekly pattern (every Friday and
/// Saturday at 20:00 from X to Y, each 2 h). Every field goes through the management API's rules.
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class EventModel(SalesDbContext db, IPublisher publisher) : PageModel
{
    public const int MaxGeneratedDates = 400;

    public sealed class EventInput
    {
        [Display(Name = "Name")]
        public string? Name { get; set; }

        [Display(Name = "Slug")]
        public string? Slug { get; set; }

        [Display(Name = "Starts")]
        public DateTime? DateFrom { get; set; }

        [Display(Name = "Ends")]
        public DateTime? DateTo { get; set; }

        [Display(Name = "Venue")]
        public string? VenueName { get; set; }

        [Display(Name = "City")]
        public string? VenueCity { get; set; }

        [Display(Name = "A series of dates")]
        public bool HasSubevents { get; set; }
    }

    public sealed class DateInput
    {
        [Display(Name = "Date name")]
        public string? Name { get; set; }

        [Display(Name = "Date starts")]
        public DateTime? DateFrom { get; set; }

        [Display(Name = "Date ends")]
        public DateTime? DateTo { get; set; }
    }

    public sealed class PatternInput
    {
        public List<DayOfWeek> Days { get; set; } = [];

        [Display(Name = "At")]
        public TimeOnly? Time { get; set; }

        [Display(Name = "From")]
        public DateOnly? From { get; set; }

        [Display(Name = "Until")]
        public DateOnly? Until { get; set; }

        [Display(Name = "Length (minutes)")]
        public int? Minutes { get; set; } = 120;
    }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public EventInput Input { get; set; } = new();

    [BindProperty]
    public DateInput Date { get; set; } = new();

    [BindProperty]
    public PatternInput Pattern { get; set; } = new();

    public Event? Event { get; private set; }

    public IReadOnlyList<SubEvent> Dates { get; private set; } = [];

    private static readonly Dictionary<string, string> EventFields = new()
    {
        ["name"] = "Input.Name", ["slug"] = "Input.Slug", ["date_from"] = "Input.DateFrom", ["date_to"] = "Input.DateTo",
        ["venue.name"] = "Input.VenueName", ["venue.city"] = "Input.VenueCity", ["has_subevents"] = "Input.HasSubevents",
    };

    private static readonly Dictionary<string, string> DateFields = new()
    {
        ["name"] = "Date.Name", ["date_from"] = "Date.DateFrom", ["date_to"] = "Date.DateTo",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Event is not null)
        {
            Input = new EventInput
            {
                Name = Event.Name, Slug = Event.Slug, DateFrom = FormRules.Local(Event.DateFrom), DateTo = FormRules.Local(Event.DateTo),
                VenueName = Event.Venue?.Name, VenueCity = Event.Venue?.City, HasSubevents = Event.HasSubevents,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var organizerId = Event?.OrganizerId ?? await db.Organizers.OrderBy(o => o.Id).Select(o => o.Id).FirstOrDefaultAsync(cancellationToken);
        var target = Event ?? new Event { OrganizerId = organizerId, Slug = string.Empty, Name = string.Empty };
        var body = new JsonObject
        {
            ["slug"] = Input.Slug?.Trim(), ["name"] = Input.Name?.Trim(), ["date_from"] = FormRules.Instant(Input.DateFrom), ["date_to"] = FormRules.Instant(Input.DateTo),
            ["has_subevents"] = Input.HasSubevents,
        };
        if (!string.IsNullOrWhiteSpace(Input.VenueName))
        {
            if (Event?.Venue is { } venue && venue.Name == Input.VenueName.Trim() && venue.City == (Input.VenueCity?.Trim() ?? string.Empty))
            {
                body["venue"] = venue.Id;
            }
            else
            {
                body["venue"] = new JsonObject { ["name"] = Input.VenueName.Trim(), ["city"] = Input.VenueCity?.Trim() };
            }
        }
        else
        {
            body["venue"] = null;
        }

        var fields = FormRules.Fields(body);
        await CatalogEndpoints.ApplyAsync(fields, target, db, organizerId, partial: false, cancellationToken);
        if (!fields.IsValid)
        {
            FormRules.CopyErrors(fields, ModelState, EventFields);
            return Page();
        }

        if (Event is null)
        {
            db.Events.Add(target);
            await db.SaveChangesAsync(cancellationToken);
            await publisher.Publish(new EventCreated(organizerId, target.Id, target.Slug), cancellationToken);
            TempData["Flash"] = $"Event \"{target.Name}\" created.";
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
            TempData["Flash"] = "Saved.";
        }

        return RedirectToPage(new { id = target.Id });
    }

    public async Task<IActionResult> OnPostDateAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        var date = new SubEvent { EventId = Event.Id, Name = Event.Name };
        var fields = FormRules.Fields(new JsonObject
        {
            ["name"] = string.IsNullOrWhiteSpace(Date.Name) ? Event.Name : Date.Name.Trim(), ["date_from"] = FormRules.Instant(Date.DateFrom), ["date_to"] = FormRules.Instant(Date.DateTo),
        });
        if (!Event.HasSubevents)
        {
            ModelState.AddModelError(string.Empty, "Dates can only be added to a series.");
            return Page();
        }

        SubEventRules.Apply(fields, date, partial: false);
        if (!fields.IsValid)
        {
            FormRules.CopyErrors(fields, ModelState, DateFields);
            return Page();
        }

        db.SubEvents.Add(date);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"Date \"{date.Name}\" added.";
        return RedirectToPage(new { id = Event.Id });
    }

    public async Task<IActionResult> OnPostPatternAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        if (!Event.HasSubevents)
        {
            ModelState.AddModelError(string.Empty, "Dates can only be added to a series.");
        }

        if (Pattern.Days.Count == 0)
        {
            ModelState.AddModelError("Pattern.Days", "Choose at least one weekday.");
        }

        if (Pattern.Time is null)
        {
            ModelState.AddModelError("Pattern.Time", "Enter the start time.");
        }

        if (Pattern.From is null || Pattern.Until is null || Pattern.Until < Pattern.From)
        {
            ModelState.AddModelError("Pattern.Until", "Enter a first and a last day, the last not before the first.");
        }

        if (Pattern.Minutes is not (> 0 and <= 24 * 60))
        {
            ModelState.AddModelError("Pattern.Minutes", "Between 1 and 1440 minutes.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var dates = new List<SubEvent>();
        for (var day = Pattern.From!.Value; day <= Pattern.Until!.Value; day = day.AddDays(1))
        {
            if (!Pattern.Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            if (dates.Count == MaxGeneratedDates)
            {
                ModelState.AddModelError("Pattern.Until", $"That makes more than {MaxGeneratedDates} dates; choose a shorter span.");
                return Page();
            }

            var start = day.ToDateTime(Pattern.Time!.Value);
            var date = new SubEvent { EventId = Event.Id, Name = Event.Name };
            var fields = FormRules.Fields(new JsonObject
            {
                ["name"] = $"{Event.Name}, {start:ddd d MMM}", ["date_from"] = FormRules.Instant(start), ["date_to"] = FormRules.Instant(start.AddMinutes(Pattern.Minutes!.Value)),
            });
            SubEventRules.Apply(fields, date, partial: false);
            if (!fields.IsValid)
            {
                FormRules.CopyErrors(fields, ModelState, new Dictionary<string, string>(), "Pattern.");
                return Page();
            }

            dates.Add(date);
        }

        if (dates.Count == 0)
        {
            ModelState.AddModelError("Pattern.Days", "None of these weekdays falls between the first and the last day.");
            return Page();
        }

        db.SubEvents.AddRange(dates);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{dates.Count} dates added.";
        return RedirectToPage(new { id = Event.Id });
    }

    public async Task<IActionResult> OnPostToggleDateAsync(long dateId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null || Dates.FirstOrDefault(d => d.Id == dateId) is not { } date)
        {
            return NotFound();
        }

        await db.SubEvents.Where(d => d.Id == date.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Active, !date.Active), cancellationToken);
        TempData["Flash"] = date.Active ? $"\"{date.Name}\" is no longer sold." : $"\"{date.Name}\" is on sale again.";
        return RedirectToPage(new { id = Event.Id });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (Id is null)
        {
            return true;
        }

        Event = await db.Events.Include(e => e.Venue).SingleOrDefaultAsync(e => e.Id == Id, cancellationToken);
        if (Event is null)
        {
            return false;
        }

        Dates = await db.SubEvents.AsNoTracking().Where(d => d.EventId == Event.Id).OrderBy(d => d.DateFrom).ToListAsync(cancellationToken);
        return true;
    }
}
