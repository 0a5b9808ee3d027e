using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace EventOps.Tests.Integration.Persistence;

/// <summary>
/// The TicketPositionId migration numbers the tickets that exist when it runs as they were numbered before it (their
/// place in id order within their sale), on a database of its own: it is taken down and up again.
/// </summary>
public abstract class PositionBackfillTests : IAsyncLifetime
{
    private const string BeforePositions = "Inventory";

    protected abstract DatabaseProvider Provider { get; }

    protected string ConnectionString { get; set; } = string.Empty;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private SalesDbContext Open()
    {
        var settings = new DatabaseSettings(Provider, ConnectionString);
        if (Provider == DatabaseProvider.Sqlite)
        {
            var options = new DbContextOptionsBuilder<SalesSqliteDbContext>();
            ModuleDatabase.Configure(options, settings, SalesDbContext.SchemaName);
            return new SalesSqliteDbContext(options.Options);
        }

        var postgres = new DbContextOptionsBuilder<SalesPostgresDbContext>();
        ModuleDatabase.Configure(postgres, settings, SalesDbContext.SchemaName);
        return new SalesPostgresDbContext(postgres.Options);
    }

    [Fact]
    public async Task Migration_NumbersExistingTickets_ByIdOrderWithinTheirSale()
    {
        var now = HostFixture.Start;
        await using (var db = Open())
        {
            await db.Database.MigrateAsync();
            var organizer = new Organizer { Slug = "backfill", Name = "Backfill" };
            db.Organizers.Add(organizer);
            await db.SaveChangesAsync();
            var concert = new Event { OrganizerId = organizer.Id, Slug = "concert", Name = "Concert", DateFrom = now.AddDays(3) };
            db.Events.Add(concert);
            await db.SaveChangesAsync();
            var product = new Product { EventId = concert.Id, Name = "Ticket", DefaultPrice = 10m };
            db.Products.Add(product);
            await db.SaveChangesAsync();

            // Three sales whose tickets were written in turns (ids interleave), each with numbers the migration must
            // replace: it drops the column on the way down and numbers every row afresh on the way up.
            var sales = Enumerable.Range(0, 3).Select(i => new Sale
            {
                OrganizerId = organizer.Id, EventId = concert.Id, Code = $"BACK{i}", Status = SaleStatus.Paid, PaymentProvider = "cash",
                SalesChannel = "web", CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Sales.AddRange(sales);
            await db.SaveChangesAsync();
            foreach (var round in Enumerable.Range(0, 3))
            {
                foreach (var sale in sales.Where((_, i) => round <= i))
                {
                    TicketCodes.AddTicket(sale, product, $"{sale.Code}-{round}").PositionId = 100 - round;
                    await db.SaveChangesAsync();
                }
            }

            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(BeforePositions);
            await migrator.MigrateAsync();
        }

        await using (var db = Open())
        {
            var tickets = await db.Tickets.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.Id, t.SaleId, t.PositionId, t.AttendeeName }).ToListAsync();
            Assert.Equal(6, tickets.Count);
            foreach (var sale in tickets.GroupBy(t => t.SaleId))
            {
                Assert.Equal(Enumerable.Range(1, sale.Count()), sale.Select(t => t.PositionId));
            }

            // The interleaving was real: the second sale's first ticket is not the next id after its own second one.
            Assert.Equal(["BACK0-0", "BACK1-0", "BACK2-0", "BACK1-1", "BACK2-1", "BACK2-2"], tickets.Select(t => t.AttendeeName));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
    }
}

public sealed class PositionBackfillSqliteTests : PositionBackfillTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "eventops-tests", Guid.NewGuid().ToString("N"));

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        ConnectionString = $"Data Source={Path.Combine(folder, "backfill.db")}";
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PositionBackfillPostgresTests : PositionBackfillTests
{
    private readonly string database = "eventops_backfill_" + Guid.NewGuid().ToString("N")[..12];
    private string server = string.Empty;

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task InitializeAsync()
    {
        server = PostgresHost.ServerConnectionString();
        await ExecuteAsync($"CREATE DATABASE {database}");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
