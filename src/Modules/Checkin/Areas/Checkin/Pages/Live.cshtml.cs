using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Areas.Checkin.Pages;

/// <summary>
/// Per check-in list of an event: checked in / expected and entries per 5 minutes over the last 3 hours. The chart is
/// SVG drawn here; wwwroot/js/live.js re-fetches the <c>Fragment</c> handler, so there is one drawing and no chart library.
/// </summary>
internal sealed class LiveModel(CheckinDbContext db, ISender sender, TimeProvider clock) : PageModel
{
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(5);
    public const int Buckets = 36;

    internal sealed record LiveList(ListFigure Figure, IReadOnlyList<int> Entries)
    {
        public int Total => Entries.Sum();
    }

    [BindProperty(SupportsGet = true)]
    public long? EventId { get; set; }

    /// <summary>A date of a series: the figures count only its tickets; null counts every date.</summary>
    [BindProperty(SupportsGet = true)]
    public long? SubEventId { get; set; }

    public SubEventInfo? Date { get; private set; }

    public IReadOnlyList<EventSummaryInfo> Events { get; private set; } = [];

    public EventInfo? Event { get; private set; }

    public IReadOnlyList<LiveList> Lists { get; private set; } = [];

    /// <summary>Start of the first bucket: the window ends with the bucket that holds now.</summary>
    public DateTimeOffset From { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetFragmentAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Partial("_LiveLists", this);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (events, chosen) = await ListFigures.PickEventAsync(sender, EventId, clock, cancellationToken);
        Events = events;
        Event = chosen is null ? null : await ListFigures.EventAsync(sender, chosen, cancellationToken);
        EventId = Event?.Id;
        Now = clock.GetUtcNow();
        From = new DateTimeOffset(Now.UtcTicks - (Now.UtcTicks % Bucket.Ticks), TimeSpan.Zero) - (Bucket * (Buckets - 1));
        if (Event is null)
        {
            return;
        }

        Date = ListFigures.PickDate(Event, SubEventId);
        SubEventId = Date?.Id;
        var (figures, admissionTickets) = await ListFigures.LoadAsync(db, sender, Event, cancellationToken, Date?.Id);
        var ids = figures.Select(f => f.List.Id).ToList();
        var from = From;

        // Only the window's entries are read (index on list, time); reverted ones are no entries, and only admission
        // tickets (of the chosen date) count, as in the figures.
        var entries = (await db.Checkins.AsNoTracking()
                .Where(c => c.ListId != null && ids.Contains(c.ListId.Value) && c.Successful && !c.Reverted && c.Type == CheckinType.Entry && c.Datetime >= from)
                .Select(c => new { ListId = c.ListId!.Value, TicketId = c.TicketId!.Value, c.Datetime })
                .ToListAsync(cancellationToken))
            .Where(e => admissionTickets.Contains(e.TicketId))
            .ToList();
        Lists = [.. figures.Select(f =>
        {
            var counts = new int[Buckets];
            foreach (var e in entries.Where(e => e.ListId == f.List.Id))
            {
                var index = (int)((e.Datetime - from).Ticks / Bucket.Ticks);
                if (index is >= 0 and < Buckets)
                {
                    counts[index]++;
                }
            }

            return new LiveList(f, counts);
        })];
    }
}
