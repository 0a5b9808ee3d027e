using System.ComponentModel.DataAnnotations;
using EventOps.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventOps.Host.Pages.Users;

[Authorize(Policy = StaffRoles.AdminPolicy)]
internal sealed class EditModel(UserManager<IdentityUser> users) : PageModel
{
    public IdentityUser Account { get; private set; } = null!;

    public IList<string> CurrentRoles { get; private set; } = [];

    public bool LockedOut { get; private set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRolesAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var wanted = Roles.Where(IndexModel.Roles.Contains).Distinct().ToList();
        if (Account.Id == users.GetUserId(User) && !wanted.Contains(StaffRoles.Admin))
        {
            // An admin removing their own Admin role could leave nobody able to manage users.
            ModelState.AddModelError(nameof(Roles), "You cannot remove your own Admin role.");
            return Page();
        }

        await users.RemoveFromRolesAsync(Account, CurrentRoles.Except(wanted));
        await users.AddToRolesAsync(Account, wanted.Except(CurrentRoles));
        // Role changes reach an existing login at its next security stamp check; a new stamp makes that soon.
        await users.UpdateSecurityStampAsync(Account);
        TempData["Flash"] = wanted.Count == 0 ? $"{Account.Email} has no role now and cannot use the admin." : $"{Account.Email}: {string.Join(", ", wanted)}.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostPasswordAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), "Enter the new password.");
            return Page();
        }

        var token = await users.GeneratePasswordResetTokenAsync(Account);
        var reset = await users.ResetPasswordAsync(Account, token, NewPassword);
        if (!reset.Succeeded)
        {
            foreach (var error in reset.Errors)
            {
                ModelState.AddModelError(nameof(NewPassword), error.Description);
            }

            return Page();
        }

        // A reset is also how staff get back in after a lockout.
        await users.SetLockoutEndDateAsync(Account, null);
        await users.ResetAccessFailedCountAsync(Account);
        TempData["Flash"] = $"Password of {Account.Email} reset; hand it over in person.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id)
    {
        if (await users.FindByIdAsync(id) is not { } account)
        {
            return false;
        }

        Account = account;
        CurrentRoles = await users.GetRolesAsync(account);
        LockedOut = await users.IsLockedOutAsync(account);
        return true;
    }
}
