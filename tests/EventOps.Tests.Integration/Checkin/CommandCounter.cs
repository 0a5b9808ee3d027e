using System.Data.Common;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Sales.Persistence;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>Counts the SQL commands the module contexts send, so a test can hold a surface to its statement budget.</summary>
internal sealed class CommandCounter : DbCommandInterceptor
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public List<string> Commands { get; } = [];

    public void Reset()
    {
        Interlocked.Exchange(ref count, 0);
        lock (Commands)
        {
            Commands.Clear();
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

    /// <summary>A second Host on the fixture's database whose Sales and Checkin contexts report to this counter.</summary>
    public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Attach(HostFixture host) =>
        host.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<CheckinSqliteDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<CheckinPostgresDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<SalesSqliteDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<SalesPostgresDbContext>(o => o.AddInterceptors(this));
        }));
}
