using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Checkin;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Redeem;

/// <summary>Revert and the read side of admission, for the other modules' surfaces.</summary>
internal sealed class AdmissionHandlers(CheckinDbContext db, TimeProvider clock, IPublisher publisher)
    : IRequestHandler<RevertCheckin, RevertResult>,
      IRequestHandler<GetAdmissionStates, IReadOnlyDictionary<long, AdmissionState>>,
      IRequestHandler<GetAdmissionVersion, AdmissionVersion>,
      IRequestHandler<GetTicketCheckins, IReadOnlyList<CheckinRecord>>
{
    private const int MaxAttempts = 16;

    public async ValueTask<RevertResult> Handle(RevertCheckin request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (request.All)
        {
            // One conditional write for every active entry (seed 001 mark_unused); already reverted ones are left alone.
            var latestId = await ActiveEntries(request.OrganizerId, [request.TicketId], request.CheckinListId)
                .OrderByDescending(c => c.Seq).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
            var ids = ActiveEntries(request.OrganizerId, [request.TicketId], request.CheckinListId).Select(c => c.Id);
            var reverted = await db.Checkins.Where(c => ids.Contains(c.Id) && !c.Reverted)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Reverted, true).SetProperty(c => c.RevertedAt, now).SetProperty(c => c.RevertedBy, request.Actor), cancellationToken);
            if (reverted == 0)
            {
                return new RevertResult(false, null, null);
            }

            await publisher.Publish(new CheckinReverted(request.OrganizerId, request.TicketId, request.CheckinListId, latestId!.Value, now, request.Actor, request.Surface), cancellationToken);
            return new RevertResult(true, now, latestId);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var latest = await ActiveEntries(request.OrganizerId, [request.TicketId], request.CheckinListId)
                .OrderByDescending(c => c.Seq).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
            if (latest == 0)
            {
                return new RevertResult(false, null, null);
            }

            // Conditional: a check-in reverted by someone else meanwhile is not reverted twice; then the next one is tried.
            var updated = await db.Checkins.Where(c => c.Id == latest && !c.Reverted)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Reverted, true).SetProperty(c => c.RevertedAt, now).SetProperty(c => c.RevertedBy, request.Actor), cancellationToken);
            if (updated == 1)
            {
                await publisher.Publish(new CheckinReverted(request.OrganizerId, request.TicketId, request.CheckinListId, latest, now, request.Actor, request.Surface), cancellationToken);
                return new RevertResult(true, now, latest);
            }
        }

        return new RevertResult(false, null, null);
    }

    public async ValueTask<IReadOnlyDictionary<long, AdmissionState>> Handle(GetAdmissionStates request, CancellationToken cancellationToken)
    {
        var ids = request.TicketIds.Distinct().ToArray();
        var rows = new List<StateRow>();
        if (ids.Length > 0)
        {
            var compiled = States.For(db);
            var found = request.WithinIds is var (after, last)
                ? compiled.ActiveWithin(db, request.OrganizerId, after, last, request.CheckinListId, request.EventId)
                : compiled.Active(db, request.OrganizerId, ids, request.CheckinListId, request.EventId);
            var asked = request.WithinIds is null ? null : ids.ToHashSet();
            await foreach (var row in found.WithCancellation(cancellationToken))
            {
                if (asked is null || asked.Contains(row.TicketId))
                {
                    rows.Add(row);
                }
            }
        }

        var states = new Dictionary<long, AdmissionState>();
        foreach (var group in rows.GroupBy(r => r.TicketId))
        {
            var ordered = group.OrderBy(r => r.Datetime).ThenBy(r => r.Seq).ToList();
            var last = ordered[^1];
            states[group.Key] = new AdmissionState(
                group.Key, ordered.Count, ordered[0].Datetime, last.Datetime, new PreviousCheckin(last.Id, last.Datetime, last.Actor, last.DeviceId, last.Surface));
        }

        foreach (var id in ids.Where(id => !states.ContainsKey(id)))
        {
            states[id] = new AdmissionState(id, 0, null, null, null);
        }

        return states;
    }

    public async ValueTask<AdmissionVersion> Handle(GetAdmissionVersion request, CancellationToken cancellationToken)
    {
        // Check-ins are never deleted and only ever change by a one-way revert, so count, last id and reverted count
        // see every change. Every check-in carries its list; the event's lists (and the caller's own) are few, so the
        // (list, server time) index finds them without a scan of other events' check-ins.
        var lists = db.Lists.Where(l => l.OrganizerId == request.OrganizerId && (l.EventId == request.EventId || l.Id == request.CheckinListId))
            .Select(l => (long?)l.Id);
        var version = await db.Checkins.AsNoTracking()
            .Where(c => c.OrganizerId == request.OrganizerId && lists.Contains(c.ListId))
            .GroupBy(c => 1)
            .Select(g => new { Count = g.LongCount(), Last = g.Max(c => c.Id), Reverted = g.LongCount(c => c.Reverted) })
            .SingleOrDefaultAsync(cancellationToken);
        return new AdmissionVersion(version?.Count ?? 0, version?.Last ?? 0, version?.Reverted ?? 0);
    }

    public async ValueTask<IReadOnlyList<CheckinRecord>> Handle(GetTicketCheckins request, CancellationToken cancellationToken)
    {
        var ids = request.TicketIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        return await db.Checkins.AsNoTracking()
            .Where(c => c.OrganizerId == request.OrganizerId && c.Successful && c.TicketId != null && ids.Contains(c.TicketId.Value))
            .OrderBy(c => c.Id)
            .Join(db.Lists, c => c.ListId, l => l.Id, (c, l) => new CheckinRecord(
                c.Id, c.TicketId!.Value, l.Id, l.Name, c.Type, c.Datetime, c.AutoCheckedIn, c.Forced, c.Reverted, c.RevertedAt, c.Surface, c.Actor, c.DeviceId))
            .ToListAsync(cancellationToken);
    }

    private sealed record StateRow(long Id, long TicketId, DateTimeOffset Datetime, long? Seq, string Actor, long? DeviceId, string Surface);

    // Scanner surfaces ask for states on every scan: compiled once per model. With a list, its entries; without, those
    // on the default list (of the given event): EF compiles the SQL per parameter nullability, so the unused branch
    // drops out. The same conditions as ActiveEntries.
    private static readonly EventOps.Shared.Persistence.PerModel<CompiledStates> States = new(() => new CompiledStates());

    private sealed class CompiledStates
    {
        public readonly Func<CheckinDbContext, long, long[], long?, long?, IAsyncEnumerable<StateRow>> Active = EF.CompileAsyncQuery(
            (CheckinDbContext db, long organizerId, long[] ticketIds, long? listId, long? eventId) =>
                db.Checkins.AsNoTracking()
                    .Where(c => c.OrganizerId == organizerId && c.Successful && !c.Reverted && c.Type == CheckinType.Entry && c.TicketId != null && ticketIds.Contains(c.TicketId.Value))
                    .Where(c => (listId != null && c.ListId == listId)
                        || (listId == null && db.Lists.Any(l => l.Id == c.ListId && l.DefaultForEventId != null) && (eventId == null || c.EventId == eventId)))
                    .Select(c => new StateRow(c.Id, c.TicketId!.Value, c.Datetime, c.Seq, c.Actor, c.DeviceId, c.Surface)));

        /// <summary>The same rows for every ticket id in (after, last]: one range of the (ticket, list, seq) index.</summary>
        public readonly Func<CheckinDbContext, long, long, long, long?, long?, IAsyncEnumerable<StateRow>> ActiveWithin = EF.CompileAsyncQuery(
            (CheckinDbContext db, long organizerId, long after, long last, long? listId, long? eventId) =>
                db.Checkins.AsNoTracking()
                    .Where(c => c.OrganizerId == organizerId && c.Successful && !c.Reverted && c.Type == CheckinType.Entry && c.TicketId > after && c.TicketId <= last)
                    .Where(c => (listId != null && c.ListId == listId)
                        || (listId == null && db.Lists.Any(l => l.Id == c.ListId && l.DefaultForEventId != null) && (eventId == null || c.EventId == eventId)))
                    .Select(c => new StateRow(c.Id, c.TicketId!.Value, c.Datetime, c.Seq, c.Actor, c.DeviceId, c.Surface)));
    }

    /// <summary>Successful, unreverted entries on a list; with no list named, on the default list of each ticket's event.</summary>
    private IQueryable<Domain.Checkin> ActiveEntries(long organizerId, List<long> ticketIds, long? listId, long? eventId = null)
    {
        var query = db.Checkins.AsNoTracking()
            .Where(c => c.OrganizerId == organizerId && c.Successful && !c.Reverted && c.Type == CheckinType.Entry && c.TicketId != null && ticketIds.Contains(c.TicketId.Value));
        if (listId is { } id)
        {
            return query.Where(c => c.ListId == id);
        }

        query = query.Where(c => db.Lists.Any(l => l.Id == c.ListId && l.DefaultForEventId != null));
        return eventId is { } e ? query.Where(c => c.EventId == e) : query;
    }
}
