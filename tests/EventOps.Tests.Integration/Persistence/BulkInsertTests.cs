using EventOps.Modules.Scanning.Domain;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Persistence;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Persistence;

/// <summary>
/// The one-write insert behind offline sync (a COPY on PostgreSQL, SaveChanges elsewhere): ids as SaveChanges gives
/// them, all or nothing on a unique index, and inside the caller's transaction, which a crash-safe sync relies on.
/// </summary>
public abstract class BulkInsertTests(HostFixture host) : HostTests(host)
{
    private static OfflineRedemption Claim(long organizerId, string clientId) => new()
    {
        OrganizerId = organizerId, Actor = "device:1", ClientId = clientId, EventSlug = "conf", PublicId = "P" + clientId,
        ScannedAt = DateTimeOffset.UnixEpoch.AddDays(20_000), SyncedAt = DateTimeOffset.UnixEpoch.AddDays(20_000), Result = OfflineRedemption.Pending,
    };

    private async Task<List<string>> StoredAsync(long organizerId)
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScanningDbContext>().OfflineRedemptions.AsNoTracking()
            .Where(r => r.OrganizerId == organizerId).OrderBy(r => r.Id).Select(r => r.ClientId).ToListAsync();
    }

    [Fact]
    public async Task Rows_GetIncreasingIds_AndComeBackUntracked()
    {
        var organizer = Random.Shared.NextInt64(1_000_000, long.MaxValue / 2);
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScanningDbContext>();
        List<OfflineRedemption> rows = [.. Enumerable.Range(0, 50).Select(i => Claim(organizer, $"c{i:D2}"))];
        Assert.True(await BulkInsert.TryInsertAsync(db, rows, default));
        Assert.All(rows, r => Assert.True(r.Id > 0));
        Assert.Equal(rows.Select(r => r.Id).Order(), rows.Select(r => r.Id));
        Assert.Empty(db.ChangeTracker.Entries());
        Assert.Equal(rows.Select(r => r.ClientId), await StoredAsync(organizer));
    }

    [Fact]
    public async Task OneRowOnAUniqueIndex_StoresNoneOfThem()
    {
        var organizer = Random.Shared.NextInt64(1_000_000, long.MaxValue / 2);
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScanningDbContext>();
        Assert.True(await BulkInsert.TryInsertAsync(db, [Claim(organizer, "taken")], default));
        Assert.False(await BulkInsert.TryInsertAsync(db, [Claim(organizer, "a"), Claim(organizer, "taken"), Claim(organizer, "b")], default));
        Assert.Empty(db.ChangeTracker.Entries());
        Assert.Equal(["taken"], await StoredAsync(organizer));

        // The context is still usable after the refused write.
        Assert.True(await BulkInsert.TryInsertAsync(db, [Claim(organizer, "a")], default));
        Assert.Equal(["taken", "a"], await StoredAsync(organizer));
    }

    [Fact]
    public async Task InsideATransaction_RollsBackWithIt()
    {
        var organizer = Random.Shared.NextInt64(1_000_000, long.MaxValue / 2);
        await using (var scope = Host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ScanningDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True(await BulkInsert.TryInsertAsync(db, [Claim(organizer, "x"), Claim(organizer, "y")], default));
            await transaction.RollbackAsync();
        }

        Assert.Empty(await StoredAsync(organizer));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BulkInsertSqliteTests(SqliteHost host) : BulkInsertTests(host);

[Collection(PostgresCollection.Name)]
public sealed class BulkInsertPostgresTests(PostgresHost host) : BulkInsertTests(host);
