using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages.Setup;

/// <summary>An event's quotas with live availability bars (sold / held by pending / free), and their create/edit form.</summary>
[Authorize(Roles = "Admin")]
internal sealed class QuotasModel(SalesDbContext db, Capacity capacity) : PageModel
{
    public sealed class QuotaInput
    {
        [Display(Name = "Quota name")]
        public string? Name { get; set; }

        [Display(Name = "Size (empty: unlimited)")]
        public int? Size { get; set; }

        [Display(Name = "Date")]
        public long? SubEventId { get; set; }

        public List<long> Items { get; set; } = [];

        public List<long> Variations { get; set; } = [];
    }

    [BindProperty(SupportsGet = true)]
    public long EventId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public QuotaInput Input { get; set; } = new();

    public Event? Event { get; private set; }

    public IReadOnlyList<Product> Products { get; private set; } = [];

    public IReadOnlyList<SubEvent> Dates { get; private set; } = [];

    public IReadOnlyList<QuotaAvailability> Availability { get; private set; } = [];

    public Quota? Editing { get; private set; }

    private static readonly Dictionary<string, string> QuotaFields = new()
    {
        ["name"] = "Input.Name", ["size"] = "Input.Size", ["subevent"] = "Input.SubEventId", ["items"] = "Input.Items", ["variations"] = "Input.Variations",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Editing is { } quota)
        {
            Input = new QuotaInput
            {
                Name = quota.Name, Size = quota.Size, SubEventId = quota.SubEventId,
                Items = [.. quota.Products.Select(p => p.ProductId)], Variations = [.. quota.Variations.Select(v => v.VariationId)],
            };
        }

        return Page();
    }

    /// <summary>The bars alone, for refresh.js: availability moves with every sale at the till or on the API.</summary>
    public async Task<IActionResult> OnGetBarsAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Partial("_QuotaBars", this) : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        var quota = Editing ?? new Quota { EventId = Event.Id, Name = string.Empty };
        var fields = FormRules.Fields(new JsonObject
        {
            ["name"] = Input.Name?.Trim(), ["size"] = Input.Size, ["subevent"] = Input.SubEventId,
            ["items"] = new JsonArray([.. Input.Items.Select(i => (JsonNode)i)]), ["variations"] = new JsonArray([.. Input.Variations.Select(v => (JsonNode)v)]),
        });
        await QuotaRules.ApplyAsync(fields, quota, Event, db, partial: false, cancellationToken);
        if (!fields.IsValid)
        {
            FormRules.CopyErrors(fields, ModelState, QuotaFields);
            return Page();
        }

        if (Editing is null)
        {
            db.Quotas.Add(quota);
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"Quota \"{quota.Name}\" saved.";
        return RedirectToPage(new { eventId = Event.Id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(long quotaId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        var deleted = await db.Quotas.Where(q => q.Id == quotaId && q.EventId == Event.Id).ExecuteDeleteAsync(cancellationToken);
        TempData[deleted == 1 ? "Flash" : "FlashError"] = deleted == 1 ? "Quota deleted." : "That quota no longer exists.";
        return RedirectToPage(new { eventId = Event.Id });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Event = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == EventId, cancellationToken);
        if (Event is null)
        {
            return false;
        }

        Products = await db.Products.AsNoTracking().Include(p => p.Variations).Where(p => p.EventId == Event.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        Dates = await db.SubEvents.AsNoTracking().Where(d => d.EventId == Event.Id).OrderBy(d => d.DateFrom).ToListAsync(cancellationToken);
        Availability = await capacity.AvailabilityAsync(Event.Id, null, cancellationToken);
        if (Id is { } id)
        {
            Editing = await db.Quotas.Include(q => q.Products).Include(q => q.Variations).AsSplitQuery().SingleOrDefaultAsync(q => q.Id == id && q.EventId == Event.Id, cancellationToken);
            return Editing is not null;
        }

        return true;
    }

    public string DateName(long? id) => id is null ? "all dates" : Dates.FirstOrDefault(d => d.Id == id) is { } d ? $"{d.Name}, {d.DateFrom.ToLocalTime():ddd d MMM HH:mm}" : "?";
}
