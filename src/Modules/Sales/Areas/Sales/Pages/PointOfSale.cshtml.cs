using System.ComponentModel.DataAnnotations;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Orders;
using EventOps.Modules.Sales.Payments;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.SaleActions;
using EventOps.Shared.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

/// <summary>The box office till: creates a sale through the same SaleCreator as the management API, then shows its tickets.</summary>
internal sealed class PointOfSaleModel(SalesDbContext db, SaleCreator creator, Capacity capacity, PaymentProviders payments, TimeProvider clock) : PageModel
{
    public const int MaxQuantity = 50;
    public static readonly string[] Channels = ["box_office", "pos"];

    internal sealed record EventChoice(long Id, long OrganizerId, string Name, DateTimeOffset DateFrom, bool HasSubevents);

    internal sealed record DateChoice(long Id, string Name, DateTimeOffset DateFrom);

    internal sealed record SeatChoice(string Guid, string Name, string Row, string Number, bool Free);

    /// <summary>
    /// One line of the till: a product, or one variation of it. <see cref="PlacesLeft"/> is null when no quota limits it;
    /// an add-on line attaches to the first position of the sale whose product offers its category.
    /// </summary>
    internal sealed record ProductChoice(
        string Key, long Id, long? VariationId, string Name, decimal Price, bool Admission, int? PlacesLeft, bool IsAddon, IReadOnlyList<SeatChoice>? Seats)
    {
        public bool SoldOut => PlacesLeft == 0 || (Seats is not null && !Seats.Any(s => s.Free));

        public int? Left => Seats is null ? PlacesLeft : Seats.Count(s => s.Free);
    }

    [BindProperty(SupportsGet = true)]
    public long? EventId { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "Date")]
    public long? SubEventId { get; set; }

    [BindProperty]
    public Dictionary<string, int> Quantities { get; set; } = [];

    /// <summary>Seat guids chosen for the seated products.</summary>
    [BindProperty]
    public List<string> Seats { get; set; } = [];

    [BindProperty]
    [StringLength(SaleActionsEndpoint.MaxNameLength, ErrorMessage = "The name must not be longer than {1} characters.")]
    [Display(Name = "Buyer name")]
    public string? BuyerName { get; set; }

    [BindProperty]
    [StringLength(SaleActionsEndpoint.MaxNameLength, ErrorMessage = "The email must not be longer than {1} characters.")]
    [Display(Name = "Buyer email")]
    public string? BuyerEmail { get; set; }

    [BindProperty]
    [Display(Name = "Sales channel")]
    public string Channel { get; set; } = "box_office";

    [BindProperty]
    [Display(Name = "Payment")]
    public string Provider { get; set; } = "cash";

    public IReadOnlyList<EventChoice> Events { get; private set; } = [];

    public EventChoice? Event { get; private set; }

    public IReadOnlyList<DateChoice> Dates { get; private set; } = [];

    public IReadOnlyList<ProductChoice> Products { get; private set; } = [];

    public IEnumerable<IPaymentProvider> Providers => payments.All.OrderBy(p => p.Identifier == "cash" ? 0 : 1).ThenBy(p => p.DisplayName);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Event is null)
        {
            ModelState.AddModelError(nameof(EventId), "Choose an event.");
            return Page();
        }

        var name = BuyerName?.Trim();
        var email = BuyerEmail?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            if (Provider != "cash")
            {
                // Only cash is settled at the desk; every other provider needs somewhere to send the payment details.
                ModelState.AddModelError(nameof(BuyerEmail), "An email is needed unless the buyer pays cash.");
            }
        }
        else if (!SaleActionsEndpoint.IsEmail(email))
        {
            ModelState.AddModelError(nameof(BuyerEmail), "Enter a valid email address, like name@example.com.");
        }

        if (!Channels.Contains(Channel))
        {
            ModelState.AddModelError(nameof(Channel), "Choose box office or POS.");
        }

        var positions = new List<PositionRequest>();
        var addons = new List<(ProductChoice Line, int Quantity)>();
        foreach (var line in Products)
        {
            if (line.Seats is not null)
            {
                // A taken seat ticked in a stale form still goes to the capacity check, which refuses it by name.
                var chosen = Seats.Where(g => line.Seats.Any(seat => seat.Guid == g)).Distinct().ToList();
                positions.AddRange(chosen.Select(g => new PositionRequest(line.Id, SeatGuid: g, VariationId: line.VariationId, SubEventId: SubEventId)));
                continue;
            }

            var quantity = Quantities.GetValueOrDefault(line.Key);
            if (quantity is < 0 or > MaxQuantity)
            {
                ModelState.AddModelError($"Quantities[{line.Key}]", $"Between 0 and {MaxQuantity}.");
                continue;
            }

            if (line.IsAddon)
            {
                addons.Add((line, quantity));
                continue;
            }

            positions.AddRange(Enumerable.Repeat(new PositionRequest(line.Id, VariationId: line.VariationId, SubEventId: SubEventId), quantity));
        }

        if (addons.Any(a => a.Quantity > 0))
        {
            await AttachAddonsAsync(positions, addons, cancellationToken);
        }

        if (positions.Count == 0 && ModelState.IsValid)
        {
            ModelState.AddModelError(string.Empty, "Choose at least one product.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var created = await creator.CreateAsync(
            new NewSale(Event.OrganizerId, Event.Id, email, name, Channel, Provider, positions), User.ActorName(), cancellationToken);
        if (created.Sale is not { } sale)
        {
            // The same sentence as the API: a full quota or a taken seat is named, and the form keeps what was typed.
            foreach (var (field, messages) in created.Errors)
            {
                var key = field switch { "payment_provider" => nameof(Provider), "sales_channel" => nameof(Channel), _ => string.Empty };
                foreach (var message in messages)
                {
                    ModelState.AddModelError(key, message);
                }
            }

            return Page();
        }

        TempData["Flash"] = $"Sale {sale.Code} created ({sale.Status.ToString().ToLowerInvariant()}, {sale.Total:N2}). Print the tickets below.";
        return RedirectToPage("/Sale", new { area = "Sales", id = sale.Id });
    }

    /// <summary>Add-on lines go to the first position whose product offers their category (pretix: an add-on belongs to a parent).</summary>
    private async Task AttachAddonsAsync(List<PositionRequest> positions, List<(ProductChoice Line, int Quantity)> addons, CancellationToken cancellationToken)
    {
        var parentIds = positions.Select(p => p.ProductId).Distinct().ToList();
        var offers = await db.Addons.AsNoTracking().Where(a => parentIds.Contains(a.ProductId)).Select(a => new { a.ProductId, a.AddonCategoryId }).ToListAsync(cancellationToken);
        var addonIds = addons.Select(a => a.Line.Id).ToList();
        var categories = await db.Products.AsNoTracking().Where(p => addonIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.CategoryId, cancellationToken);
        var parents = positions.ToList();
        foreach (var (line, quantity) in addons.Where(a => a.Quantity > 0))
        {
            var parent = parents.FindIndex(p => offers.Any(o => o.ProductId == p.ProductId && o.AddonCategoryId == categories.GetValueOrDefault(line.Id)));
            if (parent < 0)
            {
                ModelState.AddModelError($"Quantities[{line.Key}]", $"{line.Name} is an add-on: sell it with a product that offers it.");
                continue;
            }

            positions.AddRange(Enumerable.Repeat(new PositionRequest(line.Id, VariationId: line.VariationId, SubEventId: SubEventId, AddonTo: parent + 1), quantity));
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Events = await db.Events.AsNoTracking().OrderBy(e => e.DateFrom)
            .Select(e => new EventChoice(e.Id, e.OrganizerId, e.Name, e.DateFrom, e.HasSubevents))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        Event = Events.FirstOrDefault(e => e.Id == EventId)
            ?? Events.FirstOrDefault(e => e.DateFrom >= now.AddDays(-1))
            ?? (Events.Count > 0 ? Events[0] : null);
        EventId = Event?.Id;
        if (Event is null)
        {
            return;
        }

        if (Event.HasSubevents)
        {
            Dates = await db.SubEvents.AsNoTracking().Where(d => d.EventId == Event.Id && d.Active).OrderBy(d => d.DateFrom)
                .Select(d => new DateChoice(d.Id, d.Name, d.DateFrom)).ToListAsync(cancellationToken);
            SubEventId = Dates.FirstOrDefault(d => d.Id == SubEventId)?.Id
                ?? Dates.FirstOrDefault(d => d.DateFrom >= now.AddHours(-6))?.Id
                ?? (Dates.Count > 0 ? Dates[0].Id : null);
        }
        else
        {
            SubEventId = null;
        }

        var products = await db.Products.AsNoTracking().Include(p => p.Variations).Include(p => p.Category).AsSplitQuery()
            .Where(p => p.EventId == Event.Id && p.Active).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var availability = await capacity.AvailabilityAsync(Event.Id, SubEventId, cancellationToken);
        var seats = await FreeSeatsAsync(Event.Id, SubEventId, cancellationToken);
        var lines = new List<ProductChoice>();
        foreach (var product in products)
        {
            var isAddon = product.Category is { IsAddon: true };
            var variations = product.Variations.Where(v => v.Active).OrderBy(v => v.Id).ToList();
            var free = seats.GetValueOrDefault(product.Id);
            if (variations.Count == 0)
            {
                lines.Add(new ProductChoice(
                    $"{product.Id}", product.Id, null, product.Name, product.DefaultPrice, product.Admission,
                    Capacity.PlacesLeft(availability, new Place(product.Id, null, SubEventId, null)), isAddon, free));
                continue;
            }

            lines.AddRange(variations.Select(v => new ProductChoice(
                $"{product.Id}-{v.Id}", product.Id, v.Id, $"{product.Name} – {v.Value}", v.DefaultPrice ?? product.DefaultPrice, product.Admission,
                Capacity.PlacesLeft(availability, new Place(product.Id, v.Id, SubEventId, null)), isAddon, free)));
        }

        Products = lines;
    }

    /// <summary>The seating plan per seated product, in row and number order, each seat free or held by a live ticket on this date.</summary>
    private async Task<Dictionary<long, IReadOnlyList<SeatChoice>>> FreeSeatsAsync(long eventId, long? subEventId, CancellationToken cancellationToken)
    {
        var held = db.Tickets.Where(Capacity.HoldsPlace).Where(t => t.SeatId != null && t.SubEventId == subEventId).Select(t => t.SeatId);
        var plan = await db.Seats.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.Id)
            .Select(s => new { s.ProductId, s.SeatGuid, s.Name, s.Row, s.Number, Held = held.Contains(s.Id) }).ToListAsync(cancellationToken);
        return plan.GroupBy(s => s.ProductId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<SeatChoice>)[.. g
                .OrderBy(s => s.Row, StringComparer.OrdinalIgnoreCase).ThenBy(s => int.TryParse(s.Number, out var n) ? n : int.MaxValue).ThenBy(s => s.Number, StringComparer.Ordinal)
                .Select(s => new SeatChoice(s.SeatGuid, s.Name, s.Row, s.Number, !s.Held))]);
    }
}
