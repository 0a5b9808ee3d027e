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
