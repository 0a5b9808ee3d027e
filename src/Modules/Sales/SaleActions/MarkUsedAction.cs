using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using Mediator;

namespace EventOps.Modules.Sales.SaleActions;

/// <summary>
/// Seed 001 <c>mark_used</c> / <c>mark_unused</c> on the one admission truth (ARCHITECTURE.md): every admission ticket of
/// the sale not yet used gets an entry on its event's default list, now; <c>mark_unused</c> reverts their active entries.
/// The Checkin module decides, so a ticket its rules refuse (a refunded sale, a voided ticket) is not marked used.
/// </summary>
internal static class MarkUsedAction
{
    public const string Surface = "sale_action";

    /// <summary>Null when done; else the reason no ticket could be marked used.</summary>
    public static async Task<string?> ApplyAsync(ISender sender, long organizerId, long saleId, bool used, string actor, CancellationToken cancellationToken)
    {
        var tickets = (await sender.Send(new GetSaleTickets(organizerId, saleId), cancellationToken)).Where(t => t.Admission).ToList();
        if (tickets.Count == 0)
        {
            return null;
        }

        if (!used)
        {
            foreach (var ticket in tickets)
            {
                await sender.Send(new RevertCheckin(organizerId, ticket.TicketId, Surface, actor, All: true), cancellationToken);
            }

            return null;
        }

        var states = await sender.Send(new GetAdmissionStates(organizerId, [.. tickets.Select(t => t.TicketId)], EventId: tickets[0].EventId), cancellationToken);
        var marked = tickets.Count(t => states.TryGetValue(t.TicketId, out var state) && state.ActiveEntries > 0);
        string? refusal = null;
        foreach (var ticket in tickets.Where(t => !states.TryGetValue(t.TicketId, out var state) || state.ActiveEntries == 0))
        {
            var result = await sender.Send(
                new RedeemTicket(
                    organizerId, ticket.TicketId.ToString(System.Globalization.CultureInfo.InvariantCulture), TicketIdentifierKind.Id, Surface, actor,
                    EventId: ticket.EventId, Force: true, IgnoreUnpaid: true, CanceledSupported: true),
                cancellationToken);
            if (result.IsOk)
            {
                marked++;
            }
            else
            {
                refusal ??= result.Reason;
            }
        }

        return marked == 0 ? refusal : null;
    }
}
