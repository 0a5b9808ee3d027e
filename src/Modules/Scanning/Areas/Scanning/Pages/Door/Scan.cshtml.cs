using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventOps.Modules.Scanning.Areas.Scanning.Pages.Door;

/// <summary>
/// The browser door scanner. The page is the same for everyone (the service worker caches it for offline use): it
/// carries no user data, and every figure on it comes from the scanner API with the token the browser was paired with.
/// </summary>
[AllowAnonymous]
internal sealed class ScanModel : PageModel
{
    public void OnGet()
    {
    }
}
