using System.Diagnostics;
using System.Security.Cryptography;
using EventOps.Host.Auth;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Medallion.Threading.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Host.Startup;

/// <summary>Start-up work before the Host serves: migrations of every context, module initialisation, the first admin.</summary>
internal static class DatabaseStartup
{
    public static async Task InitializeAsync(WebApplication app, IReadOnlyList<IModule> modules)
    {
        var stopwatch = Stopwatch.StartNew();
        var configuration = app.Configuration;
        var database = app.Services.GetRequiredService<DatabaseSettings>();

        // Two replicas started together on one database both find no role, no admin, no demo organizer, and both
        // create them: the loser of the unique index used to exit. One lock around the whole start-up makes the
        // second Host wait, then find everything made.
        await using var startupLock = await AcquireStartupLockAsync(database, app.Logger);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            if (configuration.GetValue("Database:Migrate", true))
            {
                // EF Core takes a database lock around each migration run, so two Hosts starting together on one
                // PostgreSQL apply each migration once.
                foreach (var moduleDatabase in scope.ServiceProvider.GetServices<ModuleDatabase>())
                {
                    var context = (DbContext)scope.ServiceProvider.GetRequiredService(moduleDatabase.ContextType);
                    await context.Database.MigrateAsync();
                }
            }

            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets readers (scanners reading snapshots) run beside the one writer.
                var context = (DbContext)scope.ServiceProvider.GetRequiredService(scope.ServiceProvider.GetServices<ModuleDatabase>().First().ContextType);
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            await EnsureStaffAsync(scope.ServiceProvider, configuration, app.Logger);

            // The first Data Protection key too: Hosts that each made their own at first use would refuse each other's
            // antiforgery tokens and cookies until they re-read the key ring.
            scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("EventOps.Startup").Protect("ready");
        }

        foreach (var module in modules)
        {
            await module.InitializeAsync(app.Services, configuration, CancellationToken.None);
        }

        app.Logger.LogInformation("Database {Provider} ready in {Elapsed} ms", database.Provider, stopwatch.ElapsedMilliseconds);
    }

    /// <summary>
    /// A PostgreSQL session advisory lock (SQL Server: an application lock) held on its own connection until start-up
    /// ends. SQLite needs none: its one writer is the file, and one Host serves one file.
    /// </summary>
    private static async Task<IAsyncDisposable?> AcquireStartupLockAsync(DatabaseSettings database, ILogger logger)
    {
        var stopwatch = Stopwatch.StartNew();
        IAsyncDisposable? handle = database.Provider switch
        {
            DatabaseProvider.Postgres => await new PostgresDistributedLock(new PostgresAdvisoryLockKey(StartupLockName, allowHashing: true), database.ConnectionString)
                .AcquireAsync(TimeSpan.FromMinutes(10)),
            DatabaseProvider.SqlServer => await SqlServerAppLock.AcquireAsync(database.ConnectionString, StartupLockName),
            _ => null,
        };
        if (stopwatch.ElapsedMilliseconds > 500)
        {
            logger.LogInformation("Waited {Elapsed} ms for another Host's start-up", stopwatch.ElapsedMilliseconds);
        }

        return handle;
    }

    private const string StartupLockName = "eventops-startup";

    private static async Task EnsureStaffAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in new[] { StaffRoles.Admin, StaffRoles.BoxOffice })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.Users.AnyAsync())
        {
            return;
        }

        var email = configuration["Demo:AdminEmail"] ?? "admin@example.com";
        var configuredPassword = configuration["Demo:AdminPassword"];
        var password = string.IsNullOrEmpty(configuredPassword) ? GeneratePassword() : configuredPassword;
        var admin = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            logger.LogWarning("First admin {Email} not created: {Errors}", email, string.Join("; ", created.Errors.Select(e => e.Description)));
            return;
        }

        await users.AddToRoleAsync(admin, StaffRoles.Admin);
        if (string.IsNullOrEmpty(configuredPassword))
        {
            // Logged once, at creation; only Identity's password hash is stored.
            logger.LogWarning("First admin created: {Email} with generated password {Password}", email, password);
        }
        else
        {
            logger.LogInformation("First admin created: {Email}", email);
        }
    }

    private static string GeneratePassword() => RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16) + "-9aZ";
}
