using System.Text.Json;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Http;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Inventory;

/// <summary>The rules of a date of a series; the API and the admin forms both apply them.</summary>
internal static class SubEventRules
{
    public static void Apply(JsonFields fields, SubEvent target, bool partial)
    {
        if (!partial || fields.Has("name"))
        {
            if (fields.Text("name", required: !partial || fields.Has("name")) is { } name)
            {
                target.Name = name;
            }
        }

        if (!partial || fields.Has("date_from"))
        {
            if (fields.Instant("date_from", required: true) is { } from)
            {
                target.DateFrom = from;
            }
        }

        if (fields.Has("date_to"))
        {
            target.DateTo = fields.Instant("date_to");
        }

        if (fields.Flag("active") is { } active)
        {
            target.Active = active;
        }

        if (target.DateTo is { } to && to < target.DateFrom)
        {
            fields.Add("date_to", "The date cannot end before it starts.");
        }
    }
}

/// <summary>The rules of a quota: its products and variations belong to the event, its date to the series.</summary>
internal static class QuotaRules
{
    public const int MaxSize = 10_000_000;

    public static async Task ApplyAsync(JsonFields fields, Quota target, Event owner, SalesDbContext db, bool partial, CancellationToken cancellationToken)
    {
        if (!partial || fields.Has("name"))
        {
            if (fields.Text("name", required: true) is { } name)
            {
                target.Name = name;
            }
        }

        if (fields.Has("size"))
        {
            target.Size = (int?)fields.Number("size", min: 0, max: MaxSize);
        }
        else if (!partial)
        {
            fields.Add("size", "This field is required.");
        }

        if (!partial || fields.Has("items"))
        {
            var items = fields.Ids("items") ?? [];
            var known = await db.Products.Where(p => p.EventId == owner.Id && items.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
            foreach (var missing in items.Except(known))
            {
                fields.Add("items", $"Invalid pk \"{missing}\" - object does not exist.");
            }

            // Kept rows stay the same tracked instances: a removed and re-added key would be tracked twice.
            target.Products.RemoveAll(p => !items.Contains(p.ProductId));
            target.Products.AddRange(items.Where(id => target.Products.All(p => p.ProductId != id)).Select(id => new QuotaProduct { ProductId = id }));
        }

        if (!partial || fields.Has("variations"))
        {
            var variations = fields.Ids("variations") ?? [];
            var productIds = target.Products.Select(p => p.ProductId).ToList();
            var known = await db.Variations.Where(v => variations.Contains(v.Id)).Select(v => new { v.Id, v.ProductId }).ToListAsync(cancellationToken);
            foreach (var id in variations)
            {
                var variation = known.FirstOrDefault(v => v.Id == id);
                if (variation is null)
                {
                    fields.Add("variations", $"Invalid pk \"{id}\" - object does not exist.");
                }
                else if (!productIds.Contains(variation.ProductId))
                {
                    fields.Add("variations", $"The variation {id} is not a variation of one of the quota's items.");
                }
            }

            target.Variations.RemoveAll(v => !variations.Contains(v.VariationId));
            target.Variations.AddRange(variations.Where(id => target.Variations.All(v => v.VariationId != id)).Select(id => new QuotaVariation { VariationId = id }));
        }

        if (!partial || fields.Has("subevent"))
        {
            var subEventId = fields.Number("subevent", min: 1);
            if (owner.HasSubevents && subEventId is null && fields.IsValid)
            {
                fields.Add("subevent", "Subevent cannot be null for event series.");
            }
            else if (!owner.HasSubevents && subEventId is not null)
            {
                fields.Add("subevent", "Subevent cannot be set for non-series events.");
            }
            else if (subEventId is not null && !await db.SubEvents.AnyAsync(d => d.Id == subEventId && d.EventId == owner.Id, cancellationToken))
            {
                fields.Add("subevent", $"Invalid pk \"{subEventId}\" - object does not exist.");
            }
            else
            {
                target.SubEventId = subEventId;
            }
        }
    }
}

internal sealed record SeatingPlanResult(IReadOnlyList<Seat> Seats, Dictionary<string, List<string>> Errors);

/// <summary>Adds seats to an event's plan, all or nothing: a guid is unique in the event, a seat belongs to one of its products.</summary>
internal static class SeatingPlan
{
    public static async Task<SeatingPlanResult> AddAsync(SalesDbContext db, long eventId, IReadOnlyList<JsonElement> elements, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seats = new List<Seat>(elements.Count);
        var products = (await db.Products.Where(p => p.EventId == eventId).Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet();
        var guids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var prefix = elements.Count > 1 ? $"{i}." : string.Empty;
            if (elements[i].ValueKind != JsonValueKind.Object)
            {
                Add(errors, $"{prefix}non_field_errors", "Each seat must be an object.");
                continue;
            }

            var fields = JsonFields.Of(elements[i]);
            var guid = fields.Text("seat_guid", required: true, maxLength: 100);
            var name = fields.Text("name", required: true);
            var row = fields.Text("row", maxLength: 50) ?? string.Empty;
            var number = fields.Text("number", maxLength: 50) ?? string.Empty;
            var zone = fields.Text("zone", maxLength: 100) ?? string.Empty;
            var product = fields.Number("product", required: true, min: 1);
            if (product is { } productId && !products.Contains(productId))
            {
                fields.Add("product", $"Invalid pk \"{productId}\" - object does not exist.");
            }

            if (guid is not null && !guids.Add(guid))
            {
                fields.Add("seat_guid", $"The seat_guid \"{guid}\" appears twice in this request.");
            }

            foreach (var (field, messages) in fields.Errors)
            {
                messages.ForEach(m => Add(errors, prefix + field, m));
            }

            if (fields.IsValid)
            {
                seats.Add(new Seat { EventId = eventId, SeatGuid = guid!, Name = name!, Row = row, Number = number, Zone = zone, ProductId = product!.Value });
            }
        }

        var taken = await db.Seats.Where(s => s.EventId == eventId && guids.Contains(s.SeatGuid)).Select(s => s.SeatGuid).ToListAsync(cancellationToken);
        foreach (var guid in taken)
        {
            Add(errors, "seat_guid", $"The seat_guid \"{guid}\" is already in this event's seating plan.");
        }

        if (errors.Count > 0)
        {
            return new SeatingPlanResult([], errors);
        }

        db.Seats.AddRange(seats);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request added one of these guids meanwhile (unique index): nothing of this list is stored.
            db.ChangeTracker.Clear();
            Add(errors, "seat_guid", "One of these seat_guids was added to the plan at the same time; nothing was stored.");
            return new SeatingPlanResult([], errors);
        }

        return new SeatingPlanResult(seats, errors);
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }
}
