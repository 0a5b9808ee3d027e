using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Sales.SaleActions;

internal sealed record HolderUpdate(string? Name, string? Email);

internal sealed record StatusChangeResult(long SaleId, SaleStatus Status, bool IsDeleted, bool Changed, bool Permitted);

/// <summary>
/// The one way a sale's status changes. The machine says where a trigger leads from the status read; the write
/// is conditional on that status still being there, so two concurrent refunds cannot both apply: the loser
/// re-reads, finds the sale refunded, and the machine then refuses its trigger.
/// </summary>
internal sealed class SaleStatusChanger(SalesDbContext db, TimeProvider clock, IPublisher publisher, ILogger<SaleStatusChanger> logger)
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
}
