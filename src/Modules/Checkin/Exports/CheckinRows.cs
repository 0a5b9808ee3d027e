using System.Globalization;
using System.Runtime.CompilerServices;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Exports;

/// <summary>The check-ins of one list as CSV rows, with each ticket as Sales describes it (never read from Sales' tables).</summary>
internal static class CheckinRows
{
    public const int BatchSize = 1000;

    public static readonly IReadOnlyList<string> Header =
        ["datetime", "type", "result", "ticket", "sale_code", "attendee", "product", "variation", "date", "seat", "by", "device", "auto_checked_in", "forced", "reverted"];

    public static async IAsyncEnumerable<IReadOnlyList<string?>> ReadAsync(
        CheckinDbContext db, ISender sender, CheckinList list, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var invariant = CultureInfo.InvariantCulture;
        long after = 0;
        while (true)
        {
            // Keyset by id, not OFFSET: each batch costs the same however deep into the list it is.
            var batch = await db.Checkins.AsNoTracking()
                .Where(c => c.ListId == list.Id && c.Id > after)
                .OrderBy(c => c.Id)
                .Take(BatchSize)
                .Select(c => new { c.Id, c.TicketId, c.RawIdentifier, c.Type, c.Successful, c.ErrorReason, c.Datetime, c.Actor, c.DeviceId, c.AutoCheckedIn, c.Forced, c.Reverted })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            after = batch[^1].Id;
            var ids = batch.Where(c => c.TicketId is not null).Select(c => c.TicketId!.Value.ToString(invariant)).Distinct().ToList();
            var tickets = ids.Count == 0
                ? new Dictionary<string, TicketInfo>()
                : await sender.Send(new FindTickets(list.OrganizerId, ids, TicketIdentifierKind.Id), cancellationToken);
            foreach (var c in batch)
            {
                var ticket = c.TicketId is { } id ? tickets.GetValueOrDefault(id.ToString(invariant)) : null;
                yield return
                [
                    CsvDownload.Instant(c.Datetime),
                    c.Type == CheckinType.Exit ? "exit" : "entry",
                    c.Successful ? "ok" : c.ErrorReason ?? "error",
                    ticket?.PublicId ?? c.RawIdentifier,
                    ticket?.SaleCode,
                    ticket is null ? null : string.IsNullOrWhiteSpace(ticket.AttendeeName) ? ticket.BuyerName : ticket.AttendeeName,
                    ticket?.ProductName,
                    ticket?.VariationName,
                    ticket is null ? null : CsvDownload.Instant(ticket.Starts),
                    ticket?.Seat,
                    c.Actor,
                    c.DeviceId?.ToString(invariant),
                    c.AutoCheckedIn ? "yes" : "no",
                    c.Forced ? "yes" : "no",
                    c.Reverted ? "yes" : "no",
                ];
            }
        }
    }
}
