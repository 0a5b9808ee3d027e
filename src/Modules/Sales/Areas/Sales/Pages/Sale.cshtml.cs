using System.ComponentModel.DataAnnotations;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.SaleActions;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Modules;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

internal sealed class SaleModel(SalesDbContext db, SaleStatusChanger changer, TimeProvider clock, ISender sender, IReadOnlyList<IModule> modules) : PageModel
{
    internal sealed record TicketRow(
        long Id, string ProductName, bool Admission, string? AttendeeName, string? Seat, decimal Price, string Secret, string CheckInCode, string PublicId, bool Voided,
        string? VariationName = null, string? DateName = null, DateTimeOffset? DateFrom = null, long? AddonToId = null);

    internal sealed record HistoryRow(string Trigger, SaleStatus From, SaleStatus To, string Actor, DateTimeOffset At);

    internal sealed record SaleView(
        long Id, long OrganizerId, string Code, SaleStatus Status, bool IsDeleted, string Name, string Email, string EventName, long EventId,
        string PaymentProvider, string SalesChannel, decimal Total, DateTimeOffset CreatedAt, DateTimeOffset? Expires);

    internal sealed class HolderInput
    {
        [StringLength(SaleActionsEndpoint.MaxNameLength, ErrorMessage = "The name must not be longer than {1} characters.")]
        [Display(Name = "Buyer name")]
        public string? Name { get; set; }

        [StringLength(SaleActionsEndpoint.MaxNameLength, ErrorMessage = "The email must not be longer than {1} characters.")]
        [Display(Name = "Buyer email")]
        public string? Email { get; set; }
    }

    public SaleView Sale { get; private set; } = null!;

    public IReadOnlyList<TicketRow> Tickets { get; private set; } = [];

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    /// <summary>Check-ins of this sale's tickets, as the Checkin module records them (empty when that module is off).</summary>
    public ILookup<long, CheckinRecord> Checkins { get; private set; } = Array.Empty<CheckinRecord>().ToLookup(c => c.TicketId);

    /// <summary>
    /// Exactly the triggers the machine permits now. Check-ins (mark_used/mark_unused) are left to the door check,
    /// and expiry belongs to the job.
    /// </summary>
    public IReadOnlyList<SaleTrigger> Triggers { get; private set; } = [];

    [BindProperty]
    public HolderInput Holder { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Holder = new HolderInput { Name = Sale.Name, Email = Sale.Email };
        return Page();
    }

    public async Task<IActionResult> OnPostFireAsync(long id, string? trigger, CancellationToken cancellationToken)
    {
        if (!SaleWords.TryParseAction(trigger, out var parsed) || parsed is SaleTrigger.MarkUsed or SaleTrigger.MarkUnused)
        {
            TempData["FlashError"] = "Unknown action.";
            return RedirectToPage(new { id });
        }

        // The same operation the sale actions API calls: the machine decides again on the status in the database,
        // so a stale button (someone refunded meanwhile) changes nothing.
        var result = await changer.FireAsync(id, parsed, User.ActorName(), holder: null, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        if (result.Refusal is { } refusal)
        {
            TempData["FlashError"] = $"{Label(parsed)} is not possible: {refusal}";
        }
        else if (result.Permitted)
        {
            TempData["Flash"] = parsed == SaleTrigger.Delete ? "Sale deleted." : $"Done: {Label(parsed)}. The sale is now {result.Status.Wire()}.";
        }
        else
        {
            TempData["FlashError"] = $"{Label(parsed)} is not possible: the sale is {result.Status.Wire()}{(result.IsDeleted ? " and deleted" : string.Empty)}.";
        }

        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostHolderAsync(long id, CancellationToken cancellationToken)
    {
        var name = Holder.Name?.Trim() ?? string.Empty;
        var email = Holder.Email?.Trim() ?? string.Empty;
        if (email.Length > 0 && !SaleActionsEndpoint.IsEmail(email))
        {
            ModelState.AddModelError("Holder.Email", "Enter a valid email address, like name@example.com.");
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            ModelState.AddModelError("Holder.Name", "The name contains characters that are not allowed.");
        }

        if (!ModelState.IsValid)
        {
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        var now = clock.GetUtcNow();
        var updated = await db.Sales.Where(s => s.Id == id)
            .ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Name, name).SetProperty(x => x.Email, email).SetProperty(x => x.UpdatedAt, now).SetProperty(x => x.Revision, x => x.Revision + 1),
                cancellationToken);
        if (updated == 0)
        {
            return NotFound();
        }

        TempData["Flash"] = "Buyer details saved.";
        return RedirectToPage(new { id });
    }

    public static string Label(SaleTrigger trigger) => trigger switch
    {
        SaleTrigger.MarkPaid => "Mark paid",
        SaleTrigger.MarkUnpaid => "Mark unpaid",
        SaleTrigger.Refund => "Refund",
        SaleTrigger.Cancel => "Cancel sale",
        SaleTrigger.Delete => "Delete",
        _ => trigger.Wire(),
    };

    public static string? Confirmation(SaleTrigger trigger) => trigger switch
    {
        SaleTrigger.Refund => "Refund this sale? Its tickets stop giving entry.",
        SaleTrigger.Cancel => "Cancel this sale? Its tickets stop giving entry.",
        SaleTrigger.Delete => "Delete this sale? This cannot be undone.",
        _ => null,
    };

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var sale = await db.Sales.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SaleView(s.Id, s.OrganizerId, s.Code, s.Status, s.IsDeleted, s.Name, s.Email, s.Event!.Name, s.EventId, s.PaymentProvider, s.SalesChannel, s.Total, s.CreatedAt, s.Expires))
            .SingleOrDefaultAsync(cancellationToken);
        if (sale is null)
        {
            return false;
        }

        Sale = sale;
        Tickets = await db.Tickets.AsNoTracking().Where(t => t.SaleId == id).OrderBy(t => t.Id)
            .Select(t => new TicketRow(
                t.Id, t.Product!.Name, t.Product.Admission, t.AttendeeName, t.Seat!.Name, t.Price, t.Secret, t.CheckInCode, t.PublicId, t.Voided,
                t.Variation!.Value, t.SubEvent!.Name, (DateTimeOffset?)t.SubEvent.DateFrom, t.AddonToId))
            .ToListAsync(cancellationToken);
        History = await db.StatusChanges.AsNoTracking().Where(c => c.SaleId == id).OrderBy(c => c.Id)
            .Select(c => new HistoryRow(c.Trigger, c.From, c.To, c.Actor, c.At))
            .ToListAsync(cancellationToken);
        if (modules.Any(m => m.Name == "Checkin") && Tickets.Count > 0)
        {
            var checkins = await sender.Send(new GetTicketCheckins(sale.OrganizerId, [.. Tickets.Select(t => t.Id)]), cancellationToken);
            Checkins = checkins.OrderBy(c => c.Datetime).ToLookup(c => c.TicketId);
        }

        Triggers = [.. SaleStatusMachine.Permitted(sale.Status, sale.IsDeleted).Where(t => t is not (SaleTrigger.MarkUsed or SaleTrigger.MarkUnused))];
        return true;
    }
}
