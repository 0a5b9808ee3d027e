using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Checkin.Redeem;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Checkin.AutoCheckin;

/// <summary>
/// Seed 003 <c>auto_checkin_sales_channels</c>: a paid sale of a listed channel has its admission tickets checked in on
/// that list, marked <c>auto_checked_in</c>. Idempotent: every auto check-in carries the same nonce, unique per
/// (list, ticket), so a second run (or the sweep) finds it instead of adding one; a reverted one is not redone.
/// </summary>
internal sealed class AutoCheckinJob(CheckinDbContext db, ISender sender, RedeemEngine engine, ILogger<AutoCheckinJob> logger)
{
    public const string Nonce = "auto-checkin";
    public const string Surface = "auto_checkin";
    public const string Actor = "system:auto-checkin";

    /// <summary>Checks in one sale's tickets; returns how many check-ins it made. Hangfire's default retries apply.</summary>
    public async Task<int> RunAsync(long organizerId, long eventId, long saleId, CancellationToken cancellationToken)
    {
        using var timing = EventOps.Shared.Telemetry.Job("checkin.auto-checkin");
        var lists = await AutoListsAsync(organizerId, eventId, cancellationToken);
        if (lists.Count == 0)
        {
            return 0;
        }

        var positions = await sender.Send(new GetEventPositions(organizerId, eventId, SaleStatus: "paid", SaleId: saleId), cancellationToken);
        return await CheckInAsync(organizerId, lists, positions, cancellationToken);
    }

    public Task<List<CheckinList>> AutoListsAsync(long organizerId, long eventId, CancellationToken cancellationToken) =>
        db.Lists.AsNoTracking()
            .Where(l => l.OrganizerId == organizerId && l.EventId == eventId && l.DeletedAt == null && l.AutoCheckinSalesChannels.Count > 0)
            .ToListAsync(cancellationToken);

    /// <summary>Every (list, admission ticket) pair the channels call for and that has no check-in on the list yet.</summary>
    public async Task<int> CheckInAsync(long organizerId, IReadOnlyList<CheckinList> lists, IReadOnlyList<PositionInfo> positions, CancellationToken cancellationToken)
    {
        var candidates = positions.Where(p => p.Admission && !p.Voided && !p.SaleDeleted && p.SaleStatus == "paid").ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var listIds = lists.Select(l => l.Id).ToList();
        var ticketIds = candidates.Select(p => p.TicketId).ToList();
        var done = (await db.Checkins.AsNoTracking()
                .Where(c => c.Successful && c.ListId != null && listIds.Contains(c.ListId.Value) && c.TicketId != null && ticketIds.Contains(c.TicketId.Value))
                .Select(c => new { ListId = c.ListId!.Value, TicketId = c.TicketId!.Value })
                .ToListAsync(cancellationToken))
            .Select(x => (x.ListId, x.TicketId))
            .ToHashSet();

        var made = 0;
        foreach (var list in lists)
        {
            foreach (var p in candidates.Where(p => list.AutoCheckinSalesChannels.Contains(p.SalesChannel) && list.Holds(p.ProductId, p.VariationId, p.SubEventId) && !done.Contains((list.Id, p.TicketId))))
            {
                var outcome = await engine.RedeemAsync(
                    new RedeemTicket(
                        organizerId, p.TicketId.ToString(System.Globalization.CultureInfo.InvariantCulture), TicketIdentifierKind.Id, Surface, Actor,
                        CheckinListId: list.Id, Nonce: Nonce, Force: true, AutoCheckedIn: true),
                    cancellationToken);
                if (outcome.Result.IsOk)
                {
                    made++;
                }
                else
                {
                    logger.LogInformation("Auto-checkin of ticket {TicketId} on list {ListId} refused: {Reason}", p.TicketId, list.Id, outcome.Result.Reason);
                }
            }
        }

        return made;
    }
}

/// <summary>Catches paid sales a lost job missed (and sales written without a notification, like the demo seed).</summary>
internal sealed class AutoCheckinSweepJob(CheckinDbContext db, ISender sender, AutoCheckinJob job, ILogger<AutoCheckinSweepJob> logger)
{
    public const string JobId = "checkin:auto-checkin-sweep";

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var timing = EventOps.Shared.Telemetry.Job("checkin.auto-checkin-sweep");
        var lists = await db.Lists.AsNoTracking().Where(l => l.DeletedAt == null && l.AutoCheckinSalesChannels.Count > 0).ToListAsync(cancellationToken);
        var made = 0;
        foreach (var group in lists.GroupBy(l => (l.OrganizerId, l.EventId)))
        {
            var channels = group.SelectMany(l => l.AutoCheckinSalesChannels).Distinct().ToList();
            var positions = await sender.Send(new GetEventPositions(group.Key.OrganizerId, group.Key.EventId, SaleStatus: "paid", SalesChannels: channels), cancellationToken);
            made += await job.CheckInAsync(group.Key.OrganizerId, [.. group], positions, cancellationToken);
        }

        if (made > 0)
        {
            logger.LogInformation("Auto-checkin sweep: {Count} check-ins made", made);
        }

        return made;
    }
}

/// <summary>Queues the auto-checkin of a sale once it is paid (the notification comes after Sales committed).</summary>
internal sealed class SalePaidHandler(CheckinDbContext db, IBackgroundJobClient jobs, ILogger<SalePaidHandler> logger) : INotificationHandler<SalePaid>
{
    public async ValueTask Handle(SalePaid notification, CancellationToken cancellationToken)
    {
        var channel = notification.SalesChannel;
        var wanted = await db.Lists.AnyAsync(
            l => l.OrganizerId == notification.OrganizerId && l.EventId == notification.EventId && l.DeletedAt == null && l.AutoCheckinSalesChannels.Contains(channel),
            cancellationToken);
        if (!wanted)
        {
            return;
        }

        try
        {
            jobs.Enqueue<AutoCheckinJob>(job => job.RunAsync(notification.OrganizerId, notification.EventId, notification.SaleId, CancellationToken.None));
        }
        catch (BackgroundJobClientException exception)
        {
            // The sale is committed and paid; failing its request now would only hide that. The minutely sweep checks it in.
            logger.LogWarning(exception, "Could not queue the auto-checkin of sale {SaleId}; the sweep will do it", notification.SaleId);
        }
    }
}
