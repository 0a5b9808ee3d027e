using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages.Setup;

/// <summary>
/// The seating plan: upload seats as CSV (<c>seat_guid,name,row,number,zone,product</c>, product by id or name) or as
/// the API's JSON list, through the API's own rule (all or nothing); and a plain grid per date: free, held, sold.
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class SeatingModel(SalesDbContext db) : PageModel
{
    public const long MaxUploadBytes = 2_000_000;

    internal sealed record SeatView(string Guid, string Name, string Row, string Number, string Product, string State);

    [BindProperty(SupportsGet = true)]
    public long EventId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? SubEventId { get; set; }

    [BindProperty]
    public IFormFile? Plan { get; set; }

    public Event? Event { get; private set; }

    public IReadOnlyList<SubEvent> Dates { get; private set; } = [];

    public IReadOnlyList<IGrouping<string, SeatView>> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Event is null)
        {
            return NotFound();
        }

        if (Plan is null || Plan.Length == 0 || Plan.Length > MaxUploadBytes)
        {
            ModelState.AddModelError(nameof(Plan), $"Choose a CSV or JSON file of at most {MaxUploadBytes / 1_000_000} MB.");
            return Page();
        }

        List<JsonElement> seats;
        try
        {
            await using var stream = Plan.OpenReadStream();
            seats = Plan.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || Plan.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase)
                ? await ReadJsonAsync(stream, cancellationToken)
                : await ReadCsvAsync(stream, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or CsvHelperException or FormatException)
        {
            ModelState.AddModelError(nameof(Plan), $"The file could not be read: {e.Message.Split('\n')[0]}");
            return Page();
        }

        if (seats.Count is 0 or > InventoryEndpoints.MaxSeatsPerRequest)
        {
            ModelState.AddModelError(nameof(Plan), $"The file must hold between 1 and {InventoryEndpoints.MaxSeatsPerRequest} seats.");
            return Page();
        }

        var result = await SeatingPlan.AddAsync(db, Event.Id, seats, cancellationToken);
        if (result.Errors.Count > 0)
        {
            foreach (var (field, messages) in result.Errors.Take(20))
            {
                messages.ForEach(m => ModelState.AddModelError(nameof(Plan), $"{Describe(field)}: {m}"));
            }

            return Page();
        }

        TempData["Flash"] = $"{result.Seats.Count} seats added to the plan.";
        return RedirectToPage(new { eventId = Event.Id, subEventId = SubEventId });
    }

    /// <summary>"3.seat_guid" (the API's key for the 4th seat of a list) as a person reads it.</summary>
    private static string Describe(string field) =>
        field.Split('.', 2) is [var index, var name] && int.TryParse(index, out var i) ? $"seat {i + 1}, {name}" : field;

    private static async Task<List<JsonElement>> ReadJsonAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray().Select(e => e.Clone())] : [root.Clone()];
    }

    private async Task<List<JsonElement>> ReadCsvAsync(Stream stream, CancellationToken cancellationToken)
    {
        var products = await db.Products.AsNoTracking().Where(p => p.EventId == EventId).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(), MissingFieldFound = null });
        var seats = new List<JsonElement>();
        await csv.ReadAsync();
        csv.ReadHeader();
        while (await csv.ReadAsync() && seats.Count <= InventoryEndpoints.MaxSeatsPerRequest)
        {
            var product = csv.GetField("product")?.Trim() ?? string.Empty;
            JsonNode? productValue = long.TryParse(product, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : products.FirstOrDefault(p => string.Equals(p.Name, product, StringComparison.OrdinalIgnoreCase))?.Id is { } named ? named : product;
            seats.Add(JsonSerializer.SerializeToElement(new JsonObject
            {
                ["seat_guid"] = csv.GetField("seat_guid"), ["name"] = csv.GetField("name"), ["row"] = csv.GetField("row"), ["number"] = csv.GetField("number"),
                ["zone"] = csv.GetField("zone"), ["product"] = productValue,
            }));
        }

        return seats;
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Event = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == EventId, cancellationToken);
        if (Event is null)
        {
            return false;
        }

        Dates = await db.SubEvents.AsNoTracking().Where(d => d.EventId == Event.Id).OrderBy(d => d.DateFrom).ToListAsync(cancellationToken);
        SubEventId = Event.HasSubevents ? Dates.FirstOrDefault(d => d.Id == SubEventId)?.Id ?? (Dates.Count > 0 ? Dates[0].Id : null) : null;
        var date = SubEventId;
        var holders = await db.Tickets.AsNoTracking().Where(Capacity.HoldsPlace)
            .Where(t => t.EventId == Event.Id && t.SeatId != null && t.SubEventId == date)
            .Select(t => new { SeatId = t.SeatId!.Value, Paid = t.Sale!.Status == SaleStatus.Paid })
            .ToListAsync(cancellationToken);
        var state = holders.GroupBy(h => h.SeatId).ToDictionary(g => g.Key, g => g.Any(h => h.Paid) ? "sold" : "held");
        var seats = await db.Seats.AsNoTracking().Where(s => s.EventId == Event.Id)
            .Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => new { s.Id, s.SeatGuid, s.Name, s.Row, s.Number, Product = p.Name })
            .ToListAsync(cancellationToken);
        Rows = [.. seats
            .OrderBy(s => s.Row, StringComparer.OrdinalIgnoreCase)
            .ThenBy(s => int.TryParse(s.Number, out var n) ? n : int.MaxValue).ThenBy(s => s.Number, StringComparer.Ordinal)
            .Select(s => new SeatView(s.SeatGuid, s.Name, s.Row, s.Number, s.Product, state.GetValueOrDefault(s.Id, "free")))
            .GroupBy(s => s.Row)];
        return true;
    }
}
