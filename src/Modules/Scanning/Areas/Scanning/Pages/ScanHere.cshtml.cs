using System.Globalization;
using EventOps.Modules.Scanning.Devices;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Modules;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventOps.Modules.Scanning.Areas.Scanning.Pages;

/// <summary>
/// Staff logged in to the admin turn this browser into a door scanner with their session: it pairs a device in their
/// name and hands its token to /scan/pair in the fragment. The scanner then talks to the public API with that token,
/// not the session cookie, because an offline queue must still sync after the session has expired, and the device
/// shows in the devices list, revocable like any other.
/// </summary>
internal sealed class ScanHereModel(ScanningDbContext db, ISender sender, IReadOnlyList<IModule> modules, TimeProvider clock) : PageModel
{
    public IReadOnlyList<EventSummaryInfo> Events { get; private set; } = [];

    public IReadOnlyList<CheckinListInfo> Lists { get; private set; } = [];

    [BindProperty]
    public long? EventId { get; set; }

    [BindProperty]
    public long? ListId { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var chosen = Events.FirstOrDefault(e => e.Id == EventId);
        if (chosen is null)
        {
            ModelState.AddModelError(nameof(EventId), "Choose the event this browser scans for.");
        }
        else if (ListId is { } listId && !Lists.Any(l => l.Id == listId && l.EventId == chosen.Id))
        {
            ModelState.AddModelError(nameof(ListId), "That check-in list belongs to another event.");
        }

        if (!ModelState.IsValid || chosen is null)
        {
            return Page();
        }

        var organizer = await sender.Send(new GetOrganizer(chosen.OrganizerId), cancellationToken);
        var name = $"{User.Identity?.Name ?? "staff"} · browser {clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}";
        var (device, token) = DeviceTokenStore.Issue(chosen.OrganizerId, organizer!.Slug, name, chosen.Id, ListId, clock.GetUtcNow());
        db.Devices.Add(device);
        await db.SaveChangesAsync(cancellationToken);

        // The fragment is not sent by the browser when it follows the redirect, so the token reaches no log.
        return Redirect($"/scan/pair#token={Uri.EscapeDataString(token)}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Events = await sender.Send(new ListEvents(), cancellationToken);
        Lists = modules.Any(m => m.Name == "Checkin") && Events.Count > 0 ? await sender.Send(new GetCheckinLists([.. Events.Select(e => e.Id)]), cancellationToken) : [];
        EventId ??= Events.OrderBy(e => Math.Abs((e.DateFrom - clock.GetUtcNow()).Ticks)).FirstOrDefault()?.Id;
    }
}
