using System.Text.Json;
using EventOps.Host;
using EventOps.Host.Auth;
using EventOps.Host.Persistence;
using EventOps.Host.Startup;
using EventOps.Shared.Auth;
using EventOps.Shared.Http;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// Modules ship their scripts as Razor class library assets (/_content/<assembly>/...). Only Development maps them
// from a build by default; this maps them in every environment (tests, a build run as Production). A published app
// has them copied under wwwroot and no manifest, where this does nothing.
builder.WebHost.UseStaticWebAssets();
var configuration = builder.Configuration;
var database = ModuleDatabase.ReadSettings(configuration, builder.Environment.ContentRootPath);
var modules = ModuleList.Enabled(configuration);

builder.Services.AddSingleton(database);
builder.Services.AddSingleton(modules);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddModuleDbContext<HostDbContext, HostSqliteDbContext, HostPostgresDbContext, HostSqlServerDbContext>(database, HostDbContext.SchemaName);
builder.Services.AddMediator(options => options.ServiceLifetime = ServiceLifetime.Scoped);
foreach (var module in modules)
{
    module.AddServices(builder.Services, configuration, database);
}

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddDbContextCheck<HostDbContext>("database");
builder.Services.AddDataProtection().SetApplicationName("EventOps").PersistKeysToDbContext<HostDbContext>();

builder.Services.AddIdentity<IdentityUser, IdentityRole>(o =>
    {
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Password.RequiredLength = 10;
        o.User.RequireUniqueEmail = true;
    })
    .AddEntityFrameworkStores<HostDbContext>()
    .AddDefaultTokenProviders();
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/Account/Login";
    o.LogoutPath = "/Account/Logout";
    o.AccessDeniedPath = "/Account/Denied";
    o.Cookie.Name = "eventops.auth";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
    o.Cookie.SecurePolicy = builder.Environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
});
builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = builder.Environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
builder.Services.AddProxySupport(configuration);
builder.Services.AddSingleton<AuthThrottle>();
builder.Services.AddSingleton<LoginThrottle>();
builder.Services.AddSingleton<TokenIdentityCache>();
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.OnRejected = (context, _) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "60";
        return ValueTask.CompletedTask;
    };
    // Password spraying: a generous ceiling of login posts per client address per minute, so a team behind one NAT
    // all log in at a shift's start; each account from each address has its own tighter limit (LoginThrottle), and
    // Identity's lockout guards each account.
    o.AddPolicy(LoginRateLimit, context => HttpMethods.IsPost(context.Request.Method)
        ? System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(AuthThrottle.Address(context), _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
        {
            PermitLimit = configuration.GetValue("RateLimits:LoginPerAddressPerMinute", 100),
            Window = TimeSpan.FromMinutes(1),
        })
        : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter(string.Empty));

    // The door's gate (DoorTraffic): scans beyond the limit wait their turn in order instead of crowding the database.
    // The queue is deep enough never to refuse a door (a refusal would be a 429).
    var concurrentScans = configuration.GetValue("Door:ConcurrentScans", 6 * Environment.ProcessorCount);
    o.AddPolicy(EventOps.Shared.Http.DoorTraffic.Policy, _ => System.Threading.RateLimiting.RateLimitPartition.GetConcurrencyLimiter(string.Empty, _ =>
        new System.Threading.RateLimiting.ConcurrencyLimiterOptions
        {
            PermitLimit = concurrentScans,
            QueueLimit = configuration.GetValue("Door:QueuedScans", 100_000),
            QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst,
        }));
});
builder.Services.AddOpenTelemetryWhenExported(configuration);

const string SmartScheme = "TokenOrCookie";
builder.Services.AddAuthentication()
    .AddPolicyScheme(SmartScheme, "API token or staff cookie", o =>
        o.ForwardDefaultSelector = context => TokenAuthenticationHandler.HasToken(context.Request) ? ApiClaims.Scheme : IdentityConstants.ApplicationScheme)
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthenticationHandler>(ApiClaims.Scheme, null);
// After AddIdentity, which makes its cookie the default: a request carrying a token is judged by the token alone.
builder.Services.Configure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(o =>
{
    o.DefaultScheme = SmartScheme;
    o.DefaultAuthenticateScheme = SmartScheme;
    o.DefaultChallengeScheme = SmartScheme;
});
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(ApiClaims.ReadPolicy, p => p.AddAuthenticationSchemes(ApiClaims.Scheme).RequireClaim(ApiClaims.OrganizerId))
    .AddPolicy(ApiClaims.WritePolicy, p => p.AddAuthenticationSchemes(ApiClaims.Scheme).RequireClaim(ApiClaims.CanWrite, "true"))
    .AddPolicy(ApiClaims.ManagePolicy, p => p.AddAuthenticationSchemes(ApiClaims.Scheme).RequireClaim(ApiClaims.TokenKind, nameof(TokenKind.Api)))
    .AddPolicy(StaffRoles.AdminPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Admin))
    .AddPolicy(StaffRoles.StaffPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Admin, StaffRoles.BoxOffice));

var razor = builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/", StaffRoles.StaffPolicy);
    o.Conventions.AllowAnonymousToFolder("/Account");
    o.Conventions.AddPageApplicationModelConvention("/Account/Login", page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(LoginRateLimit)));
    foreach (var module in modules)
    {
        o.Conventions.AuthorizeAreaFolder(module.Name, "/", StaffRoles.StaffPolicy);
    }
});
foreach (var module in modules)
{
    razor.AddApplicationPart(module.GetType().Assembly);
}

builder.Services.AddHangfire((services, hangfire) =>
{
    hangfire.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
        .UseLogProvider(new HangfireLogBridge(services.GetRequiredService<ILoggerFactory>()));
    _ = database.Provider switch
    {
        DatabaseProvider.Postgres => hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,

            // A job fetched by a Host that dies (kill -9) is handed to another worker after this long, not the default 30 minutes;
            // a live worker keeps its long jobs invisible by sliding the timeout (scripts/crash-test.sh proves both).
            InvisibilityTimeout = TimeSpan.FromSeconds(configuration.GetValue("Hangfire:InvisibilityTimeoutSeconds", 120)),
            UseSlidingInvisibilityTimeout = true,
        }),
        DatabaseProvider.SqlServer => hangfire.UseSqlServerStorage(database.ConnectionString, new SqlServerStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true }),
        _ => (IGlobalConfiguration)hangfire.UseInMemoryStorage(),
    };
});
if (configuration.GetValue("Hangfire:Server", true))
{
    builder.Services.AddHangfireServer(o => o.WorkerCount = configuration.GetValue("Hangfire:Workers", 4));
}

var app = builder.Build();
await DatabaseStartup.InitializeAsync(app, modules);

// One structured line per request, outermost so it sees the final status. The route template, not the path: paths carry
// ticket secrets and ids (and query strings barcodes), and a template keeps the line's cardinality low.
app.UseForwardedHeaders();
var requestLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EventOps.Requests");
app.Use(async (context, next) =>
{
    if (!requestLog.IsEnabled(LogLevel.Information))
    {
        await next(context);
        return;
    }

    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    try
    {
        await next(context);
    }
    finally
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        LogRequest(requestLog, context.Request.Method, route, context.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
});

app.UseExceptionHandler();
app.UseStatusCodePages();
if (app.Environment.IsProduction())
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

if (configuration.GetValue("Https:Required", app.Environment.IsProduction()))
{
    app.Use(ProxySupport.RequireHttpsAsync);
}

var hangfirePath = configuration["Hangfire:Dashboard"] ?? "/hangfire";
app.UseSecurityHeaders(hangfirePath);
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.Use(TokenAuthenticationHandler.RejectThrottledAsync);
app.Use((context, next) => context.RequestServices.GetRequiredService<TokenIdentityCache>().ForgetAfterChangesAsync(context, next));
app.UseRateLimiter();
app.UseAuthorization();
app.Use(EdgeInput.GuardAsync);

app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/docs", o => o.WithTitle("EventOps API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapHealthChecks("/health");
app.MapHangfireDashboard(hangfirePath, new DashboardOptions { Authorization = [], AppPath = "/" })
    .RequireAuthorization(StaffRoles.AdminPolicy);
app.MapRazorPages();
// Every module endpoint is a JSON API: refused input defaults to problem details; surfaces with their own error
// shape say so on their groups (BadInputShape).
var api = app.MapGroup(string.Empty).WithBadInputShape(BadInputShape.Problem);
foreach (var module in modules)
{
    module.MapEndpoints(api);
}

var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
foreach (var module in modules)
{
    module.ScheduleJobs(jobs, configuration);
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    var urls = string.Join(", ", app.Urls);
    app.Logger.LogInformation("EventOps on {Urls}: admin /, API reference /docs, OpenAPI /openapi/v1.json, modules {Modules}, database {Provider}",
        urls, string.Join(",", modules.Select(m => m.Name)), database.Provider);
    if (configuration.GetValue("Host:WarmUp", true))
    {
        _ = Task.Run(() => WarmUpAsync(app.Services, modules, app.Logger, app.Lifetime.ApplicationStopping));
    }
});

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program
{
    /// <summary>Each module's warm-up (<see cref="IModule.WarmUpAsync"/>), one after another, off the requests' path; a failure is logged, never fatal.</summary>
    internal static async Task WarmUpAsync(IServiceProvider services, IReadOnlyList<IModule> modules, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var module in modules)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await module.WarmUpAsync(services, cancellationToken);
                LogWarmedUp(logger, module.Name, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogWarmUpFailed(logger, exception, module.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Module} warmed up in {Milliseconds:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, string module, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {Module} could not warm up; its first requests pay for it")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception, string module);

    private const string LoginRateLimit = "login";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} {Status} {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int status, double elapsedMs);
}
