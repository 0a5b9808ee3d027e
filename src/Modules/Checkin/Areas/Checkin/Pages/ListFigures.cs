using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Lists;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Areas.Checkin.Pages;

/// <summary>One check-in list with its live counts, as the admin pages show it.</summary>
internal sealed record ListFigure(CheckinList List, int CheckedIn, int Expected);

/// <summary>
/// What the check-in pages share: the event picker (event names come from Sales through ListEvents) and the lists of
/// an event with their counts (one request to Sales for the tickets, one query for the check-ins, whatever the size).
/// </summary>
internal static class ListFigures
{
    public static async Task<(IReadOnlyList<EventSummaryInfo> Events, EventSummaryInfo? Chosen)> PickEventAsync(
        ISender sender, long? eventId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var events = await sender.Send(new ListEvents(), cancellationToken);
        var now = clock.GetUtcNow();
        var chosen = events.FirstOrDefault(e => e.Id == eventId)
            ?? events.FirstOrDefault(e => e.DateFrom >= now.AddDays(-1))
            ?? (events.Count > 0 ? events[0] : null);
        return (events, chosen);
    }

    public static async Task<EventInfo?> EventAsync(ISender sender, EventSummaryInfo chosen, CancellationToken cancellationToken) =>
        await sender.Send(new FindEvent(chosen.OrganizerId, chosen.Slug), cancellationToken);

    /// <summary>
    /// Door figures: like pretix's dashboard they count admission products only (a T-shirt picked up is no one at the
    /// door), unlike the check-in lists API, whose counts include every product on a list (seed 003).
    /// With <paramref name="subEventId"/> (a date of a series), only that date's tickets and the lists that hold them.
    /// </summary>
    /// <returns>The figures, and the admission tickets they count (the live chart counts entries of these only).</returns>
    public static async Task<(IReadOnlyList<ListFigure> Figures, HashSet<long> AdmissionTickets)> LoadAsync(
        CheckinDbContext db, ISender sender, EventInfo found, CancellationToken cancellationToken, long? subEventId = null)
    {
        var lists = await db.Lists.AsNoTracking()
            .Where(l => l.EventId == found.Id && l.OrganizerId == found.OrganizerId && l.DeletedAt == null && (subEventId == null || l.SubEventId == null || l.SubEventId == subEventId))
            .OrderByDescending(l => l.DefaultForEventId != null).ThenBy(l => l.Id)
            .ToListAsync(cancellationToken);
        var (positions, checkedIn) = await ListCounts.LoadAsync(db, sender, found, [.. lists.Select(l => l.Id)], cancellationToken, subEventId);
        var admission = positions.Where(p => p.Admission).ToList();
        IReadOnlyList<ListFigure> figures = [.. lists.Select(l =>
        {
            var count = ListCounts.For(l, admission, checkedIn[l.Id]);
            return new ListFigure(l, count.Checkins, count.Positions);
        })];
        return (figures, [.. admission.Select(p => p.TicketId)]);
    }

    /// <summary>The date a page asked for, when it is one of the event's; null (every date) otherwise.</summary>
    public static SubEventInfo? PickDate(EventInfo found, long? subEventId) =>
        subEventId is { } id ? found.SubEvents?.FirstOrDefault(d => d.Id == id) : null;
}
