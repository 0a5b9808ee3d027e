using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.SaleActions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Sales.Expiry;

/// <summary>
/// Expires what is due: pending sales past their payment deadline, unpaid sales of events that have ended.
/// Every expiry goes through the state machine's conditional write, so two Hosts running the job at once
/// expire each sale once (the second finds it expired and the machine refuses).
/// </summary>
internal sealed class ExpireDueSalesJob(SalesDbContext db, SaleStatusChanger changer, TimeProvider clock, ILogger<ExpireDueSalesJob> logger)
{
    public const string JobId = "sales:expire-due";
    private const int BatchSize = 500;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var timing = EventOps.Shared.Telemetry.Job("sales.expire-due");
        var now = clock.GetUtcNow();
        var expired = 0;
        var seen = new HashSet<long>();
        while (true)
        {
            var due = await db.Sales.AsNoTracking()
                .Where(s => !s.IsDeleted && (
                    (s.Status == SaleStatus.Pending && s.Expires != null && s.Expires <= now) ||
                    (s.Status == SaleStatus.Unpaid && db.Events.Any(e => e.Id == s.EventId && (e.DateTo ?? e.DateFrom) < now))))
                .OrderBy(s => s.Id)
                .Select(s => s.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            due.RemoveAll(id => !seen.Add(id));
            if (due.Count == 0)
            {
                break;
            }

            foreach (var saleId in due)
            {
                var result = await changer.FireAsync(saleId, SaleTrigger.Expire, "system:expiry", null, cancellationToken);
                if (result is { Changed: true })
                {
                    expired++;
                }
            }
        }

        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} sales due at {Now}", expired, now);
        }

        return expired;
    }
}
