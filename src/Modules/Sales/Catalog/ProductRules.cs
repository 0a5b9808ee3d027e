using System.Text.Json;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Http;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Catalog;

/// <summary>The rules of a product, its variations and add-on offers; the API and the admin forms both apply them.</summary>
internal static class ProductRules
{
    public const int MaxAddonCount = 100;

    public static async Task ApplyAsync(JsonFields fields, Product target, SalesDbContext db, bool partial, CancellationToken cancellationToken)
    {
        if (!partial || fields.Has("name"))
        {
            if (fields.Text("name", required: true) is { } name)
            {
                target.Name = name;
            }
        }

        if (!partial || fields.Has("default_price"))
        {
            if (fields.Amount("default_price", required: true) is { } price)
            {
                target.DefaultPrice = price;
            }
        }

        if (fields.Flag("admission") is { } admission)
        {
            target.Admission = admission;
        }

        if (fields.Number("multiscan_limit", min: 1, max: 1000) is { } limit)
        {
            target.MultiscanLimit = (int)limit;
        }

        if (fields.Flag("active") is { } active)
        {
            target.Active = active;
        }

        if (fields.Has("category"))
        {
            var categoryId = fields.Number("category", min: 1);
            if (categoryId is not null && !await db.Categories.AnyAsync(c => c.Id == categoryId && c.EventId == target.EventId, cancellationToken))
            {
                fields.Add("category", $"Invalid pk \"{categoryId}\" - object does not exist.");
            }
            else
            {
                target.CategoryId = categoryId;
            }
        }

        if (fields.Root.TryGetProperty("addons", out var addons) && addons.ValueKind != JsonValueKind.Null)
        {
            await ApplyAddonsAsync(fields, addons, target, db, cancellationToken);
        }

        if (!partial && fields.Root.TryGetProperty("variations", out var variations) && variations.ValueKind != JsonValueKind.Null)
        {
            if (variations.ValueKind != JsonValueKind.Array || variations.GetArrayLength() > 1000)
            {
                fields.Add("variations", "Expected a list of at most 1000 variations.");
                return;
            }

            foreach (var element in variations.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    fields.Add("variations", "Each variation must be an object.");
                    continue;
                }

                var inner = JsonFields.Of(element);
                var variation = new ProductVariation { Value = string.Empty };
                ApplyVariation(inner, variation, partial: false);
                foreach (var (field, messages) in inner.Errors)
                {
                    messages.ForEach(m => fields.Add($"variations.{field}", m));
                }

                target.Variations.Add(variation);
            }
        }
    }

    private static async Task ApplyAddonsAsync(JsonFields fields, JsonElement addons, Product target, SalesDbContext db, CancellationToken cancellationToken)
    {
        if (addons.ValueKind != JsonValueKind.Array || addons.GetArrayLength() > 100)
        {
            fields.Add("addons", "Expected a list of at most 100 add-on offers.");
            return;
        }

        var offers = new List<ProductAddon>();
        foreach (var element in addons.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                fields.Add("addons", "Each add-on offer must be an object.");
                continue;
            }

            var inner = JsonFields.Of(element);
            var category = inner.Number("addon_category", required: true, min: 1);
            var min = inner.Number("min_count", min: 0, max: MaxAddonCount) ?? 0;
            var max = inner.Number("max_count", min: 0, max: MaxAddonCount) ?? 1;
            if (min > max)
            {
                inner.Add("max_count", "The maximum count needs to be greater than the minimum count.");
            }

            if (category is { } categoryId)
            {
                if (!await db.Categories.AnyAsync(c => c.Id == categoryId && c.EventId == target.EventId && c.IsAddon, cancellationToken))
                {
                    inner.Add("addon_category", $"Invalid pk \"{categoryId}\" - no add-on category of this event.");
                }
                else if (offers.Any(o => o.AddonCategoryId == categoryId))
                {
                    inner.Add("addon_category", "The same add-on category can only be added once.");
                }
                else if (target.CategoryId == categoryId)
                {
                    inner.Add("addon_category", "A product cannot be offered as an add-on to itself.");
                }
            }

            foreach (var (field, messages) in inner.Errors)
            {
                messages.ForEach(m => fields.Add($"addons.{field}", m));
            }

            if (inner.IsValid)
            {
                offers.Add(new ProductAddon { AddonCategoryId = category!.Value, MinCount = (int)min, MaxCount = (int)max });
            }
        }

        if (!fields.IsValid)
        {
            return;
        }

        // Kept offers stay the same tracked instances (unique per category): removed and re-added would be tracked twice.
        target.Addons.RemoveAll(a => offers.All(o => o.AddonCategoryId != a.AddonCategoryId));
        foreach (var offer in offers)
        {
            if (target.Addons.FirstOrDefault(a => a.AddonCategoryId == offer.AddonCategoryId) is { } kept)
            {
                kept.MinCount = offer.MinCount;
                kept.MaxCount = offer.MaxCount;
            }
            else
            {
                target.Addons.Add(offer);
            }
        }
    }

    public static void ApplyVariation(JsonFields fields, ProductVariation target, bool partial)
    {
        if (!partial || fields.Has("value"))
        {
            if (fields.Text("value", required: true) is { } value)
            {
                target.Value = value;
            }
        }

        if (fields.Has("default_price"))
        {
            target.DefaultPrice = fields.Amount("default_price");
        }

        if (fields.Flag("active") is { } active)
        {
            target.Active = active;
        }
    }
}
