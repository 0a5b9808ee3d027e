using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Scanning.Domain;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Modules;
using EventOps.Shared.Persistence;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CheckinRow = EventOps.Modules.Checkin.Domain.Checkin;

namespace EventOps.Tests.Integration.Persistence;

/// <summary>
/// The per-scan rows (check-in, scan record) written by <see cref="RowInserter"/>: on PostgreSQL straight, elsewhere
/// through SaveChanges; either way the row read back is the row written, field for field, and a unique violation is
/// a <see cref="DbUpdateException"/> that stores nothing.
/// </summary>
public abstract class RowInserterTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task PerScanRows_TakeTheDirectPath_OnPostgresOnly()
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var checkins = scope.ServiceProvider.GetRequiredService<CheckinDbContext>();
        var scans = scope.ServiceProvider.GetRequiredService<ScanningDbContext>();
        var direct = Host.Provider == DatabaseProvider.Postgres;
        Assert.Equal(direct, RowInserter.InsertsDirectly(checkins, typeof(CheckinRow)));
        Assert.Equal(direct, RowInserter.InsertsDirectly(scans, typeof(ScanAttempt)));
    }

    [Fact]
    public async Task Checkin_ReadBack_EqualsWhatWasWritten_AndAUniqueViolationStoresNothing()
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckinDbContext>();
        var list = new CheckinList { OrganizerId = 7, EventId = 70, Name = "Doors", CreatedAt = HostFixture.Start };
        db.Lists.Add(list);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var written = new CheckinRow
        {
            OrganizerId = 7, EventId = 70, ListId = list.Id, TicketId = 700, RawIdentifier = "raw \u00e9\U0001F600", Type = CheckinType.Exit,
            Successful = true, ErrorReason = "reason", ErrorExplanation = "why", Seq = 3, Nonce = "nonce-1", Forced = true, AutoCheckedIn = true,
            Reverted = true, RevertedAt = HostFixture.Start.AddMinutes(5), RevertedBy = "ann", Datetime = HostFixture.Start.AddSeconds(1),
            ClientDatetime = HostFixture.Start.AddSeconds(-2), ServerTime = HostFixture.Start.AddSeconds(2), DeviceId = 42, Surface = "pretix", Actor = "device 42",
        };
        await RowInserter.InsertAsync(db, written, CancellationToken.None);
        Assert.True(written.Id > 0);
        Assert.Empty(db.ChangeTracker.Entries());

        var read = await db.Checkins.AsNoTracking().SingleAsync(c => c.Id == written.Id);
        foreach (var property in db.Model.FindEntityType(typeof(CheckinRow))!.GetProperties())
        {
            Assert.Equal(property.PropertyInfo!.GetValue(written), property.PropertyInfo.GetValue(read));
        }

        var sameSeq = new CheckinRow
        {
            OrganizerId = 7, EventId = 70, ListId = list.Id, TicketId = 700, Type = CheckinType.Entry, Successful = true, Seq = 3,
            Datetime = HostFixture.Start, ServerTime = HostFixture.Start, Surface = "pretix", Actor = "device 43",
        };
        await Assert.ThrowsAsync<DbUpdateException>(() => RowInserter.InsertAsync(db, sameSeq, CancellationToken.None));
        Assert.Equal(0, sameSeq.Id);
        Assert.Equal(1, await db.Checkins.CountAsync(c => c.TicketId == 700));

        // The context is usable after the failure: the next row goes in.
        var next = new CheckinRow
        {
            OrganizerId = 7, EventId = 70, ListId = list.Id, TicketId = 700, Type = CheckinType.Entry, Successful = true, Seq = 4,
            Datetime = HostFixture.Start, ServerTime = HostFixture.Start, Surface = "pretix", Actor = "device 43",
        };
        await RowInserter.InsertAsync(db, next, CancellationToken.None);
        Assert.Equal(2, await db.Checkins.CountAsync(c => c.TicketId == 700));
    }

    [Fact]
    public async Task InsertIf_StoresOnlyWhenTheConditionHolds_AndTellsARefusedConditionFromAUniqueConflict()
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckinDbContext>();
        var list = new CheckinList { OrganizerId = 8, EventId = 80, Name = "Doors", CreatedAt = HostFixture.Start };
        db.Lists.Add(list);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        CheckinRow Row(long seq) => new()
        {
            OrganizerId = 8, EventId = 80, ListId = list.Id, TicketId = 800, Type = CheckinType.Entry, Successful = true, Seq = seq,
            Datetime = HostFixture.Start, ServerTime = HostFixture.Start, Surface = "pretix", Actor = "tests",
        };
        const string NameIs = "(SELECT l.name FROM checkin.checkin_lists AS l WHERE l.id = {0}) = {1}";

        if (Host.Provider != DatabaseProvider.Postgres)
        {
            // Elsewhere the caller is told to take its ordinary path, and nothing is written.
            Assert.Null(await RowInserter.InsertIfAsync(db, Row(1), NameIs, [list.Id, "Doors"], CancellationToken.None));
            Assert.Equal(0, await db.Checkins.CountAsync(c => c.TicketId == 800));
            return;
        }

        var refused = Row(1);
        Assert.Equal((false, false), await RowInserter.InsertIfAsync(db, refused, NameIs, [list.Id, "Side door"], CancellationToken.None));
        Assert.Equal(0, refused.Id);
        Assert.Equal(0, await db.Checkins.CountAsync(c => c.TicketId == 800));

        var stored = Row(1);
        Assert.Equal((true, true), await RowInserter.InsertIfAsync(db, stored, NameIs, [list.Id, "Doors"], CancellationToken.None));
        Assert.True(stored.Id > 0);
        Assert.Equal(1, (await db.Checkins.AsNoTracking().SingleAsync(c => c.Id == stored.Id)).Seq);

        var conflict = Row(1);
        Assert.Equal((false, true), await RowInserter.InsertIfAsync(db, conflict, NameIs, [list.Id, "Doors"], CancellationToken.None));
        Assert.Equal(0, conflict.Id);
        Assert.Equal(1, await db.Checkins.CountAsync(c => c.TicketId == 800));
        Assert.Empty(db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task Rider_IsStoredByTheSameStatement_OnlyWhenItsRowIs_WithThatRowsKey()
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckinDbContext>();
        var scans = scope.ServiceProvider.GetRequiredService<ScanningDbContext>();
        var list = new CheckinList { OrganizerId = 9, EventId = 90, Name = "Doors", CreatedAt = HostFixture.Start };
        db.Lists.Add(list);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        CheckinRow Row() => new()
        {
            OrganizerId = 9, EventId = 90, ListId = list.Id, TicketId = 900, Type = CheckinType.Entry, Successful = true, Seq = 1,
            Datetime = HostFixture.Start, ServerTime = HostFixture.Start, Surface = "usetix", Actor = "tests",
        };
        ScanAttempt Attempt(string identifier) => new()
        {
            OrganizerId = 9, Surface = "usetix", Action = "redeem", DeviceId = 5, Actor = "door \u00e9", At = HostFixture.Start.AddSeconds(3), Identifier = identifier,
            TicketId = 900, EventId = 90, Result = "ok", Before = "payed", After = "used", VenueId = 4, ScannerDevice = "web_app", BarcodeType = "qr",
            ClientTime = HostFixture.Start.AddSeconds(-1),
        };
        const string NameIs = "(SELECT l.name FROM checkin.checkin_lists AS l WHERE l.id = {0}) = {1}";

        if (Host.Provider != DatabaseProvider.Postgres)
        {
            // Nothing rides elsewhere: the owner stores its row itself.
            Assert.Null(RowInserter.RiderFor(scans, Attempt("a"), nameof(ScanAttempt.CheckinId)));
            return;
        }

        Assert.Null(RowInserter.RiderFor(scans, Attempt("a"), "NoSuchColumn"));
        var refusedRider = RowInserter.RiderFor(scans, Attempt("refused"), nameof(ScanAttempt.CheckinId))!;
        Assert.Equal((false, false), await RowInserter.InsertIfAsync(db, Row(), NameIs, [list.Id, "Side door"], CancellationToken.None, refusedRider));
        Assert.False(refusedRider.Stored);

        var written = Attempt("stored");
        var rider = RowInserter.RiderFor(scans, written, nameof(ScanAttempt.CheckinId))!;
        var checkin = Row();
        Assert.Equal((true, true), await RowInserter.InsertIfAsync(db, checkin, NameIs, [list.Id, "Doors"], CancellationToken.None, rider));
        Assert.True(rider.Stored);
        Assert.True(written.Id > 0);
        Assert.Equal(checkin.Id, written.CheckinId);
        var read = await scans.ScanAttempts.AsNoTracking().SingleAsync(a => a.Id == written.Id);
        foreach (var property in scans.Model.FindEntityType(typeof(ScanAttempt))!.GetProperties())
        {
            Assert.Equal(property.PropertyInfo!.GetValue(written), property.PropertyInfo.GetValue(read));
        }

        // The same check-in again loses at the unique index: neither row is stored.
        var conflictRider = RowInserter.RiderFor(scans, Attempt("conflict"), nameof(ScanAttempt.CheckinId))!;
        Assert.Equal((false, true), await RowInserter.InsertIfAsync(db, Row(), NameIs, [list.Id, "Doors"], CancellationToken.None, conflictRider));
        Assert.False(conflictRider.Stored);
        Assert.Equal(["stored"], await scans.ScanAttempts.AsNoTracking().Where(a => a.OrganizerId == 9).Select(a => a.Identifier).ToListAsync());
        Assert.Equal(1, await db.Checkins.CountAsync(c => c.TicketId == 900));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RowInserterSqliteTests(SqliteHost host) : RowInserterTests(host);

[Collection(PostgresCollection.Name)]
public sealed class RowInserterPostgresTests(PostgresHost host) : RowInserterTests(host);
