using System.ComponentModel.DataAnnotations;
using EventOps.Host.Auth;
using EventOps.Host.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Host.Pages.Users;

[Authorize(Policy = StaffRoles.AdminPolicy)]
internal sealed class IndexModel(HostDbContext db, UserManager<IdentityUser> users, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    internal sealed record UserRow(string Id, string Email, IReadOnlyList<string> Roles, bool LockedOut);

    internal sealed class NewUserInput
    {
        [Required(ErrorMessage = "Enter the email address the person logs in with.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
        [StringLength(256)]
        [Display(Name = "Email")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Enter a first password.")]
        [DataType(DataType.Password)]
        [Display(Name = "First password")]
        public string? Password { get; set; }

        [Display(Name = "Role")]
        public string Role { get; set; } = StaffRoles.BoxOffice;
    }

    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int Count { get; private set; }

    public IReadOnlyList<UserRow> Rows { get; private set; } = [];

    public int PageCount => Math.Max(1, (Count + PageSize - 1) / PageSize);

    public static readonly string[] Roles = [StaffRoles.BoxOffice, StaffRoles.Admin];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Roles.Contains(Input.Role))
        {
            ModelState.AddModelError("Input.Role", "Choose a role.");
        }

        if (ModelState.IsValid)
        {
            var email = Input.Email!.Trim();
            var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Input.Password!);
            if (created.Succeeded)
            {
                await users.AddToRoleAsync(user, Input.Role);
                TempData["Flash"] = $"{email} can now log in as {Input.Role}.";
                return RedirectToPage();
            }

            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Count = await db.Users.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(u => new { u.Id, u.Email, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var ids = page.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.AsNoTracking().Where(r => ids.Contains(r.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        Rows = [.. page.Select(u => new UserRow(
            u.Id, u.Email ?? string.Empty,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name ?? string.Empty).Order()],
            u.LockoutEnd > now))];
    }
}
