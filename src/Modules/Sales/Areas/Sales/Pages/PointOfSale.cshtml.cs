using System.ComponentModel.DataAnnotations;
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
internal sealed class PointOfSaleModel(SalesDbContext db, SaleCreator creator, PaymentProviders payments, TimeProvider clock) : PageModel
{
    public const int MaxQuantity = 50;
    public static readonly string[] Channels = ["box_office", "pos"];

    internal sealed record EventChoice(long Id, long OrganizerId, string Name, DateTimeOffset DateFrom);

    internal sealed record ProductChoice(long Id, string Name, decimal Price, bool Admission);

    [BindProperty(SupportsGet = true)]
    public long? EventId { get; set; }

    [BindProperty]
    public Dictionary<long, int> Quantities { get; set; } = [];

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
        foreach (var product in Products)
        {
            var quantity = Quantities.GetValueOrDefault(product.Id);
            if (quantity is < 0 or > MaxQuantity)
            {
                ModelState.AddModelError($"Quantities[{product.Id}]", $"Between 0 and {MaxQuantity}.");
                continue;
            }

            positions.AddRange(Enumerable.Repeat(new PositionRequest(product.Id, null, null), quantity));
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

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Events = await db.Events.AsNoTracking().OrderBy(e => e.DateFrom)
            .Select(e => new EventChoice(e.Id, e.OrganizerId, e.Name, e.DateFrom))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        Event = Events.FirstOrDefault(e => e.Id == EventId)
            ?? Events.FirstOrDefault(e => e.DateFrom >= now.AddDays(-1))
            ?? (Events.Count > 0 ? Events[0] : null);
        EventId = Event?.Id;
        if (Event is not null)
        {
            Products = await db.Products.AsNoTracking().Where(p => p.EventId == Event.Id).OrderBy(p => p.Id)
                .Select(p => new ProductChoice(p.Id, p.Name, p.DefaultPrice, p.Admission))
                .ToListAsync(cancellationToken);
        }
    }
}
