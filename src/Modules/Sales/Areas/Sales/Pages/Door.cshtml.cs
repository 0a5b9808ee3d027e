using System.Text.Json;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Modules;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

/// <summary>
/// The door: a scanner (or a person typing) enters a code and presses Enter; the Checkin module decides through the
/// shared RedeemTicket request, exactly as a scanner device would, so the answer is the same on every surface.
/// </summary>
internal sealed class DoorModel(SalesDbContext db, ISender sender, IReadOnlyList<IModule> modules, TimeProvider clock) : PageModel
{
    public const string Surface = "admin";
    private const int MaxCodeLength = 64;

    internal sealed record EventChoice(long Id, long OrganizerId, string Name, DateTimeOffset DateFrom);

    /// <summary>What the last scan decided, carried across the redirect (post/redirect/get) in TempData.</summary>
    internal sealed record Verdict(
        bool Admitted, string Headline, string Detail, string? Attendee, string? Product, string? SaleCode, long? SaleId,
        long? UndoTicketId, long? UndoListId, long? UndoOrganizerId);

    [BindProperty(SupportsGet = true)]
    public long? EventId { get; set; }

    /// <summary>The list the door checks against; without one, the chosen event's default list.</summary>
    [BindProperty(SupportsGet = true)]
    public long? ListId { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public IReadOnlyList<EventChoice> Events { get; private set; } = [];

    public EventChoice? Event { get; private set; }

    /// <summary>Every live list of every event, from the Checkin module (GetCheckinLists), for the picker.</summary>
    public IReadOnlyList<CheckinListInfo> Lists { get; private set; } = [];

    public CheckinListInfo? List { get; private set; }

    public Verdict? Last { get; private set; }

    public bool CheckinEnabled => modules.Any(m => m.Name == "Checkin");

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (TempData["DoorVerdict"] is string json)
        {
            Last = JsonSerializer.Deserialize<Verdict>(json);
        }
    }

    public async Task<IActionResult> OnPostRedeemAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var code = Code?.Trim() ?? string.Empty;
        if (Event is null || !CheckinEnabled)
        {
            return Show(new Verdict(false, "Not possible", CheckinEnabled ? "Choose an event first." : "The check-in module is not enabled.", null, null, null, null, null, null, null));
        }

        if (code.Length is 0 or > MaxCodeLength)
        {
            return Show(new Verdict(false, "REFUSED", "Scan or type a ticket code.", null, null, null, null, null, null, null));
        }

        var result = await sender.Send(
            new RedeemTicket(Event.OrganizerId, code, TicketIdentifierKind.Any, Surface, User.ActorName(), EventId: Event.Id, CheckinListId: List?.Id, RequireAdmission: true),
            cancellationToken);
        var ticket = result.Ticket;
        var attendee = ticket is null ? null : string.IsNullOrWhiteSpace(ticket.AttendeeName) ? ticket.BuyerName : ticket.AttendeeName;
        var what = ticket is null ? null : string.Join(" · ", new[]
        {
            ticket.ProductLabel, ticket.Seat, ticket.SubEventStart is { } date ? $"{ticket.SubEventName}, {date.ToLocalTime():ddd d MMM HH:mm}" : null,
        }.Where(part => part is not null));
        return Show(result.IsOk
            ? new Verdict(true, "ADMITTED", $"Checked in at {Local(result.At ?? clock.GetUtcNow())}.", attendee, what, ticket?.SaleCode, ticket?.SaleId,
                ticket?.TicketId, result.CheckinListId, Event.OrganizerId)
            : new Verdict(false, "REFUSED", Reason(result), attendee, what, ticket?.SaleCode, ticket?.SaleId, null, null, null));
    }

    public async Task<IActionResult> OnPostUndoAsync(long ticketId, long? listId, long organizerId, string? attendee, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!CheckinEnabled)
        {
            return Show(new Verdict(false, "Not possible", "The check-in module is not enabled.", null, null, null, null, null, null, null));
        }

        var reverted = await sender.Send(new RevertCheckin(organizerId, ticketId, Surface, User.ActorName(), listId), cancellationToken);
        return Show(reverted.Reverted
            ? new Verdict(false, "UNDONE", "The last admission was reverted: the ticket can enter again.", attendee, null, null, null, null, null, null)
            : new Verdict(false, "Nothing to undo", "This ticket has no active check-in on the list.", attendee, null, null, null, null, null, null));
    }

    /// <summary>Words for the person at the door: what is wrong, and for a used ticket when and by whom.</summary>
    public static string Reason(RedeemResult result) => result.Reason switch
    {
        RedeemReasons.AlreadyRedeemed when result.Previous is { } previous =>
            $"Already used at {Local(previous.At)} by {previous.Actor}{(previous.Surface == Surface ? string.Empty : $" ({previous.Surface})")}.",
        RedeemReasons.AlreadyRedeemed => "Already used.",
        RedeemReasons.Unpaid => $"Unpaid. {result.ReasonExplanation}",
        RedeemReasons.Canceled => $"Not valid any more. {result.ReasonExplanation}",
        RedeemReasons.Product => $"Wrong product. {result.ReasonExplanation}",
        RedeemReasons.Blocked => "Voided ticket.",
        RedeemReasons.InvalidTime => $"Not now. {result.ReasonExplanation}",
        RedeemReasons.Invalid => $"Unknown ticket. {result.ReasonExplanation}",
        _ => result.ReasonExplanation ?? result.Reason ?? "Refused.",
    };

    private static string Local(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm");

    private RedirectToPageResult Show(Verdict verdict)
    {
        TempData["DoorVerdict"] = JsonSerializer.Serialize(verdict);
        return RedirectToPage(new { eventId = EventId, listId = List?.Id });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Events = await db.Events.AsNoTracking().OrderBy(e => e.DateFrom)
            .Select(e => new EventChoice(e.Id, e.OrganizerId, e.Name, e.DateFrom))
            .ToListAsync(cancellationToken);
        Lists = CheckinEnabled && Events.Count > 0 ? await sender.Send(new GetCheckinLists([.. Events.Select(e => e.Id)]), cancellationToken) : [];

        // A chosen list decides the event; else the chosen (or next) event with its default list.
        var picked = Lists.FirstOrDefault(l => l.Id == ListId);
        var now = clock.GetUtcNow();
        Event = Events.FirstOrDefault(e => e.Id == picked?.EventId)
            ?? Events.FirstOrDefault(e => e.Id == EventId)
            ?? Events.FirstOrDefault(e => e.DateFrom >= now.AddDays(-1))
            ?? (Events.Count > 0 ? Events[0] : null);
        EventId = Event?.Id;
        List = picked ?? Lists.FirstOrDefault(l => l.EventId == EventId && l.IsDefault);
        ListId = List?.Id;
    }
}
