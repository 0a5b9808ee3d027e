using System.ComponentModel.DataAnnotations;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Lists;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Areas.Checkin.Pages;

/// <summary>Create (no id, ?eventId=) or edit one check-in list; list settings are for Admins only (issue 6).</summary>
[Authorize(Roles = "Admin")]
internal sealed class ListModel(CheckinDbContext db, ISender sender, TimeProvider clock) : PageModel
{
    internal sealed class ListInput
    {
        [Required(ErrorMessage = "Give the list a name.")]
        [StringLength(200, ErrorMessage = "At most 200 characters.")]
        [Display(Name = "Name")]
        public string? Name { get; set; }

        public bool AllProducts { get; set; } = true;

        public List<long> Products { get; set; } = [];

        /// <summary>Variations of the chosen products; none ticked for a product holds it whole.</summary>
        public List<long> Variations { get; set; } = [];

        public bool IncludePending { get; set; }

        public bool AllowMultipleEntries { get; set; }

        public bool AllowEntryAfterExit { get; set; } = true;

        public List<string> AutoCheckinChannels { get; set; } = [];

        /// <summary>A date of the event's series; null: every date.</summary>
        public long? SubEventId { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? EventId { get; set; }

    [BindProperty]
    public ListInput Input { get; set; } = new();

    public EventInfo? Event { get; private set; }

    public bool IsDefault { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var list = await LoadAsync(cancellationToken);
        if (Event is null || (Id is not null && list is null))
        {
            return NotFound();
        }

        if (list is not null)
        {
            Input = new ListInput
            {
                Name = list.Name,
                AllProducts = list.AllProducts,
                Products = list.LimitProducts,
                Variations = list.LimitVariations,
                IncludePending = list.IncludePending,
                AllowMultipleEntries = list.AllowMultipleEntries,
                AllowEntryAfterExit = list.AllowEntryAfterExit,
                AutoCheckinChannels = list.AutoCheckinSalesChannels,
                SubEventId = list.SubEventId,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var existing = await LoadAsync(cancellationToken);
        if (Event is null || (Id is not null && existing is null))
        {
            return NotFound();
        }

        var known = Event.Products.Select(p => p.Id).ToHashSet();
        var products = Input.Products.Distinct().ToList();
        if (products.Any(p => !known.Contains(p)))
        {
            ModelState.AddModelError("Input.Products", "A chosen product does not belong to this event any more.");
        }
        else if (!Input.AllProducts && products.Count == 0)
        {
            ModelState.AddModelError("Input.Products", "Choose at least one product, or let the list admit all products.");
        }

        var channels = Input.AutoCheckinChannels.Distinct(StringComparer.Ordinal).ToList();
        if (channels.Any(c => !Event.SalesChannels.Contains(c)))
        {
            ModelState.AddModelError("Input.AutoCheckinChannels", "A chosen sales channel does not exist.");
        }

        if (!CheckinApi.IsDateOf(Event, Input.SubEventId))
        {
            ModelState.AddModelError("Input.SubEventId", "The chosen date does not belong to this event.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var list = existing is null
            ? db.Lists.Add(new CheckinList { OrganizerId = Event.OrganizerId, EventId = Event.Id, Name = string.Empty, CreatedAt = clock.GetUtcNow() }).Entity
            : await db.Lists.SingleAsync(l => l.Id == existing.Id, cancellationToken);
        list.Name = Input.Name!.Trim();
        list.AllProducts = Input.AllProducts;
        list.LimitProducts = Input.AllProducts ? [] : products;
        if (CheckinApi.SetVariations(list, Event, Input.AllProducts ? [] : Input.Variations).Count > 0)
        {
            ModelState.AddModelError("Input.Variations", "Tick variations only of products the list holds.");
            return Page();
        }
        list.IncludePending = Input.IncludePending;
        list.AllowMultipleEntries = Input.AllowMultipleEntries;
        list.AllowEntryAfterExit = Input.AllowEntryAfterExit;
        list.AutoCheckinSalesChannels = channels;
        list.SubEventId = Input.SubEventId;
        await db.SaveChangesAsync(cancellationToken);

        TempData["Flash"] = existing is null ? $"Check-in list {list.Name} created." : $"Check-in list {list.Name} saved.";
        return RedirectToPage("Lists", new { eventId = Event.Id });
    }

    /// <summary>The list being edited (null when creating) and its event, whose products and channels the form offers.</summary>
    private async Task<CheckinList?> LoadAsync(CancellationToken cancellationToken)
    {
        CheckinList? list = null;
        if (Id is { } id)
        {
            list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id && l.DeletedAt == null, cancellationToken);
            if (list is null)
            {
                return null;
            }

            EventId = list.EventId;
            IsDefault = list.IsDefault;
        }

        var events = await sender.Send(new ListEvents(), cancellationToken);
        var summary = events.FirstOrDefault(e => e.Id == EventId);
        Event = summary is null ? null : await ListFigures.EventAsync(sender, summary, cancellationToken);
        return list;
    }
}
