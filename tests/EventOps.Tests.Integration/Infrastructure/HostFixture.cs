using System.Data.Common;
using System.Net.Http.Headers;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.Tokens;
using EventOps.Shared.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Respawn;
using Respawn.Graph;

namespace EventOps.Tests.Integration.Infrastructure;

public sealed record TestOrganizer(long Id, string Slug, string WriteToken, string ReadToken);

/// <summary>
/// One running Host per database kind, shared by a test collection; every test starts from empty module tables
/// (Respawn), keeping the schema, the migrations history and the Host's staff accounts.
/// </summary>
public abstract class HostFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private Respawner? respawner;

    private readonly TestClock clock = new(Start);

    public FakeTimeProvider Clock => clock.Fake;

    public EventOpsFactory Factory { get; private set; } = null!;

    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; private set; } = string.Empty;

    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract DbConnection OpenConnection();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        Factory = CreateFactory();
        _ = Factory.Server;
        await using var connection = OpenConnection();
        await connection.OpenAsync();
        respawner = await Respawner.CreateAsync(connection, await RespawnOptionsAsync(connection));
    }

    public EventOpsFactory CreateFactory(IDictionary<string, string?>? overrides = null, string environment = "Testing")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:EventOps"] = ConnectionString,
            ["Demo:Seed"] = "false",
            ["Demo:AdminEmail"] = "admin@example.com",
            ["Demo:AdminPassword"] = TestStaff.AdminPassword,
            ["Hangfire:Server"] = "false",
            // Tests from one address fail auth on purpose many times; the throttling tests set their own limits.
            ["RateLimits:FailedAuthPerWindow"] = "1000000",
            ["RateLimits:LoginPerMinute"] = "1000000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            // A null override removes the fixture's setting, so the Host's own default applies.
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        return new EventOpsFactory(settings, clock, environment);
    }

    protected abstract Task<RespawnerOptions> RespawnOptionsAsync(DbConnection connection);

    protected virtual Task BeforeResetAsync(DbConnection connection) => Task.CompletedTask;

    public async Task ResetAsync()
    {
        await using var connection = OpenConnection();
        await connection.OpenAsync();
        await BeforeResetAsync(connection);
        await respawner!.ResetAsync(connection);
        clock.Reset(Start);
    }

    public virtual async Task DisposeAsync() => await Factory.DisposeAsync();

    public HttpClient Client(string? token = null, string scheme = "Token")
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, token);
        }

        return client;
    }

    internal async Task<T> WithSalesAsync<T>(Func<SalesDbContext, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SalesDbContext>());
    }

    /// <summary>Organizers have no public create API (an operator task): tests make them directly, with a write and a read token.</summary>
    public Task<TestOrganizer> CreateOrganizerAsync(string slug) => WithSalesAsync(async db =>
    {
        var organizer = new Organizer { Slug = slug, Name = slug };
        db.Organizers.Add(organizer);
        await db.SaveChangesAsync();
        foreach (var channel in SalesChannel.Defaults)
        {
            db.SalesChannels.Add(new SalesChannel { OrganizerId = organizer.Id, Identifier = channel, Name = channel });
        }

        var (write, writeValue) = ApiTokenStore.Issue(organizer.Id, "tests write", canWrite: true, Clock.GetUtcNow());
        var (read, readValue) = ApiTokenStore.Issue(organizer.Id, "tests read", canWrite: false, Clock.GetUtcNow());
        db.ApiTokens.AddRange(write, read);
        await db.SaveChangesAsync();
        return new TestOrganizer(organizer.Id, slug, writeValue, readValue);
    });
}

public static class TestStaff
{
    public const string AdminPassword = "Admin-Password-123";
}
