using System.Collections.Concurrent;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Redeem;

/// <summary>
/// The PostgreSQL fast path for the commonest redeem, a ticket's first scan on a list: one round trip instead of two.
/// The engine judges the ticket against the list as this Host last read it and an empty history, then inserts the
/// check-in with seq 1 in one statement that holds only if that list row is unchanged (its <c>xmin</c>) and no check-in
/// question applies. The unique (ticket, list, seq) index refuses seq 1 when the ticket has any check-in on the list,
/// so a stored row proves every fact the rules were given; anything else (a refusal, a repeat, an edited list) goes the
/// ordinary way, which reads the real history and decides again. Measured with bench/run.sh (docs/benchmarks.md): the
/// list-and-history read was a third of a pretix redeem's SQL and a fifth of its Host CPU.
/// </summary>
/// <remarks>
/// The lists are kept per Host, which is safe because nothing is trusted without the database confirming it in the
/// same statement: another Host's edit changes <c>xmin</c>, the statement refuses, and the entry is read again.
/// </remarks>
internal sealed class FirstScan
{
    private const int MaxLists = 4096;

    // Both checks in the insert's own snapshot. A list's xmin changes with every update of its row, deleting included.
    private const string StillTrue =
        "(SELECT l.xmin::text::bigint FROM checkin.checkin_lists AS l WHERE l.id = {0} AND l.deleted_at IS NULL) = {1} "
        + "AND NOT EXISTS (SELECT 1 FROM checkin.questions AS q WHERE q.event_id = {2} AND q.ask_during_checkin AND {3} = ANY (q.products))";

    // Tickets this Host has seen checked in on a list. Their next scan cannot be a first one (check-ins are never
    // deleted), so it skips the insert the unique index would refuse and goes the ordinary way at once: a re-entry or a
    // repeat scan saves a round trip. Only a hint: a ticket missing here costs that refused insert, nothing else.
    private const int MaxSeen = 200_000;
    private readonly ConcurrentDictionary<(long ListId, long TicketId), byte> seen = new();

    private readonly ConcurrentDictionary<(long OrganizerId, long ListId), Known> byList = new();
    private readonly ConcurrentDictionary<(long OrganizerId, long EventId), Known> byEventDefault = new();

    /// <param name="List">The list as read, never handed out for changes.</param>
    /// <param name="Version">The row's xmin when it was read (read before the row itself, so a racing edit can only make it stale).</param>
    /// <param name="QuestionProducts">Products with a question asked at check-in on the list's event, when read.</param>
    internal sealed record Known(CheckinList List, long Version, HashSet<long> QuestionProducts);

    /// <summary>Whether this context can take the path at all (PostgreSQL, and check-ins written by <see cref="RowInserter"/>).</summary>
    public static bool Applies(CheckinDbContext db) => RowInserter.InsertsDirectly(db, typeof(Domain.Checkin));

    /// <summary>The list a redeem would use (the named one, else the event's declared default), as last read; null when there is none to trust.</summary>
    public async Task<Known?> ListAsync(CheckinDbContext db, long organizerId, long? listId, long eventId, CancellationToken cancellationToken)
    {
        if (listId is { } id)
        {
            return byList.TryGetValue((organizerId, id), out var known) ? known : Remember(byList, (organizerId, id), await ReadAsync(db, organizerId, id, null, cancellationToken));
        }

        return byEventDefault.TryGetValue((organizerId, eventId), out var byDefault)
            ? byDefault
            : Remember(byEventDefault, (organizerId, eventId), await ReadAsync(db, organizerId, null, eventId, cancellationToken));
    }

    /// <summary>Whether this Host has seen the ticket checked in on the list, so that this scan cannot be its first there.</summary>
    public bool SeenBefore(long listId, long ticketId) => seen.ContainsKey((listId, ticketId));

    /// <summary>Inserts the first check-in if the list is as read and no question applies; false when the statement did not (a list read again next time if it had changed).</summary>
    /// <param name="rider">The caller's record of this admission, stored by the same statement when the check-in is.</param>
    public async Task<bool> TryInsertAsync(
        CheckinDbContext db, Known known, Domain.Checkin checkin, long productId, RowInserter.Rider? rider, CancellationToken cancellationToken)
    {
        var outcome = await RowInserter.InsertIfAsync(db, checkin, StillTrue, [known.List.Id, known.Version, known.List.EventId, productId], cancellationToken, rider);
        if (outcome is { Held: false })
        {
            Forget(known);
        }
        else if (outcome is not null && checkin.TicketId is { } ticketId)
        {
            // Inserted, or refused by the unique index: either way the ticket has a check-in on the list from now on.
            if (seen.Count >= MaxSeen)
            {
                seen.Clear();
            }

            seen.TryAdd((known.List.Id, ticketId), 0);
        }

        return outcome is { Inserted: true };
    }

    private void Forget(Known known)
    {
        byList.TryRemove(new KeyValuePair<(long, long), Known>((known.List.OrganizerId, known.List.Id), known));
        byEventDefault.TryRemove(new KeyValuePair<(long, long), Known>((known.List.OrganizerId, known.List.EventId), known));
    }

    private static Known? Remember(ConcurrentDictionary<(long, long), Known> lists, (long, long) key, Known? known)
    {
        if (known is null)
        {
            return null;
        }

        if (lists.Count >= MaxLists)
        {
            lists.Clear();
        }

        return lists.GetOrAdd(key, known);
    }

    private static async Task<Known?> ReadAsync(CheckinDbContext db, long organizerId, long? listId, long? defaultOf, CancellationToken cancellationToken)
    {
        var versions = await db.Database.SqlQueryRaw<ListVersion>(
                "SELECT l.id AS \"Id\", l.xmin::text::bigint AS \"Version\" FROM checkin.checkin_lists AS l "
                + "WHERE l.organizer_id = {0} AND l.deleted_at IS NULL AND (l.id = {1} OR l.default_for_event_id = {2})",
                organizerId, listId ?? -1L, defaultOf ?? -1L)
            .ToListAsync(cancellationToken);
        if (versions is not [var version])
        {
            return null;
        }

        var list = await db.Lists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == version.Id, cancellationToken);
        if (list is null)
        {
            return null;
        }

        var products = await db.Questions.AsNoTracking().Where(q => q.EventId == list.EventId && q.AskDuringCheckin).Select(q => q.Products).ToListAsync(cancellationToken);
        return new Known(list, version.Version, [.. products.SelectMany(p => p)]);
    }

    private sealed record ListVersion(long Id, long Version);
}
