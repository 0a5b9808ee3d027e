using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Lists;

/// <summary>
/// Every event gets a default list with all products. Idempotent: the unique index on the default marker makes a
/// second delivery (or a second Host) a no-op.
/// </summary>
internal sealed class DefaultListCreator(CheckinDbContext db, ISender sender, TimeProvider clock) : INotificationHandler<EventCreated>
{
    public const string DefaultName = "Default list";

    /// <summary>CONTRACT.md: the demo organizer's default lists check in POS sales automatically.</summary>
    public const string DemoOrganizerSlug = "demo";

    public async ValueTask Handle(EventCreated notification, CancellationToken cancellationToken)
    {
        if (await db.Lists.AnyAsync(l => l.DefaultForEventId == notification.EventId, cancellationToken))
        {
            return;
        }

        var organizer = await sender.Send(new GetOrganizer(notification.OrganizerId), cancellationToken);
        db.Lists.Add(new CheckinList
        {
            OrganizerId = notification.OrganizerId,
            EventId = notification.EventId,
            DefaultForEventId = notification.EventId,
            Name = DefaultName,
            AllProducts = true,
            AutoCheckinSalesChannels = organizer?.Slug == DemoOrganizerSlug ? ["pos"] : [],
            CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Created concurrently by another delivery: that one stands.
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>
/// At start-up: gives every event without one its default list, so a lost <see cref="EventCreated"/> (or events made
/// before the Checkin module was enabled) heals on the next start.
/// </summary>
internal sealed class DefaultListBackfill(CheckinDbContext db, ISender sender, DefaultListCreator creator)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var events = await sender.Send(new GetAllEvents(), cancellationToken);
        var withDefault = (await db.Lists.AsNoTracking().Where(l => l.DefaultForEventId != null).Select(l => l.DefaultForEventId!.Value).ToListAsync(cancellationToken)).ToHashSet();
        var created = 0;
        foreach (var e in events.Where(e => !withDefault.Contains(e.EventId)))
        {
            await creator.Handle(new EventCreated(e.OrganizerId, e.EventId, e.Slug), cancellationToken);
            created++;
        }

        return created;
    }
}
