using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Lists;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace EventOps.Modules.Checkin.Positions;

/// <summary>Seed 003: <c>positions/</c> of a check-in list, with every filter and ordering the seed documents.</summary>
internal static class PositionEndpoints
{
    private static readonly string[] OrderingFields = ["order__code", "order__datetime", "positionid", "attendee_name", "last_checked_in", "order__email"];

    public static void Map(RouteGroupBuilder lists)
    {
        lists.MapGet("/{list}/positions/", ListAsync).WithName("ListCheckinPositions").WithSummary("The tickets of a check-in list, with their check-ins on it.")
            .WithDescription(
                "Query filters (seed 003): item, item__in, variation, variation__in, subevent, subevent__in, addon_to, addon_to__in (the parent position's id), "
                + "attendee_name (add-ons of that attendee included), secret, order, order__status, order__status__in, has_checkin, ignore_status, search; "
                + "ordering by order__code, order__datetime, positionid, attendee_name, last_checked_in, order__email. A list bound to a date (subevent) holds "
                + "only that date's tickets. Positions carry variation, subevent, addon_to and seat ({id, name, seat_guid}).")
            .Produces<Page<PositionDto>>().Produces(StatusCodes.Status404NotFound);
        lists.MapGet("/{list}/positions/{id}/", GetAsync).WithName("GetCheckinPosition").WithSummary("One ticket of a check-in list, by id or secret.")
            .Produces<PositionDto>().Produces(StatusCodes.Status404NotFound);
    }

    private sealed record Row(PositionInfo Position, DateTimeOffset? LastCheckedIn);

    private static async Task<IResult> ListAsync(string @event, string list, HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var pageError) is not { } page)
        {
            return OrganizerApi.BadPage(pageError!);
        }

        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        var checkinList = found is null ? null : await CheckinApi.FindListAsync(db, context, found, list, cancellationToken);
        if (checkinList is null)
        {
            return OrganizerApi.NotFound();
        }

        return await PageAsync(context, db, sender, found!.OrganizerId, [checkinList], page, cancellationToken);
    }

    /// <summary>
    /// The positions of some lists (one here, several for checkinrpc/search), filtered, ordered and paged. A constant
    /// number of queries whatever the page size: one to Sales per event, three to Checkin.
    /// </summary>
    public static async Task<IResult> PageAsync(
        HttpContext context, CheckinDbContext db, ISender sender, long organizerId, IReadOnlyList<CheckinList> lists, PageRequest page, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var filter = Filters.Read(query, errors);
        if (errors.Count > 0)
        {
            return OrganizerApi.Invalid(errors);
        }

        var listIds = lists.Select(l => l.Id).ToList();
        var positions = new List<PositionInfo>();
        foreach (var group in lists.GroupBy(l => l.EventId))
        {
            var eventLists = group.ToList();
            var eventPositions = await sender.Send(new GetEventPositions(organizerId, group.Key), cancellationToken);
            var byTicket = eventPositions.ToDictionary(p => p.TicketId);
            positions.AddRange(eventPositions.Select(p => PositionView.WithParentName(p, byTicket)).Where(p =>
                !p.SaleDeleted && eventLists.Any(l => l.Holds(p.ProductId, p.VariationId, p.SubEventId)) && (filter.IgnoreStatus || (!p.Voided && eventLists.Any(l => CheckinApi.Counts(l, p))))));
        }

        var lastEntry = await db.Checkins.AsNoTracking()
            .Where(c => c.ListId != null && listIds.Contains(c.ListId.Value) && c.Successful && !c.Reverted)
            .GroupBy(c => c.TicketId!.Value)
            .Select(g => new { TicketId = g.Key, Last = g.Max(c => c.Datetime) })
            .ToDictionaryAsync(x => x.TicketId, x => x.Last, cancellationToken);

        var rows = positions
            .Select(p => new Row(p, lastEntry.TryGetValue(p.TicketId, out var last) ? last : null))
            .Where(r => filter.Matches(r.Position, r.LastCheckedIn is not null))
            .ToList();
        var ordered = Order(rows, query["ordering"]);
        var pageRows = ordered.Skip(page.Skip).Take(page.Size).ToList();
        var ids = pageRows.Select(r => r.Position.TicketId).ToList();
        var checkins = (await db.Checkins.AsNoTracking()
                .Where(c => c.ListId != null && listIds.Contains(c.ListId.Value) && c.Successful && !c.Reverted && c.TicketId != null && ids.Contains(c.TicketId.Value))
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.TicketId!.Value);
        var answers = (await db.Answers.AsNoTracking().Where(a => ids.Contains(a.TicketId)).ToListAsync(cancellationToken)).ToLookup(a => a.TicketId);
        var results = pageRows.Select(r => PositionView.From(r.Position, checkins[r.Position.TicketId], answers[r.Position.TicketId])).ToList();
        return Results.Ok(page.ToPage(context.Request, rows.Count, results));
    }

    private static async Task<IResult> GetAsync(string @event, string list, string id, HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        var checkinList = found is null ? null : await CheckinApi.FindListAsync(db, context, found, list, cancellationToken);
        if (checkinList is null)
        {
            return OrganizerApi.NotFound();
        }

        var position = await FindPositionAsync(sender, found!, id, cancellationToken);
        var ignoreStatus = Filters.IsTrue(context.Request.Query["ignore_status"]);
        if (position is null || !checkinList.Holds(position.ProductId, position.VariationId, position.SubEventId) || position.SaleDeleted || (!ignoreStatus && (position.Voided || !CheckinApi.Counts(checkinList, position))))
        {
            return OrganizerApi.NotFound();
        }

        var checkins = await db.Checkins.AsNoTracking().Where(c => c.ListId == checkinList.Id && c.TicketId == position.TicketId && c.Successful).ToListAsync(cancellationToken);
        var answers = await db.Answers.AsNoTracking().Where(a => a.TicketId == position.TicketId).ToListAsync(cancellationToken);
        return Results.Ok(PositionView.From(position, checkins, answers));
    }

    /// <summary>seed 003: "Instead of an ID, you can also use the secret field as the lookup parameter."</summary>
    public static async Task<PositionInfo?> FindPositionAsync(ISender sender, EventInfo found, string id, CancellationToken cancellationToken)
    {
        var kind = CheckinApi.TryParseId(id, out _) ? TicketIdentifierKind.Id : TicketIdentifierKind.Secret;
        var ticket = await sender.Send(new FindTicket(found.OrganizerId, id, kind, found.Id), cancellationToken);
        if (ticket is null && kind == TicketIdentifierKind.Id)
        {
            ticket = await sender.Send(new FindTicket(found.OrganizerId, id, TicketIdentifierKind.Secret, found.Id), cancellationToken);
        }

        if (ticket is null)
        {
            return null;
        }

        // The whole sale: an add-on's parent (for its attendee name) is in the same sale.
        var sale = (await sender.Send(new GetEventPositions(found.OrganizerId, found.Id, SaleId: ticket.SaleId), cancellationToken)).ToDictionary(p => p.TicketId);
        return sale.TryGetValue(ticket.TicketId, out var position) ? PositionView.WithParentName(position, sale) : null;
    }

    private static IEnumerable<Row> Order(List<Row> rows, StringValues ordering)
    {
        var keys = ordering.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(k => OrderingFields.Contains(k.TrimStart('-'), StringComparer.Ordinal))
            .ToList();
        if (keys.Count == 0)
        {
            // DRF ignores unknown ordering fields; the seed's default is attendee_name,positionid.
            keys = ["attendee_name", "positionid"];
        }

        IOrderedEnumerable<Row>? sorted = null;
        foreach (var key in keys)
        {
            var descending = key.StartsWith('-');
            sorted = key.TrimStart('-') switch
            {
                "order__code" => By(sorted, rows, r => r.Position.SaleCode, descending, StringComparer.Ordinal),
                "order__datetime" => By(sorted, rows, r => r.Position.SaleDatetime, descending, Comparer<DateTimeOffset>.Default),
                "positionid" => By(sorted, rows, r => r.Position.PositionId, descending, Comparer<int>.Default),
                "attendee_name" => By(sorted, rows, r => DisplayName(r.Position), descending, StringComparer.OrdinalIgnoreCase),
                "last_checked_in" => By(sorted, rows, r => r.LastCheckedIn, descending, Comparer<DateTimeOffset?>.Default),
                _ => By(sorted, rows, r => r.Position.Email, descending, StringComparer.OrdinalIgnoreCase),
            };
        }

        // A stable tail, so pages never overlap.
        return sorted!.ThenBy(r => r.Position.TicketId);
    }

    private static IOrderedEnumerable<Row> By<TKey>(IOrderedEnumerable<Row>? sorted, List<Row> rows, Func<Row, TKey> key, bool descending, IComparer<TKey> comparer) =>
        sorted is null
            ? descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer)
            : descending ? sorted.ThenByDescending(key, comparer) : sorted.ThenBy(key, comparer);

    private static string DisplayName(PositionInfo p) => string.IsNullOrWhiteSpace(p.AttendeeName) ? p.BuyerName : p.AttendeeName;

    /// <summary>The seed's query filters. Vouchers do not exist here, so asking for one matches nothing.</summary>
    private sealed class Filters
    {
        public bool IgnoreStatus { get; private init; }
        private string? OrderCode { get; init; }
        private string? Search { get; init; }
        private HashSet<long>? Items { get; init; }
        private HashSet<long>? Variations { get; init; }
        private HashSet<long>? SubEvents { get; init; }
        private HashSet<long>? AddonTo { get; init; }
        private string? AttendeeName { get; init; }
        private string? Secret { get; init; }
        private HashSet<string>? Statuses { get; init; }
        private bool? HasCheckin { get; init; }
        private bool Nothing { get; init; }

        public static Filters Read(IQueryCollection query, Dictionary<string, List<string>> errors)
        {
            void Error(string field, string message) => errors[field] = [message];

            var items = IdFilter(query, "item", errors);

            var nothing = query.ContainsKey("voucher") || query.ContainsKey("voucher__code");

            HashSet<string>? statuses = null;
            if (query.TryGetValue("order__status", out var status))
            {
                statuses = ParseStatuses("order__status", [status.ToString()], errors);
            }

            if (query.TryGetValue("order__status__in", out var statusIn))
            {
                var more = ParseStatuses("order__status__in", statusIn.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), errors);
                statuses = statuses is null ? more : more is null ? statuses : [.. statuses.Intersect(more)];
            }

            bool? hasCheckin = null;
            if (query.TryGetValue("has_checkin", out var has))
            {
                hasCheckin = ParseBool(has.ToString());
                if (hasCheckin is null)
                {
                    Error("has_checkin", "Select a valid choice.");
                }
            }

            var ignore = false;
            if (query.TryGetValue("ignore_status", out var ignoreText))
            {
                if (ParseBool(ignoreText.ToString()) is { } value)
                {
                    ignore = value;
                }
                else
                {
                    Error("ignore_status", "Select a valid choice.");
                }
            }

            return new Filters
            {
                IgnoreStatus = ignore,
                OrderCode = query.TryGetValue("order", out var order) ? order.ToString() : null,
                Search = query.TryGetValue("search", out var search) && search.ToString().Trim().Length > 0 ? search.ToString().Trim() : null,
                Items = items,
                Variations = IdFilter(query, "variation", errors),
                SubEvents = IdFilter(query, "subevent", errors),
                AddonTo = IdFilter(query, "addon_to", errors),
                AttendeeName = query.TryGetValue("attendee_name", out var attendee) ? attendee.ToString() : null,
                Secret = query.TryGetValue("secret", out var secret) ? secret.ToString() : null,
                Statuses = statuses,
                HasCheckin = hasCheckin,
                Nothing = nothing,
            };
        }

        /// <summary><c>name</c> (one id) and <c>name__in</c> (comma-separated ids); both given, a position must match both.</summary>
        private static HashSet<long>? IdFilter(IQueryCollection query, string name, Dictionary<string, List<string>> errors)
        {
            HashSet<long>? ids = null;
            if (query.TryGetValue(name, out var one))
            {
                ids = ParseIds(name, one.ToString(), errors, single: true);
            }

            if (query.TryGetValue(name + "__in", out var many))
            {
                var more = ParseIds(name + "__in", many.ToString(), errors, single: false);
                ids = ids is null ? more : more is null ? ids : [.. ids.Intersect(more)];
            }

            return ids;
        }

        public static bool IsTrue(StringValues value) => ParseBool(value.ToString()) == true;

        public bool Matches(PositionInfo p, bool checkedIn)
        {
            if (Nothing)
            {
                return false;
            }

            if (OrderCode is not null && !string.Equals(p.SaleCode, OrderCode, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (Items is not null && !Items.Contains(p.ProductId))
            {
                return false;
            }

            if ((Variations is not null && (p.VariationId is not { } variation || !Variations.Contains(variation)))
                || (SubEvents is not null && (p.SubEventId is not { } date || !SubEvents.Contains(date)))
                || (AddonTo is not null && (p.AddonToId is not { } parent || !AddonTo.Contains(parent))))
            {
                return false;
            }

            if (AttendeeName is not null && !string.Equals(DisplayName(p), AttendeeName, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (Secret is not null && !string.Equals(p.Secret, Secret, StringComparison.Ordinal))
            {
                return false;
            }

            if (Statuses is not null && !Statuses.Contains(PositionView.StatusCode(p.SaleStatus, p.SaleDeleted)))
            {
                return false;
            }

            if (HasCheckin is { } has && has != checkedIn)
            {
                return false;
            }

            // pretix: attendee name, order code and buyer name anywhere (case-insensitive), the secret from its beginning.
            return Search is null
                || DisplayName(p).Contains(Search, StringComparison.OrdinalIgnoreCase)
                || p.BuyerName.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || p.SaleCode.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || p.Secret.StartsWith(Search, StringComparison.Ordinal);
        }

        private static bool? ParseBool(string text) => text.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => null,
        };

        private static HashSet<long>? ParseIds(string name, string text, Dictionary<string, List<string>> errors, bool single)
        {
            var parts = single ? [text.Trim()] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var ids = new HashSet<long>();
            foreach (var part in parts)
            {
                if (!long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                {
                    errors[name] = [single ? "Enter a number." : "Enter a comma-separated list of numbers."];
                    return null;
                }

                ids.Add(id);
            }

            return ids;
        }

        private static HashSet<string>? ParseStatuses(string name, IEnumerable<string> values, Dictionary<string, List<string>> errors)
        {
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                // pretix's one-letter codes, or our status words.
                var code = value switch
                {
                    "n" or "p" or "e" or "c" => value,
                    "pending" or "unpaid" => "n",
                    "paid" => "p",
                    "expired" => "e",
                    "canceled" or "cancelled" or "refunded" => "c",
                    _ => null,
                };
                if (code is null)
                {
                    errors[name] = [$"Select a valid choice. {value} is not one of the available choices."];
                    return null;
                }

                codes.Add(code);
            }

            return codes;
        }
    }
}
