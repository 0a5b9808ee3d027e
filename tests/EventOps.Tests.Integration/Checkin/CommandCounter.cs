using System.Data.Common;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>
/// Counts the SQL commands the module contexts send, so a test can hold a surface to its statement budget. On
/// PostgreSQL it also hears Npgsql's own activities, which include the commands the fast writers
/// (<c>RowInserter</c>, <c>BulkInsert</c>) send on EF's connection past EF's interceptors.
/// </summary>
internal sealed class CommandCounter : DbCommandInterceptor, IDisposable
{
    private System.Diagnostics.ActivityListener? npgsql;

    private int count;

    public int Count => Volatile.Read(ref count);

    public List<string> Commands { get; } = [];

    public void Reset()
    {
        Interlocked.Exchange(ref count, 0);
        lock (Commands)
        {
            Commands.Clear();
            claimed.Clear();
        }
    }

    private void Record(DbCommand command)
    {
        Interlocked.Increment(ref count);
        lock (Commands)
        {
            Commands.Add(command.CommandText);
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return base.NonQueryExecuting(command, eventData, result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return base.ScalarExecuting(command, eventData, result);
    }

    public void Dispose() => npgsql?.Dispose();

    /// <summary>Raw commands, which EF's interceptors do not see: heard as Npgsql's activities on this fixture's database.</summary>
    private void HearRawCommands(HostFixture host)
    {
        if (host.Provider != EventOps.Shared.Modules.DatabaseProvider.Postgres || npgsql is not null)
        {
            return;
        }

        var database = new Npgsql.NpgsqlConnectionStringBuilder(host.ConnectionString).Database;
        npgsql = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string;
                var name = activity.GetTagItem("db.namespace") as string ?? activity.GetTagItem("db.name") as string;
                if (text is not null && name == database && !Seen(text))
                {
                    Interlocked.Increment(ref count);
                    lock (Commands)
                    {
                        Commands.Add(text);
                    }
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(npgsql);
    }

    // EF's commands are counted by the interceptor as they start; Npgsql reports them again as they stop. Only the
    // ones EF never saw count here.
    private bool Seen(string text)
    {
        lock (Commands)
        {
            var at = Commands.LastIndexOf(text);
            if (at < 0 || claimed.Contains(at))
            {
                return false;
            }

            claimed.Add(at);
            return true;
        }
    }

    private readonly HashSet<int> claimed = [];

    /// <summary>
    /// A second Host on the fixture's database whose module contexts (Sales, Checkin, Scanning) report to this counter.
    /// Its tokens stay cached through the test, so the counts are the request's own: a token's lookup is one statement
    /// more once a second, and a busy machine can take that second between two counts.
    /// </summary>
    public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Attach(HostFixture host) =>
        AttachTo(host).WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, config) =>
            config.AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:TokenCacheLifetime"] = "00:10:00" })));

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> AttachTo(HostFixture host)
    {
        HearRawCommands(host);
        return host.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<CheckinSqliteDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<CheckinPostgresDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<SalesSqliteDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<SalesPostgresDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<ScanningSqliteDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<ScanningPostgresDbContext>(o => o.AddInterceptors(this));
        }));
    }
}
