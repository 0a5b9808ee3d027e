using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EventOps.Tests.Browser;

/// <summary>
/// The real Host on Kestrel (a free loopback port) over a fresh SQLite database with the demo data, and one headless
/// Debian chromium driven by Playwright. Shared by every browser test; each test opens its own browser context.
/// </summary>
public sealed class AdminHost : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "Admin-Password-123";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "eventops-browser", Guid.NewGuid().ToString("N"));
    // Disposed in DisposeAsync, which xunit calls for a collection fixture.
    private HostFactory? Factory { get; set; }
    private IPlaywright? playwright;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(ScreenshotFolder);
        Factory = new HostFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:EventOps"] = $"Data Source={Path.Combine(folder, "eventops.db")}",
            ["Demo:Seed"] = "true",
            ["Demo:SalesPerEvent"] = "48",
            ["Demo:AdminEmail"] = AdminEmail,
            ["Demo:AdminPassword"] = AdminPassword,
            ["Hangfire:Server"] = "false",
        });
        Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-browser.sh (the tests never download a browser).");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (own cookies) at tablet width: the admin must work at 768 px.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 768, Height = 1024 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        // Refund, cancel, revoke ask through confirm(): the person at the desk says yes.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EventOps.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private sealed class HostFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<AdminHost>
{
    public const string Name = "browser";
}
