using EventOps.Shared.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Shared.Persistence;

/// <summary>A module's database as the Host sees it: something to migrate at start-up.</summary>
public sealed record ModuleDatabase(string Schema, Type ContextType)
{
    public const string HistoryTable = "__EFMigrationsHistory";

    public static DatabaseProvider ProviderOf(string? efProviderName) => efProviderName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => DatabaseProvider.Sqlite,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => DatabaseProvider.Postgres,
        "Microsoft.EntityFrameworkCore.SqlServer" => DatabaseProvider.SqlServer,
        _ => throw new NotSupportedException($"Unsupported EF provider {efProviderName}"),
    };

    public static DatabaseSettings ReadSettings(IConfiguration configuration, string contentRoot)
    {
        var providerName = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Database:Provider '{providerName}' is not one of Sqlite, Postgres, SqlServer.");
        }

        var connectionString = configuration.GetConnectionString("EventOps") ?? "Data Source=App_Data/eventops.db";
        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = RootSqlitePath(connectionString, contentRoot);
        }

        return new DatabaseSettings(provider, connectionString);
    }

    /// <summary>A relative SQLite file is placed under the content root, and its folder created, wherever the Host is started from.</summary>
    private static string RootSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            var full = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(contentRoot, path));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }

        // Cached connections: a pooled SQLite connection skips re-opening the file on every request.
        builder.Pooling = true;
        return builder.ToString();
    }

    /// <summary>Configures a provider with the module's own migrations history table.</summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseSettings database, string schema)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(database.ConnectionString, o => o.MigrationsHistoryTable($"{schema}_{HistoryTable}"));
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(TunedPostgres(database.ConnectionString), o => o.MigrationsHistoryTable(HistoryTable, schema));
                break;
            case DatabaseProvider.SqlServer:
                options.UseSqlServer(database.ConnectionString, o => o.MigrationsHistoryTable(HistoryTable, schema));
                break;
        }
    }

    /// <summary>
    /// The hot paths run the same few statements on every request: server-side prepared statements skip PostgreSQL's
    /// parse and plan, and a pooled connection handed back without <c>DISCARD ALL</c> keeps them (no code here sets
    /// session state). Either setting given in the connection string wins.
    /// </summary>
    public static string TunedPostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Options for the design-time tools (dotnet ef), which construct the provider-specific contexts directly.</summary>
    public static DbContextOptions<TContext> DesignTimeOptions<TContext>(DatabaseProvider provider, string schema)
        where TContext : DbContext
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=design-time.db",
            DatabaseProvider.Postgres => "Host=localhost;Database=eventops_design",
            _ => "Server=localhost;Database=eventops_design;Trusted_Connection=True;TrustServerCertificate=True",
        };
        var builder = new DbContextOptionsBuilder<TContext>();
        Configure(builder, new DatabaseSettings(provider, connectionString), schema);
        return builder.Options;
    }
}

public static class ModuleDatabaseRegistration
{
    /// <summary>
    /// Registers a module's context as <typeparamref name="TContext"/>, implemented by the provider-specific subclass
    /// that carries that provider's migrations. Pooled: a redeem touches two or three contexts, and building each one's
    /// options and internal services per request cost more CPU than the SQL it ran.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext, TSqlite, TPostgres, TSqlServer>(
        this IServiceCollection services, DatabaseSettings database, string schema, Action<DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
        where TSqlServer : TContext
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextPool<TContext, TSqlite>(o => Configure(o, database, schema, configure));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextPool<TContext, TPostgres>(o => Configure(o, database, schema, configure));
                break;
            default:
                services.AddDbContextPool<TContext, TSqlServer>(o => Configure(o, database, schema, configure));
                break;
        }

        services.AddSingleton(new ModuleDatabase(schema, typeof(TContext)));
        return services;
    }

    // A pooled context may not change its options in OnConfiguring: what a module adds goes here.
    private static void Configure(DbContextOptionsBuilder options, DatabaseSettings database, string schema, Action<DbContextOptionsBuilder>? configure)
    {
        ModuleDatabase.Configure(options, database, schema);
        configure?.Invoke(options);
    }
}
