using System.ComponentModel.DataAnnotations;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

/// <summary>Organizer API tokens: created here with the value shown once, listed without values, revoked.</summary>
[Authorize(Roles = "Admin")]
internal sealed class TokensModel(SalesDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    internal sealed record TokenRow(long Id, string Organizer, string Description, string Permission, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    internal sealed class NewTokenInput
    {
        [Required(ErrorMessage = "Choose an organizer.")]
        [Display(Name = "Organizer")]
        public long? OrganizerId { get; set; }

        [Required(ErrorMessage = "Describe what the token is for.")]
        [StringLength(200, ErrorMessage = "The description must not be longer than {1} characters.")]
        [Display(Name = "Description")]
        public string? Description { get; set; }

        [Display(Name = "Permission")]
        public string Permission { get; set; } = "read";
    }

    [BindProperty]
    public NewTokenInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];

    public IReadOnlyList<(long Id, string Slug)> Organizers { get; private set; } = [];

    public int Count { get; private set; }

    /// <summary>The value of the token just created: in this response only, never stored in clear.</summary>
    public string? CreatedValue { get; private set; }

    public long? CreatedId { get; private set; }

    public int PageCount => Math.Max(1, (Count + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // TempData is read once and then deleted: a reload no longer shows the value.
        CreatedValue = TempData["NewToken"] as string;
        CreatedId = long.TryParse(TempData["NewTokenId"] as string, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (Input.Permission is not ("read" or "write"))
        {
            ModelState.AddModelError("Input.Permission", "Choose read or write.");
        }

        if (Input.OrganizerId is { } organizerId && !await db.Organizers.AnyAsync(o => o.Id == organizerId, cancellationToken))
        {
            ModelState.AddModelError("Input.OrganizerId", "Choose an organizer.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var (token, value) = ApiTokenStore.Issue(Input.OrganizerId!.Value, Input.Description!.Trim(), Input.Permission == "write", clock.GetUtcNow());
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);

        // Post/redirect/get: the value travels once in the encrypted TempData cookie, which the next GET consumes.
        TempData["NewToken"] = value;
        TempData["NewTokenId"] = token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var revoked = await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        if (revoked == 1)
        {
            TempData["Flash"] = $"Token #{id} revoked.";
        }
        else
        {
            TempData["FlashError"] = $"Token #{id} does not exist or is revoked already.";
        }

        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Organizers = [.. (await db.Organizers.AsNoTracking().OrderBy(o => o.Slug).Select(o => new { o.Id, o.Slug }).ToListAsync(cancellationToken)).Select(o => (o.Id, o.Slug))];
        if (Input.OrganizerId is null && Organizers.Count == 1)
        {
            Input.OrganizerId = Organizers[0].Id;
        }

        Count = await db.ApiTokens.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Tokens = await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(t => new TokenRow(t.Id, t.Organizer!.Slug, t.Description, t.CanWrite ? "write" : "read", t.CreatedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
    }
}
