namespace EventOps.Host.Startup;

/// <summary>
/// Browser hardening for what the Host serves. The admin gets a CSP without inline script; the API reference
/// (/docs) and the Hangfire dashboard ship inline scripts of their own, so they get a looser script policy but
/// the same framing and sniffing rules.
/// </summary>
internal static class SecurityHeaders
{
    private const string Strict = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                                  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private const string ThirdPartyPages = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                                           "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string hangfirePath) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            var contentType = context.Response.ContentType ?? string.Empty;
            if (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                var path = context.Request.Path;
                headers.ContentSecurityPolicy = path.StartsWithSegments("/docs") || path.StartsWithSegments(hangfirePath) ? ThirdPartyPages : Strict;
                headers.XFrameOptions = "DENY";
            }

            return Task.CompletedTask;
        });
        await next();
    });
}
