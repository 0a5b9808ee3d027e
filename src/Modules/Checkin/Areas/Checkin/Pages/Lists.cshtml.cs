using System.Globalization;
using EventOps.Modules.Checkin.Exports;
using EventOps.Modules.Checkin.Lists;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Areas.Checkin.Pages;

/// <summary>An event's check-in lists with live counts, and the attendee export of one list.</summary>
internal sealed class ListsModel(CheckinDbContext db, ISender sender, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? EventId { get; set; }

    public IReadOnlyList<EventSummaryInfo> Events { get; private set; } = [];

    public EventInfo? Event { get; private set; }

    public IReadOnlyList<ListFigure> Lists { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (events, chosen) = await ListFigures.PickEventAsync(sender, EventId, clock, cancellationToken);
        Events = events;
        Event = chosen is null ? null : await ListFigures.EventAsync(sender, chosen, cancellationToken);
        EventId = Event?.Id;
        if (Event is not null)
        {
            Lists = (await ListFigures.LoadAsync(db, sender, Event, cancellationToken)).Figures;
        }
    }

    /// <summary>The date a list is bound to, for a series; empty for a list of every date.</summary>
    public string DateText(ListFigure figure) =>
        figure.List.SubEventId is { } id ? " · date: " + (Event!.SubEvents?.FirstOrDefault(d => d.Id == id)?.Name ?? id.ToString(CultureInfo.InvariantCulture)) : string.Empty;

    public string ProductsText(ListFigure figure) => figure.List.AllProducts
        ? "All products"
        : string.Join(", ", Event!.Products.Where(p => figure.List.LimitProducts.Contains(p.Id)).Select(p => p.Name)) is { Length: > 0 } names ? names : "No products";

    /// <summary>
    /// The attendees a list expects, one row each: name, ticket, product and the first active entry (when, by whom);
    /// empty when not checked in. Tickets come from Sales in one request, check-ins from one query.
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync(long listId, CancellationToken cancellationToken)
    {
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId && l.DeletedAt == null, cancellationToken);
        var events = list is null ? [] : await sender.Send(new ListEvents(), cancellationToken);
        var summary = events.FirstOrDefault(e => e.Id == list!.EventId);
        var found = summary is null ? null : await ListFigures.EventAsync(sender, summary, cancellationToken);
        if (list is null || found is null)
        {
            return NotFound();
        }

        var positions = await sender.Send(new GetEventPositions(found.OrganizerId, found.Id), cancellationToken);
        var entries = await db.Checkins.AsNoTracking()
            .Where(c => c.ListId == list.Id && c.Successful && !c.Reverted && c.Type == CheckinType.Entry && c.TicketId != null)
            .Select(c => new { TicketId = c.TicketId!.Value, c.Datetime, c.Actor })
            .ToListAsync(cancellationToken);
        var first = entries.GroupBy(e => e.TicketId).ToDictionary(g => g.Key, g => g.MinBy(e => e.Datetime)!);
        var products = found.Products.ToDictionary(p => p.Id, p => p.Name);

        var rows = positions.Where(p => CheckinApi.Counts(list, p)).OrderBy(p => p.SaleCode, StringComparer.Ordinal).ThenBy(p => p.PositionId).Select(p =>
        {
            first.TryGetValue(p.TicketId, out var entry);
            return (IReadOnlyList<string?>)[
                string.IsNullOrWhiteSpace(p.AttendeeName) ? p.BuyerName : p.AttendeeName,
                p.PublicId,
                products.GetValueOrDefault(p.ProductId, string.Empty),
                CsvDownload.Instant(entry?.Datetime),
                entry?.Actor ?? string.Empty,
            ];
        });
        return new CsvDownload($"checkin-{found.Slug}-{list.Id}.csv", ["name", "ticket", "product", "checked_in_at", "by"], rows.ToAsyncEnumerable());
    }

    /// <summary>
    /// Every check-in recorded on a list (entries and exits, refused scans too), oldest first, streamed: check-ins are
    /// read a batch at a time by id, and each batch's tickets come from Sales in one <see cref="FindTickets"/> request,
    /// so memory stays at one batch whatever the list's size.
    /// </summary>
    public async Task<IActionResult> OnGetCheckinsAsync(long listId, CancellationToken cancellationToken)
    {
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId && l.DeletedAt == null, cancellationToken);
        if (list is null)
        {
            return NotFound();
        }

        var events = await sender.Send(new ListEvents(), cancellationToken);
        var slug = events.FirstOrDefault(e => e.Id == list.EventId)?.Slug ?? $"event{list.EventId}";
        return new CsvDownload($"checkins-{slug}-{list.Id}.csv", CheckinRows.Header, CheckinRows.ReadAsync(db, sender, list, HttpContext.RequestAborted));
    }
}
