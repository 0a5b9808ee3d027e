using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Payments;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Orders;

/// <summary>
/// One position asked for: <paramref name="SeatGuid"/> names a seat of the plan; <paramref name="AddonTo"/> is the
/// 1-based index of the parent position in the same request (CONTRACT.md, "Inventory").
/// </summary>
internal sealed record PositionRequest(
    long ProductId, string? AttendeeName = null, string? SeatGuid = null, long? VariationId = null, long? SubEventId = null, int? AddonTo = null);

internal sealed record NewSale(long OrganizerId, long EventId, string? Email, string? Name, string SalesChannel, string PaymentProvider, IReadOnlyList<PositionRequest> Positions);

internal sealed record SaleCreation(Sale? Sale, Dictionary<string, List<string>> Errors);

/// <summary>
/// Creates a sale and its tickets in one write, after the one capacity check (quotas and seats) in the same
/// transaction; the payment provider decides the first status. Used by the management API, the admin's point of sale
/// and the demo seed.
/// </summary>
internal sealed class SaleCreator(SalesDbContext db, PaymentProviders payments, Capacity capacity, TimeProvider clock, IPublisher publisher)
{
    private const int MaxCodeAttempts = 4;

    public async Task<SaleCreation> CreateAsync(NewSale request, string actor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            if (!list.Contains(message))
            {
                list.Add(message);
            }
        }

        var provider = payments.Find(request.PaymentProvider);
        if (provider is null)
        {
            Error("payment_provider", $"\"{request.PaymentProvider}\" is not a valid payment provider.");
        }

        if (!await db.SalesChannels.AnyAsync(c => c.OrganizerId == request.OrganizerId && c.Identifier == request.SalesChannel, cancellationToken))
        {
            Error("sales_channel", $"\"{request.SalesChannel}\" is not a valid sales channel.");
        }

        if (request.Positions.Count == 0)
        {
            Error("positions", "An order cannot be empty.");
        }

        var resolved = await PositionRules.ResolveAsync(db, request.EventId, request.Positions, m => Error("positions", m), cancellationToken);
        if (errors.Count > 0 || provider is null || resolved is null)
        {
            return new SaleCreation(null, errors);
        }

        var total = resolved.Sum(p => p.Price);
        var now = clock.GetUtcNow();
        var initial = provider.Start(total, now);
        if (initial.Error is { } paymentError)
        {
            Error("payment_provider", paymentError);
            return new SaleCreation(null, errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await capacity.ClaimAsync(request.EventId, [.. resolved.Select(p => p.Place)], exceptSaleId: null, cancellationToken) is { } full)
            {
                await transaction.RollbackAsync(cancellationToken);
                Error("positions", full);
                return new SaleCreation(null, errors);
            }

            var sale = new Sale
            {
                OrganizerId = request.OrganizerId,
                EventId = request.EventId,
                Code = TicketCodes.NewSaleCode(),
                Email = request.Email ?? string.Empty,
                Name = request.Name ?? string.Empty,
                Status = initial.Status,
                PaymentProvider = provider.Identifier,
                SalesChannel = request.SalesChannel,
                Expires = initial.Expires,
                Total = total,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var tickets = resolved.Select(p => TicketCodes.AddTicket(sale, p.Product, p.AttendeeName, p.Place, p.Price)).ToList();
            for (var i = 0; i < resolved.Count; i++)
            {
                tickets[i].AddonTo = resolved[i].AddonToIndex is { } parent ? tickets[parent] : null;
            }

            db.Sales.Add(sale);
            db.StatusChanges.Add(new SaleStatusChange { Sale = sale, Trigger = "create", From = sale.Status, To = sale.Status, Actor = actor, At = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxCodeAttempts)
            {
                // A generated code collided with an existing one (unique index): draw new codes.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                continue;
            }

            await publisher.Publish(new SaleCreated(sale.OrganizerId, sale.EventId, sale.Id, sale.Status.Wire(), sale.SalesChannel), cancellationToken);
            if (sale.Status == SaleStatus.Paid)
            {
                await publisher.Publish(new SalePaid(sale.OrganizerId, sale.EventId, sale.Id, sale.SalesChannel), cancellationToken);
            }

            return new SaleCreation(sale, errors);
        }
    }
}
