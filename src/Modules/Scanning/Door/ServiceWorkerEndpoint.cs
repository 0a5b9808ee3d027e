using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace EventOps.Modules.Scanning.Door;

/// <summary>
/// Serves the door scanner's service worker at <c>/scan/sw.js</c>. A worker controls only URLs under its own path
/// (or what <c>Service-Worker-Allowed</c> grants), so it cannot live with the other scripts under <c>/_content</c>.
/// Its version is a hash of the files it caches and of this module's build (the Razor pages), so any change to them
/// makes browsers install the new worker, which replaces the old cache.
/// </summary>
internal static class ServiceWorkerEndpoint
{
    public const string AssetFolder = "_content/EventOps.Modules.Scanning/scan";

    private static string? script;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/scan/sw.js", (HttpContext context, IWebHostEnvironment environment) =>
            {
                var body = script ??= Render(environment.WebRootFileProvider);
                if (body is null)
                {
                    return Results.NotFound();
                }

                context.Response.Headers["Service-Worker-Allowed"] = "/scan";
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Text(body, "text/javascript; charset=utf-8");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

    private static string? Render(IFileProvider files)
    {
        var worker = files.GetFileInfo($"{AssetFolder}/sw.js");
        if (!worker.Exists)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(typeof(ServiceWorkerEndpoint).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        Append(files, AssetFolder, hash);
        var version = Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
        using var reader = new StreamReader(worker.CreateReadStream(), Encoding.UTF8);
        return reader.ReadToEnd().Replace("__VERSION__", version, StringComparison.Ordinal);
    }

    private static void Append(IFileProvider files, string folder, IncrementalHash hash)
    {
        foreach (var entry in files.GetDirectoryContents(folder).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.IsDirectory)
            {
                Append(files, $"{folder}/{entry.Name}", hash);
                continue;
            }

            hash.AppendData(Encoding.UTF8.GetBytes(entry.Name));
            using var stream = entry.CreateReadStream();
            hash.AppendData(SHA256.HashData(stream));
        }
    }
}
