using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace EventOps.Tests.Browser;

/// <summary>
/// The real Host on Kestrel (a free loopback port) over a fresh database with the demo data, and one headless Debian
/// chromium driven by Playwright. Shared by the browser tests of one database kind; each test opens its own context.
/// </summary>
public abstract class AdminHost : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "Admin-Password-123";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The demo organizer's read-write API token, fixed so tests can act as another client (another door).</summary>
    public const string ApiToken = "eo_browser-tests-demo-token-0123456789abcdefghijklmnop";

    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    // Disposed in DisposeAsync, which xunit calls for a collection fixture.
    private HostFactory? Factory { get; set; }
    private IPlaywright? playwright;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The Host's services, for a bench that seeds more data than an API client could make in time.</summary>
    public IServiceProvider Services => Factory!.Services;

    public IBrowser Browser { get; private set; } = null!;

    public string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "screenshots");

    /// <summary>One run saves the screenshots the README points to; the other database kind would only overwrite them.</summary>
    protected abstract bool SavesScreenshots { get; }

    protected abstract string Provider { get; }

    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        Factory = new HostFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider,
            ["ConnectionStrings:EventOps"] = await CreateDatabaseAsync(),
            ["Demo:Seed"] = "true",
            ["Demo:SalesPerEvent"] = "48",
            ["Demo:AdminEmail"] = AdminEmail,
            ["Demo:AdminPassword"] = AdminPassword,
            ["Demo:ApiToken"] = ApiToken,
            ["Hangfire:Server"] = "false",
            // The browser tests log in once per test from one address; the login rate limit has its own test.
            ["RateLimits:LoginPerMinute"] = "1000000",
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
        Browser = await LaunchAsync();
    }

    /// <summary>Another chromium with extra switches (a fake camera); the caller closes it.</summary>
    public Task<IBrowser> LaunchAsync(params string[] extraArgs) => playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = [.. ChromiumArgs, .. extraArgs],
    });

    /// <summary>An HTTP client straight to the Host (not through a test's proxy) with the demo API token.</summary>
    public HttpClient ApiClient(string scheme = "Token")
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"{scheme} {ApiToken}");
        return client;
    }

    /// <summary>A fresh browser context (own cookies) at tablet width: the admin must work at 768 px.</summary>
    public async Task<IPage> NewPageAsync(Uri? baseAddress = null, IBrowser? browser = null)
    {
        var context = await (browser ?? Browser).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseAddress ?? BaseAddress).ToString(),
            ViewportSize = new ViewportSize { Width = 768, Height = 1024 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        // Refund, cancel, revoke ask through confirm(): the person at the desk says yes.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    /// <summary>Logs the page's context in through the login form, as staff do.</summary>
    public static async Task LoginAsync(IPage page, string email = AdminEmail, string password = AdminPassword)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        if (SavesScreenshots)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
        }
    }

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

        await DropDatabaseAsync();
    }

    protected static string RepositoryRoot()
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

public sealed class SqliteAdminHost : AdminHost
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "eventops-browser", Guid.NewGuid().ToString("N"));

    protected override bool SavesScreenshots => true;

    protected override string Provider => "Sqlite";

    protected override Task<string> CreateDatabaseAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.FromResult($"Data Source={Path.Combine(folder, "eventops.db")}");
    }

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}

/// <summary>A fresh database on the PostgreSQL of EVENTOPS_TEST_POSTGRES, else on the cluster scripts/start-postgres.sh starts.</summary>
public sealed class PostgresAdminHost : AdminHost
{
    private string? server;
    private readonly string databaseName = "eventops_browser_" + Guid.NewGuid().ToString("N")[..12];

    protected override bool SavesScreenshots => false;

    protected override string Provider => "Postgres";

    protected override async Task<string> CreateDatabaseAsync()
    {
        server = ServerConnectionString();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {databaseName}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ConnectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (server is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string ServerConnectionString()
    {
        var configured = Environment.GetEnvironmentVariable("EVENTOPS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "start-postgres.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim().Split('\n')[^1] : throw new InvalidOperationException($"scripts/start-postgres.sh failed: {errors}");
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteBrowserCollection : ICollectionFixture<SqliteAdminHost>
{
    public const string Name = "browser-sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresBrowserCollection : ICollectionFixture<PostgresAdminHost>
{
    public const string Name = "browser-postgres";
}
