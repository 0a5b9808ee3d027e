using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EventOps.Host.Startup;

/// <summary>
/// The usual deployment: a TLS-terminating proxy (nginx, an ingress) in front, plain HTTP to the Host. The proxy's
/// <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed only from the trusted proxies configured here
/// (loopback when none are), so cookies stay Secure for requests that were HTTPS, and the client address the login and
/// token throttles count is the real client's.
/// </summary>
internal static class ProxySupport
{
    public static void AddProxySupport(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = configuration.GetValue("ForwardedHeaders:ForwardLimit", 1);
            var proxies = configuration["ForwardedHeaders:KnownProxies"];
            var networks = configuration["ForwardedHeaders:KnownNetworks"];
            if (proxies is null && networks is null)
            {
                return;
            }

            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in Split(proxies))
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in Split(networks))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

    private static string[] Split(string? list) => (list ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Where HTTPS is required (Production by default, <c>Https:Required</c>), a request that is still plain HTTP after
    /// the forwarded headers gets a 400 that says why, instead of the antiforgery cookie's 500 on every form. Health
    /// probes come straight from the orchestrator over HTTP and are let through.
    /// </summary>
    public static async Task RequireHttpsAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            await next();
            return;
        }

        const string Message = "This EventOps server answers over HTTPS only. Open it with https://. Behind a TLS-terminating proxy, the proxy must send "
            + "X-Forwarded-Proto and be listed in ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks.";
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        var wantsHtml = context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !context.Request.Path.StartsWithSegments("/scanner", StringComparison.OrdinalIgnoreCase)
            && !context.Request.Path.StartsWithSegments("/tickets", StringComparison.OrdinalIgnoreCase);
        if (wantsHtml)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"<!DOCTYPE html><html lang=\"en\"><head><title>HTTPS required</title></head><body><h1>HTTPS required</h1><p>{System.Net.WebUtility.HtmlEncode(Message)}</p></body></html>");
            return;
        }

        await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "HTTPS required", detail: Message).ExecuteAsync(context);
    }
}
