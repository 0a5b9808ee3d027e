using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventOps.Modules.Scanning.Areas.Scanning.Pages.Door;

/// <summary>
/// Pairing: the link in the devices page's QR carries the device token in its fragment, which browsers never send,
/// so the token reaches neither this server's logs nor a proxy's. The page's script stores it and forgets the URL.
/// </summary>
[AllowAnonymous]
internal sealed class PairModel : PageModel
{
    public void OnGet()
    {
    }
}
