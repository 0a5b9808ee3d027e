using System.Globalization;
using System.Text;
using EventOps.Modules.Checkin.Lists;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
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

        var csv = new StringBuilder();
        csv.Append("name,ticket,product,checked_in_at,by\r\n");
        foreach (var p in positions.Where(p => CheckinApi.Counts(list, p)).OrderBy(p => p.SaleCode, StringComparer.Ordinal).ThenBy(p => p.PositionId))
        {
            first.TryGetValue(p.TicketId, out var entry);
            Row(csv, [
                string.IsNullOrWhiteSpace(p.AttendeeName) ? p.BuyerName : p.AttendeeName,
                p.PublicId,
                products.GetValueOrDefault(p.ProductId, string.Empty),
                entry?.Datetime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty,
                entry?.Actor ?? string.Empty,
            ]);
        }

        var name = $"checkin-{found.Slug}-{list.Id}.csv";
        return File(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }

    private static void Row(StringBuilder csv, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Cell(cells[i]));
        }

        csv.Append("\r\n");
    }

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs a buyer's name as a formula.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
