using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Sales.SaleActions;

internal sealed record HolderUpdate(string? Name, string? Email);

/// <param name="Refusal">Why a permitted change was refused: reviving the sale needs places its quotas or seats no longer have.</param>
internal sealed record StatusChangeResult(long SaleId, SaleStatus Status, bool IsDeleted, bool Changed, bool Permitted, string? Refusal = null);

/// <summary>
/// The one way a sale's status changes. The machine says where a trigger leads from the status read; the write
/// is conditional on that status still being there, so two concurrent refunds cannot both apply: the loser
/// re-reads, finds the sale refunded, and the machine then refuses its trigger.
/// </summary>
internal sealed class SaleStatusChanger(SalesDbContext db, Capacity capacity, TimeProvider clock, IPublisher publisher, ILogger<SaleStatusChanger> logger)
{
    private const int MaxAttempts = 8;

    public async Task<StatusChangeResult?> FireAsync(long saleId, SaleTrigger trigger, string actor, HolderUpdate? holder, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var sale = await db.Sales.AsNoTracking()
                .Where(s => s.Id == saleId)
                .Select(s => new { s.Id, s.OrganizerId, s.EventId, s.Status, s.IsDeleted, s.SalesChannel })
                .SingleOrDefaultAsync(cancellationToken);
            if (sale is null)
            {
                return null;
            }

            var next = SaleStatusMachine.Next(sale.Status, sale.IsDeleted, trigger);
            if (next is not { } to)
            {
                return new StatusChangeResult(sale.Id, sale.Status, sale.IsDeleted, Changed: false, Permitted: false);
            }

            var now = clock.GetUtcNow();
            var deleting = trigger == SaleTrigger.Delete;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!HoldsPlaces(sale.Status) && HoldsPlaces(to) && !deleting)
            {
                // Reviving (cancelled -> unpaid): the tickets gave their places back, so they must take them again.
                var places = await db.Tickets.AsNoTracking().Where(t => t.SaleId == sale.Id)
                    .Select(t => new Place(t.ProductId, t.VariationId, t.SubEventId, t.SeatId)).ToListAsync(cancellationToken);
                if (await capacity.ClaimAsync(sale.EventId, places, exceptSaleId: sale.Id, cancellationToken) is { } full)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new StatusChangeResult(sale.Id, sale.Status, sale.IsDeleted, Changed: false, Permitted: true, Refusal: full);
                }
            }

            var updated = await db.Sales
                .Where(s => s.Id == sale.Id && s.Status == sale.Status && !s.IsDeleted)
                .ExecuteUpdateAsync(
                    setters =>
                    {
                        setters.SetProperty(s => s.Status, to).SetProperty(s => s.UpdatedAt, now).SetProperty(s => s.Revision, s => s.Revision + 1);
                        if (deleting)
                        {
                            setters.SetProperty(s => s.IsDeleted, true);
                        }

                        if (holder?.Name is { } name)
                        {
                            setters.SetProperty(s => s.Name, name);
                        }

                        if (holder?.Email is { } email)
                        {
                            setters.SetProperty(s => s.Email, email);
                        }
                    },
                    cancellationToken);
            if (updated == 0)
            {
                // Someone else changed the sale between our read and our write: decide again on what is there now.
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            var statusChanged = to != sale.Status;
            if (statusChanged || deleting)
            {
                db.StatusChanges.Add(new SaleStatusChange { SaleId = sale.Id, Trigger = trigger.Wire(), From = sale.Status, To = to, Actor = actor, At = now });
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Sale {SaleId} {Trigger}: {From} -> {To} by {Actor}", sale.Id, trigger.Wire(), sale.Status.Wire(), to.Wire(), actor);

            if (statusChanged)
            {
                await publisher.Publish(new SaleStatusChanged(sale.OrganizerId, sale.EventId, sale.Id, sale.Status.Wire(), to.Wire(), trigger.Wire()), cancellationToken);
                if (to == SaleStatus.Paid)
                {
                    await publisher.Publish(new SalePaid(sale.OrganizerId, sale.EventId, sale.Id, sale.SalesChannel), cancellationToken);
                }
            }

            if (deleting)
            {
                await publisher.Publish(new SaleDeleted(sale.OrganizerId, sale.EventId, sale.Id), cancellationToken);
            }

            return new StatusChangeResult(sale.Id, to, sale.IsDeleted || deleting, Changed: true, Permitted: true);
        }

        throw new InvalidOperationException($"Sale {saleId} kept changing under {trigger}; gave up after {MaxAttempts} attempts.");
    }

    /// <summary>Pending, unpaid and paid sales hold their places in quotas and seats (CONTRACT.md, "Inventory").</summary>
    public static bool HoldsPlaces(SaleStatus status) => status is SaleStatus.Pending or SaleStatus.Unpaid or SaleStatus.Paid;
}
