using System.Security.Claims;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Lists;

/// <summary>The check-in list resource of seed 003 (plus the entry-rule fields of our model).</summary>
public sealed record CheckinListDto(
    long Id,
    string Name,
    int CheckinCount,
    int PositionCount,
    bool AllProducts,
    IReadOnlyList<long> LimitProducts,
    IReadOnlyList<long> LimitVariations,
    bool IncludePending,
    long? Subevent,
    IReadOnlyList<string> AutoCheckinSalesChannels,
    bool AllowMultipleEntries,
    bool AllowEntryAfterExit,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil);

/// <summary>What every check-in list endpoint resolves first: the path's event (asked of Sales) and the caller's scope.</summary>
internal static class CheckinApi
{
    public static async Task<EventInfo?> FindEventAsync(ISender sender, HttpContext context, string slug, CancellationToken cancellationToken)
    {
        var user = context.User;
        var found = await sender.Send(new FindEvent(user.OrganizerId(), slug), cancellationToken);

        // A device token bound to one event sees no other event (answered like a missing one).
        return found is not null && DeviceEventId(user) is { } only && only != found.Id ? null : found;
    }

    /// <summary>A list of the event by its path id; a device bound to one list sees only that one.</summary>
    public static async Task<CheckinList?> FindListAsync(CheckinDbContext db, HttpContext context, EventInfo found, string id, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var listId) || (DeviceListId(context.User) is { } only && only != listId))
        {
            return null;
        }

        return await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId && l.EventId == found.Id && l.OrganizerId == found.OrganizerId && l.DeletedAt == null, cancellationToken);
    }

    public static bool TryParseId(string text, out long id) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0;

    public static long? DeviceEventId(ClaimsPrincipal user) => ClaimLong(user, ApiClaims.EventId);

    public static long? DeviceListId(ClaimsPrincipal user) => ClaimLong(user, ApiClaims.CheckinListId);

    private static long? ClaimLong(ClaimsPrincipal user, string type) =>
        user.FindFirstValue(type) is { } value && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public static CheckinListDto ToDto(CheckinList list, ListCounts.Count counts) => new(
        list.Id, list.Name, counts.Checkins, counts.Positions, list.AllProducts, [.. list.LimitProducts.Order()], [.. list.LimitVariations.Order()], list.IncludePending, list.SubEventId,
        list.AutoCheckinSalesChannels, list.AllowMultipleEntries, list.AllowEntryAfterExit, list.ValidFrom, list.ValidUntil);

    /// <summary>
    /// Sets the variations a list names, of its limited products only, and the products they belong to (kept for the
    /// rule); answers the ids that are no variation of those products. The API and the admin form both call it.
    /// </summary>
    public static IReadOnlyList<long> SetVariations(CheckinList list, EventInfo found, IReadOnlyCollection<long> variations)
    {
        var productOf = found.Products.Where(p => list.LimitProducts.Contains(p.Id))
            .SelectMany(p => (p.Variations ?? []).Select(v => (Variation: v.Id, Product: p.Id))).ToDictionary(v => v.Variation, v => v.Product);
        var valid = variations.Where(productOf.ContainsKey).Distinct().ToList();
        list.LimitVariations = valid;
        list.LimitVariationProducts = [.. valid.Select(v => productOf[v]).Distinct()];
        return [.. variations.Where(v => !productOf.ContainsKey(v))];
    }

    /// <summary>A list's <c>subevent</c> is a date of its own event's series, or null (every date); the API and the admin form both ask this.</summary>
    public static bool IsDateOf(EventInfo found, long? subEventId) => subEventId is not { } id || found.SubEvents?.Any(d => d.Id == id) == true;

    /// <summary>Whether a ticket counts on a list (pretix: paid sales, and pending ones on lists that include them).</summary>
    public static bool Counts(CheckinList list, PositionInfo p) =>
        !p.SaleDeleted && !p.Voided && list.Holds(p.ProductId, p.VariationId, p.SubEventId) && (p.SaleStatus == "paid" || (list.IncludePending && p.SaleStatus is "pending" or "unpaid"));
}

/// <summary>position_count and checkin_count of lists: one query to Sales for the event's tickets, one for the check-ins.</summary>
internal static class ListCounts
{
    public sealed record Count(int Positions, int Checkins);

    /// <param name="subEventId">Only the tickets of this date of a series (the admin's per-date figures); null: every ticket.</param>
    public static async Task<(IReadOnlyList<PositionInfo> Positions, Dictionary<long, HashSet<long>> CheckedIn)> LoadAsync(
        CheckinDbContext db, ISender sender, EventInfo found, IReadOnlyCollection<long> listIds, CancellationToken cancellationToken, long? subEventId = null)
    {
        var positions = await sender.Send(new GetEventPositions(found.OrganizerId, found.Id, SubEventId: subEventId), cancellationToken);
        var ids = listIds.ToList();
        var pairs = ids.Count == 0
            ? []
            : await db.Checkins.AsNoTracking()
                .Where(c => c.ListId != null && ids.Contains(c.ListId.Value) && c.Successful && !c.Reverted && c.Type == Shared.Contracts.Checkin.CheckinType.Entry)
                .Select(c => new { ListId = c.ListId!.Value, TicketId = c.TicketId!.Value })
                .Distinct()
                .ToListAsync(cancellationToken);
        var checkedIn = ids.ToDictionary(id => id, _ => new HashSet<long>());
        foreach (var pair in pairs)
        {
            checkedIn[pair.ListId].Add(pair.TicketId);
        }

        return (positions, checkedIn);
    }

    public static Count For(CheckinList list, IReadOnlyList<PositionInfo> positions, HashSet<long> checkedIn)
    {
        var positionCount = 0;
        var checkinCount = 0;
        foreach (var p in positions)
        {
            if (CheckinApi.Counts(list, p))
            {
                positionCount++;
                if (checkedIn.Contains(p.TicketId))
                {
                    checkinCount++;
                }
            }
        }

        return new Count(positionCount, checkinCount);
    }
}
