using System.ComponentModel.DataAnnotations;
using EventOps.Host.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventOps.Host.Pages.Account;

internal sealed class LoginModel(SignInManager<IdentityUser> signIn, LoginThrottle throttle, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    [Required]
    [EmailAddress]
    public string Email { get; set; } = string.Empty;

    [BindProperty]
    [Required]
    [DataType(DataType.Password)]
    public string Password { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!throttle.TryAcquire(HttpContext, Email))
        {
            logger.LogWarning("Login posts for {Email} throttled", Email);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = LoginThrottle.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, "Too many login attempts for this account: try again in a minute.");
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("Staff login {Email}", Email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        logger.LogWarning("Failed staff login {Email} (locked out: {LockedOut})", Email, result.IsLockedOut);
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes."
            : "Wrong email or password.");
        return Page();
    }
}
