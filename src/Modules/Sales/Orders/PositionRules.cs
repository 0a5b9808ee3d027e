using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Orders;

/// <summary>A position checked against the catalog: what it occupies, what it costs, and its parent's 0-based index.</summary>
internal sealed record ResolvedPosition(Product Product, Place Place, decimal Price, string? AttendeeName, int? AddonToIndex);

/// <summary>
/// The catalog rules of a sale's positions, once for every caller (API, point of sale, demo seed): date of a series,
/// variation, seat of the plan, add-on parent and counts. Messages follow pretix's API where it has one.
/// </summary>
internal static class PositionRules
{
    public static async Task<IReadOnlyList<ResolvedPosition>?> ResolveAsync(
        SalesDbContext db, long eventId, IReadOnlyList<PositionRequest> positions, Action<string> error, CancellationToken cancellationToken)
    {
        var valid = true;
        void Refuse(string message)
        {
            valid = false;
            error(message);
        }

        var hasSubevents = await db.Events.Where(e => e.Id == eventId).Select(e => e.HasSubevents).SingleAsync(cancellationToken);
        var productIds = positions.Select(p => p.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Include(p => p.Variations).Include(p => p.Addons).Include(p => p.Category).AsSplitQuery()
            .Where(p => p.EventId == eventId && productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var subEventIds = positions.Where(p => p.SubEventId is not null).Select(p => p.SubEventId!.Value).Distinct().ToList();
        var subEvents = subEventIds.Count == 0
            ? []
            : await db.SubEvents.AsNoTracking().Where(d => d.EventId == eventId && subEventIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var guids = positions.Where(p => p.SeatGuid is not null).Select(p => p.SeatGuid!).Distinct().ToList();
        var seats = guids.Count == 0
            ? []
            : await db.Seats.AsNoTracking().Where(s => s.EventId == eventId && guids.Contains(s.SeatGuid)).ToDictionaryAsync(s => s.SeatGuid, StringComparer.Ordinal, cancellationToken);
        var seated = (await db.Seats.AsNoTracking().Where(s => s.EventId == eventId && productIds.Contains(s.ProductId)).Select(s => s.ProductId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
        var addonCategories = products.Values.SelectMany(p => p.Addons).Select(a => a.AddonCategoryId).Distinct().ToList();
        var categoryNames = addonCategories.Count == 0
            ? []
            : await db.Categories.AsNoTracking().Where(c => addonCategories.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

        var resolved = new ResolvedPosition?[positions.Count];
        for (var i = 0; i < positions.Count; i++)
        {
            var position = positions[i];
            if (!products.TryGetValue(position.ProductId, out var product))
            {
                Refuse($"Invalid pk \"{position.ProductId}\" - object does not exist.");
                continue;
            }

            int? parentIndex = null;
            if (position.AddonTo is { } addonTo)
            {
                if (addonTo < 1 || addonTo > positions.Count || addonTo == i + 1)
                {
                    Refuse($"addon_to {addonTo} does not name another position of this order.");
                    continue;
                }

                parentIndex = addonTo - 1;
            }

            var subEventId = position.SubEventId ?? (parentIndex is { } p ? positions[p].SubEventId : null);
            if (hasSubevents)
            {
                if (subEventId is null)
                {
                    Refuse("You need to specify a subevent.");
                    continue;
                }

                if (!subEvents.TryGetValue(subEventId.Value, out var date))
                {
                    Refuse($"Invalid pk \"{subEventId}\" - object does not exist.");
                    continue;
                }

                if (!date.Active)
                {
                    Refuse($"The date \"{date.Name}\" is not available for sale.");
                    continue;
                }
            }
            else if (subEventId is not null)
            {
                Refuse("You can not specify a subevent if your event is not an event series.");
                continue;
            }

            ProductVariation? variation = null;
            if (position.VariationId is { } variationId)
            {
                variation = product.Variations.FirstOrDefault(v => v.Id == variationId);
                if (variation is null)
                {
                    Refuse("The specified variation does not belong to the specified item.");
                    continue;
                }

                if (!variation.Active)
                {
                    Refuse($"The variation \"{variation.Value}\" is not available for sale.");
                    continue;
                }
            }
            else if (product.Variations.Any(v => v.Active))
            {
                Refuse($"You should specify a variation for this item (\"{product.Name}\").");
                continue;
            }

            long? seatId = null;
            if (position.SeatGuid is { } guid)
            {
                if (!seated.Contains(product.Id))
                {
                    Refuse("The specified product does not allow to choose a seat.");
                    continue;
                }

                if (!seats.TryGetValue(guid, out var seat) || seat.ProductId != product.Id)
                {
                    Refuse($"The specified seat ID \"{guid}\" is not valid for this product.");
                    continue;
                }

                seatId = seat.Id;
            }
            else if (seated.Contains(product.Id))
            {
                Refuse($"The specified product requires to choose a seat (\"{product.Name}\").");
                continue;
            }

            if (parentIndex is null && product.Category is { IsAddon: true })
            {
                Refuse($"The product \"{product.Name}\" can only be sold as an add-on.");
                continue;
            }

            resolved[i] = new ResolvedPosition(
                product, new Place(product.Id, variation?.Id, subEventId, seatId), variation?.DefaultPrice ?? product.DefaultPrice, position.AttendeeName, parentIndex);
        }

        if (!valid)
        {
            return null;
        }

        var all = resolved.Select(r => r!).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].AddonToIndex is not { } parentIndex)
            {
                continue;
            }

            var parent = all[parentIndex];
            var child = all[i];
            if (parent.AddonToIndex is not null)
            {
                Refuse("An add-on position cannot have add-ons of its own.");
            }
            else if (child.Product.CategoryId is not { } category || parent.Product.Addons.All(a => a.AddonCategoryId != category))
            {
                Refuse($"The product \"{child.Product.Name}\" is not offered as an add-on to \"{parent.Product.Name}\".");
            }
            else if (child.Place.SubEventId != parent.Place.SubEventId)
            {
                Refuse("An add-on must be for the same date as its parent position.");
            }
        }

        for (var i = 0; i < all.Count && valid; i++)
        {
            foreach (var offer in all[i].Product.Addons)
            {
                var count = all.Count(c => c.AddonToIndex == i && c.Product.CategoryId == offer.AddonCategoryId);
                var category = categoryNames.GetValueOrDefault(offer.AddonCategoryId, "add-ons");
                if (count < offer.MinCount)
                {
                    Refuse($"You need to select at least {offer.MinCount} add-ons from the category \"{category}\" for the product \"{all[i].Product.Name}\".");
                }
                else if (count > offer.MaxCount)
                {
                    Refuse($"You can select at most {offer.MaxCount} add-ons from the category \"{category}\" for the product \"{all[i].Product.Name}\".");
                }
            }
        }

        return valid ? all : null;
    }
}
