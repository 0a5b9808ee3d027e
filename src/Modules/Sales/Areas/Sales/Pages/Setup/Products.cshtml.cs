using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using EventOps.Modules.Sales.Catalog;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages.Setup;

/// <summary>An event's products: create and edit with variations (inline rows) and add-on offers, categories, deactivate.</summary>
[Authorize(Roles = "Admin")]
internal sealed class ProductsModel(SalesDbContext db) : PageModel
{
    public const int BlankVariationRows = 3;

    public sealed class VariationRow
    {
        public long? Id { get; set; }

        public string? Value { get; set; }

        public decimal? Price { get; set; }

        public bool Active { get; set; } = true;
    }

    public sealed class AddonRow
    {
        public long? Category { get; set; }

        public int Min { get; set; }

        public int Max { get; set; } = 1;
    }

    public sealed class ProductInput
    {
        [Display(Name = "Product name")]
        public string? Name { get; set; }

        [Display(Name = "Price")]
        public decimal? Price { get; set; }

        [Display(Name = "Admission")]
        public bool Admission { get; set; } = true;

        [Display(Name = "Entries allowed")]
        public int MultiscanLimit { get; set; } = 1;

        [Display(Name = "Category")]
        public long? CategoryId { get; set; }

        [Display(Name = "On sale")]
        public bool Active { get; set; } = true;

        public List<VariationRow> Variations { get; set; } = [];

        public List<AddonRow> Addons { get; set; } = [];
    }

    public sealed class CategoryInput
    {
        [Display(Name = "Category name")]
        public string? Name { get; set; }

        [Display(Name = "Add-on category (sold only as add-ons)")]
        public bool IsAddon { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long EventId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public ProductInput Input { get; set; } = new();

    [BindProperty]
    public CategoryInput Category { get; set; } = new();

    public Event? Event { get; private set; }

    public IReadOnlyList<Product> Products { get; private set; } = [];

    public IReadOnlyList<ProductCategory> Categories { get; private set; } = [];

    public Product? Editing { get; private set; }

    private static readonly Dictionary<string, string> ProductFields = new()
    {
        ["name"] = "Input.Name", ["default_price"] = "Input.Price", ["admission"] = "Input.Admission", ["multiscan_limit"] = "Input.MultiscanLimit",
        ["category"] = "Input.CategoryId", ["active"] = "Input.Active",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Editing is { } product)
        {
            Input = new ProductInput
            {
                Name = product.Name, Price = product.DefaultPrice, Admission = product.Admission, MultiscanLimit = product.MultiscanLimit, CategoryId = product.CategoryId,
                Active = product.Active,
                Variations = [.. product.Variations.OrderBy(v => v.Id).Select(v => new VariationRow { Id = v.Id, Value = v.Value, Price = v.DefaultPrice, Active = v.Active })],
                Addons = [.. product.Addons.OrderBy(a => a.Id).Select(a => new AddonRow { Category = a.AddonCategoryId, Min = a.MinCount, Max = a.MaxCount })],
            };
        }

        PadRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        var product = Editing ?? new Product { EventId = Event.Id, Name = string.Empty };
        var addons = new JsonArray([.. Input.Addons.Where(a => a.Category is not null)
            .Select(a => (JsonNode)new JsonObject { ["addon_category"] = a.Category, ["min_count"] = a.Min, ["max_count"] = a.Max })]);
        var fields = FormRules.Fields(new JsonObject
        {
            ["name"] = Input.Name?.Trim(), ["default_price"] = Input.Price is { } price ? FormRules.Money(price) : null, ["admission"] = Input.Admission,
            ["multiscan_limit"] = Input.MultiscanLimit, ["category"] = Input.CategoryId, ["active"] = Input.Active, ["addons"] = addons,
        });
        await ProductRules.ApplyAsync(fields, product, db, partial: Editing is not null, cancellationToken);
        FormRules.CopyErrors(fields, ModelState, ProductFields);

        for (var i = 0; i < Input.Variations.Count; i++)
        {
            var row = Input.Variations[i];
            var existing = row.Id is { } id ? product.Variations.FirstOrDefault(v => v.Id == id) : null;
            if (existing is null && string.IsNullOrWhiteSpace(row.Value))
            {
                continue;
            }

            var variation = existing ?? new ProductVariation { Value = string.Empty };
            var rowFields = FormRules.Fields(new JsonObject { ["value"] = row.Value?.Trim(), ["default_price"] = FormRules.Money(row.Price) is { Length: > 0 } p ? p : null, ["active"] = row.Active });
            ProductRules.ApplyVariation(rowFields, variation, partial: false);
            FormRules.CopyErrors(rowFields, ModelState, new Dictionary<string, string> { ["value"] = $"Input.Variations[{i}].Value", ["default_price"] = $"Input.Variations[{i}].Price" });
            if (existing is null && rowFields.IsValid)
            {
                product.Variations.Add(variation);
            }
        }

        if (!ModelState.IsValid)
        {
            PadRows();
            return Page();
        }

        if (Editing is null)
        {
            db.Products.Add(product);
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"Product \"{product.Name}\" saved.";
        return RedirectToPage(new { eventId = Event.Id });
    }

    public async Task<IActionResult> OnPostCategoryAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(Category.Name) || Category.Name.Length > 200)
        {
            ModelState.AddModelError("Category.Name", "Enter a name of at most 200 characters.");
            PadRows();
            return Page();
        }

        db.Categories.Add(new ProductCategory { EventId = Event.Id, Name = Category.Name.Trim(), IsAddon = Category.IsAddon });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"Category \"{Category.Name.Trim()}\" added.";
        return RedirectToPage(new { eventId = Event.Id, id = Id });
    }

    private void PadRows()
    {
        Input.Variations.AddRange(Enumerable.Range(0, BlankVariationRows).Select(_ => new VariationRow()));
        if (Input.Addons.Count == 0)
        {
            Input.Addons.Add(new AddonRow());
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Event = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == EventId, cancellationToken);
        if (Event is null)
        {
            return false;
        }

        Products = await db.Products.AsNoTracking().Include(p => p.Variations).Include(p => p.Category).AsSplitQuery()
            .Where(p => p.EventId == Event.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        Categories = await db.Categories.AsNoTracking().Where(c => c.EventId == Event.Id).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        if (Id is { } id)
        {
            Editing = await db.Products.Include(p => p.Variations).Include(p => p.Addons).AsSplitQuery().SingleOrDefaultAsync(p => p.Id == id && p.EventId == Event.Id, cancellationToken);
            return Editing is not null;
        }

        return true;
    }
}
