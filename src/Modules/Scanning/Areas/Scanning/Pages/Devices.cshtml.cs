using System.ComponentModel.DataAnnotations;
using System.Globalization;
using EventOps.Modules.Scanning.Devices;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Modules;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Areas.Scanning.Pages;

/// <summary>Scanner devices (Admin only): pair one (its token is shown once), see when each was last used, revoke.</summary>
[Authorize(Roles = "Admin")]
internal sealed class DevicesModel(ScanningDbContext db, ISender sender, IReadOnlyList<IModule> modules, TimeProvider clock) : PageModel
{
    private const int PageSize = 50;

    internal sealed class DeviceInput
    {
        [Required(ErrorMessage = "Give the device a name the door staff recognise.")]
        [StringLength(100, ErrorMessage = "At most 100 characters.")]
        [Display(Name = "Device name")]
        public string? Name { get; set; }

        /// <summary>"o{organizer}" (any event of the organizer) or "e{event}" (bound to one event).</summary>
        [Required(ErrorMessage = "Choose where the device scans.")]
        [Display(Name = "Scans for")]
        public string? Scope { get; set; }

        [Display(Name = "Check-in list")]
        public long? ListId { get; set; }
    }

    internal sealed record DeviceRow(long Id, string Name, string Organizer, string? Event, string? List, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    [BindProperty]
    public DeviceInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<EventSummaryInfo> Events { get; private set; } = [];

    public IReadOnlyList<OrganizerInfo> Organizers { get; private set; } = [];

    public IReadOnlyList<CheckinListInfo> Lists { get; private set; } = [];

    public IReadOnlyList<DeviceRow> Devices { get; private set; } = [];

    public int Count { get; private set; }

    public int PageCount => Math.Max(1, (Count + PageSize - 1) / PageSize);

    public string? CreatedValue { get; private set; }

    public string? CreatedName { get; private set; }

    /// <summary>The browser scanner's pairing link: the token rides in the fragment, which no browser sends to a server.</summary>
    public string? PairingLink => CreatedValue is null ? null : $"{Request.Scheme}://{Request.Host}{Request.PathBase}/scan/pair#token={Uri.EscapeDataString(CreatedValue)}";

    public string? PairingQrSvg => PairingLink is { } link ? PairingQr.Svg(link) : null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // TempData is read once and then deleted: a reload no longer shows the token.
        CreatedValue = TempData["NewDeviceToken"] as string;
        CreatedName = TempData["NewDeviceName"] as string;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        long? organizerId = null;
        EventSummaryInfo? boundEvent = null;
        if (Input.Scope is { Length: > 1 } scope && long.TryParse(scope.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var scopeId))
        {
            if (scope[0] == 'o' && Organizers.Any(o => o.Id == scopeId))
            {
                organizerId = scopeId;
            }
            else if (scope[0] == 'e' && Events.FirstOrDefault(e => e.Id == scopeId) is { } chosen)
            {
                boundEvent = chosen;
                organizerId = chosen.OrganizerId;
            }
        }

        if (organizerId is null && Input.Scope is not null)
        {
            ModelState.AddModelError("Input.Scope", "Choose where the device scans.");
        }

        if (Input.ListId is { } listId)
        {
            var list = Lists.FirstOrDefault(l => l.Id == listId);
            if (list is null || boundEvent is null || list.EventId != boundEvent.Id)
            {
                ModelState.AddModelError("Input.ListId", "A check-in list needs the device bound to that list's event.");
            }
        }

        if (!ModelState.IsValid)
        {
            await LoadDevicesAsync(cancellationToken);
            return Page();
        }

        var organizer = Organizers.Single(o => o.Id == organizerId);
        var (device, token) = DeviceTokenStore.Issue(organizer.Id, organizer.Slug, Input.Name!.Trim(), boundEvent?.Id, Input.ListId, clock.GetUtcNow());
        db.Devices.Add(device);
        await db.SaveChangesAsync(cancellationToken);

        // Post/redirect/get: the token travels once in the encrypted TempData cookie, which the next GET consumes.
        TempData["NewDeviceToken"] = token;
        TempData["NewDeviceName"] = device.Name;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var revoked = await db.Devices.Where(d => d.Id == id && d.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RevokedAt, now), cancellationToken);
        if (revoked == 1)
        {
            TempData["Flash"] = $"Device #{id} revoked: its token is refused from now on.";
        }
        else
        {
            TempData["FlashError"] = $"Device #{id} does not exist or is revoked already.";
        }

        return RedirectToPage(new { p = PageNumber });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        if (Input.Scope is null && Organizers.Count == 1)
        {
            Input.Scope = "o" + Organizers[0].Id.ToString(CultureInfo.InvariantCulture);
        }

        await LoadDevicesAsync(cancellationToken);
    }

    /// <summary>Events from Sales, lists from Checkin, organizers' slugs from Sales: each one request, whatever the number of devices.</summary>
    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        Events = await sender.Send(new ListEvents(), cancellationToken);
        var organizers = new List<OrganizerInfo>();
        foreach (var organizerId in Events.Select(e => e.OrganizerId).Distinct())
        {
            if (await sender.Send(new GetOrganizer(organizerId), cancellationToken) is { } organizer)
            {
                organizers.Add(organizer);
            }
        }

        Organizers = organizers;
        Lists = modules.Any(m => m.Name == "Checkin") && Events.Count > 0 ? await sender.Send(new GetCheckinLists([.. Events.Select(e => e.Id)]), cancellationToken) : [];
    }

    private async Task LoadDevicesAsync(CancellationToken cancellationToken)
    {
        Count = await db.Devices.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await db.Devices.AsNoTracking().OrderByDescending(d => d.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(d => new { d.Id, d.Name, d.OrganizerSlug, d.EventId, d.CheckinListId, d.CreatedAt, d.LastUsedAt, d.RevokedAt })
            .ToListAsync(cancellationToken);
        var events = Events.ToDictionary(e => e.Id, e => e.Name);
        var lists = Lists.ToDictionary(l => l.Id, l => l.Name);
        Devices = [.. rows.Select(d => new DeviceRow(
            d.Id, d.Name, d.OrganizerSlug,
            d.EventId is { } e ? events.GetValueOrDefault(e, $"event #{e}") : null,
            d.CheckinListId is { } l ? lists.GetValueOrDefault(l, $"list #{l}") : null,
            d.CreatedAt, d.LastUsedAt, d.RevokedAt))];
    }
}
