using System.Text.Json;
using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EventOps.Modules.Scanning.Tickable;

/// <summary>
/// Tickable single-call scan (seed 002): one POST admits or explains. Every outcome is a 200 with a status; only an
/// unknown ticket is 404.
/// </summary>
internal static class TickableEndpoints
{
    public const string Valid = "valid";
    public const string Scanned = "scanned";
    public const string Cancelled = "cancelled";
    public const string NotAllowed = "not_allowed";

    public sealed record ScanEvent(string Id, string Title, string? Location);

    public sealed record Timeslot(string Title, DateTime StartsAt, DateTime EndsAt);

    public sealed record TicketType(string Id, string Name, long Price);

    public sealed record RelatedTicket(Guid Id, string? Seat, string OwnerName, string OwnerEmail, DateTime? ScannedAt, DateTime? CancelledAt, string TicketTypeName);

    public sealed record ScanResponse(
        Guid TicketId, string Status, bool ScannedBefore, ScanEvent Event, Timeslot Timeslot, TicketType TicketType, string OwnerName, string OwnerEmail,
        string? Seat, DateTime? ScannedAt, DateTime? CancelledAt, IReadOnlyList<RelatedTicket> RelatedTickets);

    public sealed record ScanRequest(Guid? ScannerId);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/tickets/{ticket_id}/scan", ScanAsync).WithTags("Single-call scan (Tickable)").RequireAuthorization(ApiClaims.ReadPolicy).AtTheDoor()
            .WithName("TickableScan").WithSummary("Scan a ticket: valid (admitted now), scanned, cancelled or not_allowed.")
            .WithDescription(
                "A product without admission (merchandise) is not_allowed. timeslot is the ticket's date on an event series (else the event), seat the "
                + "seat's name, ticket_type.name the product with its variation; related_tickets are the sale's other tickets, add-ons included.")
            .AcceptsJson<ScanRequest>().Produces<ScanResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> ScanAsync(string ticket_id, HttpContext context, ISender sender, Admissions admissions, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        if (!caller.CanWrite)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "This token may not scan tickets (read-only).");
        }

        var (scannerId, error) = await ReadScannerIdAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["scanner_id"] = [error] });
        }

        // Seed 002: the named scanner, else the caller's own device, else "the first active scanner in your organization".
        if (scannerId is { } uuid)
        {
            if (await admissions.DeviceAsync(caller.OrganizerId, uuid, cancellationToken) is not { } device)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["scanner_id"] = ["No active scanner with this id."] });
            }

            caller = caller.OnDevice(device);
        }
        else if (!caller.IsDevice && await admissions.FirstActiveDeviceAsync(caller.OrganizerId, cancellationToken) is { } first)
        {
            caller = caller.OnDevice(first);
        }

        // The ticket with its sale's tickets (related_tickets), the buyer's email and the venue, in one read.
        TicketWithSale? found = null;
        if (Guid.TryParse(ticket_id, out var ticketUuid))
        {
            found = await sender.Send(new FindTicketWithSale(caller.OrganizerId, ticketUuid), cancellationToken);
        }

        if (found is not { Ticket: var ticket } sale)
        {
            await admissions.RecordAsync(caller, Surfaces.Tickable, "scan", ticket_id, null, Admissions.NotFound, "Ticket not found", cancellationToken: cancellationToken);
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: "Ticket not found.");
        }

        var outcome = await admissions.RedeemAsync(caller, ticket, Surfaces.Tickable, "scan", ticket_id, door: true, cancellationToken: cancellationToken);

        // The sale's own facts (buyer name, status, last change) are the scanned ticket's: the related tickets are of the same sale.
        var others = sale.SaleTickets.Where(t => t.TicketId != ticket.TicketId).ToList();
        var (state, relatedStates) = await admissions.StateAfterWithAsync(caller, ticket, outcome, [.. others.Select(t => t.TicketId)], cancellationToken);
        var email = sale.BuyerEmail ?? string.Empty;
        var location = sale.VenueName is { } venue ? (string.IsNullOrEmpty(sale.VenueCity) ? venue : $"{venue}, {sale.VenueCity}") : null;
        var (status, scannedAt) = outcome switch
        {
            { IsOk: true } => (Valid, outcome.Result!.At ?? state.Last?.At),
            { Reason: RedeemReasons.AlreadyRedeemed } => (Scanned, state.RedeemedAt),
            _ when outcome.Reason == RedeemReasons.Canceled || ticket.Voided || ticket.IsCanceled => (Cancelled, state.RedeemedAt),
            _ => (NotAllowed, state.RedeemedAt),
        };
        return Results.Ok(new ScanResponse(
            ticket.Uuid,
            status,
            ScannedBefore: status != Valid && state.Redeemed,
            new ScanEvent(ticket.EventSlug, ticket.EventName, location),
            // Seed 002's timeslot is the ticket's date on a series (pretix sub-event), else the event itself.
            new Timeslot(ticket.SubEventName ?? ticket.EventName, ticket.Starts.UtcDateTime, (ticket.Ends ?? ticket.Starts).UtcDateTime),
            new TicketType(ticket.ProductId.ToString(System.Globalization.CultureInfo.InvariantCulture), ticket.ProductLabel, MinorUnits(ticket.Price)),
            ticket.AttendeeName ?? ticket.BuyerName,
            email,
            ticket.Seat,
            scannedAt?.UtcDateTime,
            CancelledAt(ticket)?.UtcDateTime,
            [.. others.Select(t => new RelatedTicket(
                t.Uuid, t.Seat, t.AttendeeName ?? ticket.BuyerName, email, relatedStates.GetValueOrDefault(t.TicketId)?.FirstEntryAt?.UtcDateTime,
                CancelledAt(t.Voided, t.VoidedAt, ticket)?.UtcDateTime, t.ProductLabel))]));
    }

    private static DateTimeOffset? CancelledAt(TicketInfo ticket) => CancelledAt(ticket.Voided, ticket.VoidedAt, ticket);

    /// <summary>
    /// When a ticket stopped giving entry: its void, else the last change of its sale once the sale no longer gives entry
    /// (<paramref name="ofSale"/>: a ticket of that sale, which carries the sale's facts).
    /// </summary>
    private static DateTimeOffset? CancelledAt(bool voided, DateTimeOffset? voidedAt, TicketInfo ofSale) =>
        voidedAt ?? (voided || ofSale.IsCanceled ? ofSale.SaleUpdatedAt : null);

    private static long MinorUnits(decimal price) => (long)decimal.Round(price * 100m, 0, MidpointRounding.AwayFromZero);

    private static async Task<(Guid? ScannerId, string? Error)> ReadScannerIdAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return (null, null);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            return (null, "The body must be a JSON object.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body must be a JSON object.");
            }

            if (!document.RootElement.TryGetProperty("scanner_id", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return (null, null);
            }

            return value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id) ? (id, null) : (null, "Must be a valid UUID.");
        }
    }
}
