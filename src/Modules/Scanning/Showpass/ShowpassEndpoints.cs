using System.Globalization;
using EventOps.Modules.Scanning.Domain;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Showpass;

/// <summary>
/// Showpass scan histories (seed 000): verification by barcode, then <c>pickup</c> / <c>return</c> / <c>void</c> as
/// scan history records. Statuses are derived, never stored: <c>used</c> means the ticket has an active entry in
/// the Checkin module, <c>voided</c> that Sales voided it (or its sale no longer gives entry).
/// </summary>
internal static class ShowpassEndpoints
{
    public const string Payed = "payed";
    public const string Used = "used";
    public const string Voided = "voided";
    public const string Unpaid = "unpaid";

    public sealed record VerifyEvent(long Id, string Slug, string Name, DateTime StartsOn, DateTime EndsOn);

    public sealed record VerifyProduct(long Id, string Name, string Price);

    public sealed record VerifyResponse(
        long Id, string Status, string BarcodeString, VerifyEvent Event, VerifyProduct TicketType, string? HolderName, string PurchaserName,
        string? Seat, int MultiscanLimit, int ScanCount, int ScansRemaining, DateTime? LastScanned);

    public sealed record HistoryDto(
        long Id, long? Item, string Action, string? Before, string? After, long? Venue, long? CreatedBy, string? ScannerDevice, string? BarcodeType,
        DateTime Created, string Surface, string Result, string? Reason);

    public sealed record HistoryRequest(long Item, string Action, string? ScannerDevice, string? BarcodeType, string? BarcodeString);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var items = endpoints.MapGroup("/api/venue/{venue_id}/tickets/items").WithTags("Scan histories (Showpass)").RequireAuthorization(ApiClaims.ReadPolicy)
            .WithBadInputShape(BadInputShape.Pretix);
        items.ProducesProblem(StatusCodes.Status401Unauthorized);
        items.MapGet("/verify/", VerifyAsync).WithName("ShowpassVerify").WithSummary("Look a ticket up by its barcode before acting on it.")
            .Produces<VerifyResponse>().Produces<OrganizerApi.Detail>(StatusCodes.Status404NotFound).Produces(StatusCodes.Status400BadRequest);
        items.MapPost("/histories/", CreateAsync).WithName("ShowpassCreateHistory").WithSummary("pickup (payed → used), return (used → payed) or void (payed → voided).")
            .AcceptsJson<HistoryRequest>().Produces<HistoryDto>(StatusCodes.Status201Created).Produces(StatusCodes.Status400BadRequest)
            .Produces<OrganizerApi.Detail>(StatusCodes.Status404NotFound).AtTheDoor();
        items.MapGet("/histories/", ListAsync).WithName("ShowpassListHistories").WithSummary("A ticket's scan history on every surface (?item=), newest first.")
            .Produces<Page<HistoryDto>>().Produces(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> VerifyAsync(string venue_id, HttpContext context, ISender sender, Admissions admissions, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        if (!long.TryParse(venue_id, NumberStyles.None, CultureInfo.InvariantCulture, out var venueId))
        {
            return OrganizerApi.NotFound();
        }

        var barcode = context.Request.Query["barcode_string"].ToString();
        if (string.IsNullOrWhiteSpace(barcode))
        {
            return await VenueAsync(sender, caller, venue_id, cancellationToken) is null ? OrganizerApi.NotFound() : OrganizerApi.Invalid("barcode_string", "This field is required.");
        }

        // The ticket carries its event and the event's venue: an unknown venue and a ticket of another venue both answer 404.
        var ticket = barcode.Length > 64 ? null : await sender.Send(new FindTicket(caller.OrganizerId, barcode.Trim(), TicketIdentifierKind.Secret), cancellationToken);
        if (ticket is null || ticket.VenueId != venueId)
        {
            return OrganizerApi.NotFound();
        }

        var state = await admissions.StateAsync(caller, ticket, cancellationToken);
        var limit = Math.Max(1, ticket.MultiscanLimit);
        return Results.Ok(new VerifyResponse(
            ticket.TicketId, Status(state), ticket.Secret,
            new VerifyEvent(ticket.EventId, ticket.EventSlug, ticket.EventName, ticket.EventStart.UtcDateTime, (ticket.EventEnd ?? ticket.EventStart).UtcDateTime),
            new VerifyProduct(ticket.ProductId, ticket.ProductName, OrganizerApi.Money(ticket.Price)), ticket.AttendeeName ?? ticket.BuyerName, ticket.BuyerName,
            ticket.Seat, limit, state.Entries, Math.Max(0, limit - state.Entries), state.Last?.At.UtcDateTime));
    }

    private static async Task<IResult> CreateAsync(
        string venue_id, HttpContext context, ISender sender, Admissions admissions, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        if (!long.TryParse(venue_id, NumberStyles.None, CultureInfo.InvariantCulture, out var venueId))
        {
            return OrganizerApi.NotFound();
        }

        // An unknown venue answers 404 before anything else. A scan of one of the venue's tickets proves the venue, so
        // only the other answers ask Sales (one round trip fewer on every pickup).
        async Task<bool> VenueUnknownAsync() => await VenueAsync(sender, caller, venue_id, cancellationToken) is null;

        if (!caller.CanWrite)
        {
            return await VenueUnknownAsync()
                ? OrganizerApi.NotFound()
                : Results.Json(new OrganizerApi.Detail("You do not have permission to perform this action."), statusCode: StatusCodes.Status403Forbidden);
        }

        var (fields, document) = await JsonFields.ReadAsync(context.Request.Body, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return await VenueUnknownAsync() ? OrganizerApi.NotFound() : OrganizerApi.NotJson();
        }

        var item = fields.Number("item", required: true, min: 1);
        var action = fields.Text("action", required: true, maxLength: 20);
        if (action is not null and not ("pickup" or "return" or "void"))
        {
            fields.Add("action", $"\"{action}\" is not a valid choice.");
        }

        // Seed 000: scanner_device, barcode_type and barcode_string are required for pickup only.
        var pickup = action == "pickup";
        var scannerDevice = fields.Text("scanner_device", required: pickup, maxLength: 100);
        var barcodeType = fields.Text("barcode_type", required: pickup, maxLength: 50);
        var barcodeString = fields.Text("barcode_string", required: pickup, maxLength: 64);
        if (!fields.IsValid)
        {
            return await VenueUnknownAsync() ? OrganizerApi.NotFound() : OrganizerApi.Invalid(fields.Errors);
        }

        var ticket = await sender.Send(new FindTicket(caller.OrganizerId, item!.Value.ToString(CultureInfo.InvariantCulture), TicketIdentifierKind.Id), cancellationToken);
        if (ticket is null || ticket.VenueId != venueId)
        {
            if (await VenueUnknownAsync())
            {
                return OrganizerApi.NotFound();
            }

            await admissions.RecordAsync(caller, Surfaces.Showpass, action!, item.Value.ToString(CultureInfo.InvariantCulture), null, Admissions.NotFound, "Unknown item",
                a => Decorate(a, venueId, scannerDevice, barcodeType), cancellationToken: cancellationToken);
            return OrganizerApi.NotFound();
        }

        if (pickup && !string.Equals(barcodeString!.Trim(), ticket.Secret, StringComparison.Ordinal))
        {
            await admissions.RecordAsync(caller, Surfaces.Showpass, action!, barcodeString, ticket, Admissions.Rejected, "Barcode does not match the item",
                a => Decorate(a, venueId, scannerDevice, barcodeType), cancellationToken: cancellationToken);
            return OrganizerApi.Invalid("barcode_string", "Does not match the item.");
        }

        if (pickup)
        {
            return await PickupAsync(caller, ticket, venueId, scannerDevice, barcodeType, admissions, context, cancellationToken);
        }

        var before = await admissions.StateAsync(caller, ticket, cancellationToken);
        return action == "return"
            ? await ReturnAsync(caller, ticket, before, venueId, admissions, context, cancellationToken)
            : await VoidAsync(caller, ticket, before, venueId, sender, admissions, context, cancellationToken);
    }

    private static async Task<IResult> PickupAsync(
        ScanCaller caller, TicketInfo ticket, long venueId, string? scannerDevice, string? barcodeType, Admissions admissions, HttpContext context,
        CancellationToken cancellationToken)
    {
        // A pickup hands over what the ticket is for, merchandise included (seed 000), so it does not ask for admission.
        // An admission's record is known before the engine answers, as it would be stored with the check-in: the
        // ticket's status with no entry yet (the engine stores it so only on a ticket's first scan on the list), then used.
        var outcome = await admissions.RedeemAsync(caller, ticket, Surfaces.Showpass, "pickup", ticket.Secret, door: false, store: false, describeAdmission: a =>
        {
            Decorate(a, venueId, scannerDevice, barcodeType);
            a.Before = Status(TicketState.Of(ticket, null));
            a.After = Used;
        }, cancellationToken: cancellationToken);
        if (!outcome.Stored)
        {
            // The state before is the engine's own count after, less the entry this pickup made: no read before the
            // redeem. A pickup that admitted leaves the ticket used; a refused one leaves it as it was.
            var after = Admissions.KnownAfter(caller, ticket, outcome) is { } known ? TicketState.Of(ticket, known) : await admissions.StateAsync(caller, ticket, cancellationToken);
            var before = Status(after with { Entries = after.Entries - (outcome.IsOk ? 1 : 0) });
            Decorate(outcome.Attempt, venueId, scannerDevice, barcodeType);
            outcome.Attempt.Before = before;
            outcome.Attempt.After = outcome.IsOk ? Used : before;
            await admissions.StoreAsync(outcome.Attempt, cancellationToken);
        }

        return outcome.IsOk ? Created(context, outcome.Attempt) : Rejected(PickupRefusal(outcome, ticket));
    }

    private static string PickupRefusal(ScanOutcome outcome, TicketInfo ticket) => outcome.Reason switch
    {
        Shared.Contracts.Checkin.RedeemReasons.AlreadyRedeemed => ticket.MultiscanLimit > 1
            ? $"This ticket has already been scanned {ticket.MultiscanLimit} times, its multiscan limit."
            : "This ticket has already been scanned.",
        _ => outcome.Explanation + ".",
    };

    private static async Task<IResult> ReturnAsync(
        ScanCaller caller, TicketInfo ticket, TicketState before, long venueId, Admissions admissions, HttpContext context, CancellationToken cancellationToken)
    {
        var beforeStatus = Status(before);
        if (beforeStatus != Used)
        {
            await admissions.RecordAsync(caller, Surfaces.Showpass, "return", ticket.TicketId.ToString(CultureInfo.InvariantCulture), ticket, Admissions.Rejected,
                "Only a used ticket can be returned", a => Transition(a, venueId, beforeStatus, beforeStatus), cancellationToken: cancellationToken);
            return Rejected($"Only a used ticket can be returned; this one is {beforeStatus}.");
        }

        var reverted = await admissions.RevertAsync(caller, ticket, cancellationToken);
        var after = Status(await admissions.StateAsync(caller, ticket, cancellationToken));
        var attempt = await admissions.RecordAsync(caller, Surfaces.Showpass, "return", ticket.TicketId.ToString(CultureInfo.InvariantCulture), ticket,
            reverted.Reverted ? Admissions.Ok : Admissions.Rejected, reverted.Reverted ? null : "Nothing to return on this scanner's list",
            a =>
            {
                Transition(a, venueId, beforeStatus, after);
                a.CheckinId = reverted.CheckinId;
            }, cancellationToken: cancellationToken);
        return reverted.Reverted ? Created(context, attempt) : Rejected("This ticket has no scan to return on this scanner's check-in list.");
    }

    private static async Task<IResult> VoidAsync(
        ScanCaller caller, TicketInfo ticket, TicketState before, long venueId, ISender sender, Admissions admissions, HttpContext context, CancellationToken cancellationToken)
    {
        var beforeStatus = Status(before);
        var identifier = ticket.TicketId.ToString(CultureInfo.InvariantCulture);
        if (beforeStatus != Payed)
        {
            await admissions.RecordAsync(caller, Surfaces.Showpass, "void", identifier, ticket, Admissions.Rejected, $"Only a payed ticket can be voided ({beforeStatus})",
                a => Transition(a, venueId, beforeStatus, beforeStatus), cancellationToken: cancellationToken);
            return Rejected(beforeStatus switch
            {
                Used => "A used ticket cannot be voided.",
                Voided => "This ticket is already voided.",
                _ => "Only a payed ticket can be voided.",
            });
        }

        var outcome = await sender.Send(new VoidTicket(caller.OrganizerId, ticket.TicketId, caller.Actor), cancellationToken);
        var voided = outcome == VoidTicketOutcome.Voided;
        var attempt = await admissions.RecordAsync(caller, Surfaces.Showpass, "void", identifier, ticket, voided ? Admissions.Ok : Admissions.Rejected,
            voided ? null : "Already voided", a => Transition(a, venueId, beforeStatus, voided ? Voided : beforeStatus), cancellationToken: cancellationToken);
        return outcome switch
        {
            VoidTicketOutcome.Voided => Created(context, attempt),
            VoidTicketOutcome.AlreadyVoided => Rejected("This ticket is already voided."),
            _ => OrganizerApi.NotFound(),
        };
    }

    private static async Task<IResult> ListAsync(string venue_id, HttpContext context, ISender sender, ScanningDbContext db, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        if (await VenueAsync(sender, caller, venue_id, cancellationToken) is null)
        {
            return OrganizerApi.NotFound();
        }

        if (!long.TryParse(context.Request.Query["item"], NumberStyles.None, CultureInfo.InvariantCulture, out var item))
        {
            return OrganizerApi.Invalid("item", "A valid integer is required.");
        }

        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var query = db.ScanAttempts.AsNoTracking().Where(a => a.OrganizerId == caller.OrganizerId && a.TicketId == item);
        var count = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.Id).Skip(page.Skip).Take(page.Size).ToListAsync(cancellationToken);
        return Results.Ok(page.ToPage(context.Request, count, rows.Select(ToDto).ToList()));
    }

    /// <summary>payed / used / voided in Showpass's words; a sale that no longer gives entry reads as voided.</summary>
    internal static string Status(TicketState state) => state.Ticket switch
    {
        { Voided: true } or { IsCanceled: true } => Voided,
        { IsPaid: false } => Unpaid,
        _ => state.Entries > 0 ? Used : Payed,
    };

    private static async Task<VenueSummary?> VenueAsync(ISender sender, ScanCaller caller, string venueId, CancellationToken cancellationToken) =>
        long.TryParse(venueId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && await sender.Send(new GetVenue(caller.OrganizerId, id), cancellationToken) is { } venue
            ? new VenueSummary(venue.Id)
            : null;

    private sealed record VenueSummary(long Id);

    private static void Decorate(ScanAttempt attempt, long venueId, string? scannerDevice, string? barcodeType)
    {
        attempt.VenueId = venueId;
        attempt.ScannerDevice = scannerDevice;
        attempt.BarcodeType = barcodeType;
    }

    private static void Transition(ScanAttempt attempt, long venueId, string before, string after)
    {
        attempt.VenueId = venueId;
        attempt.Before = before;
        attempt.After = after;
    }

    private static IResult Created(HttpContext context, ScanAttempt attempt) =>
        Results.Created($"{context.Request.Path}{attempt.Id}/", ToDto(attempt));

    /// <summary>DRF's answer to a refused action: 400 with the reason under <c>non_field_errors</c>.</summary>
    private static IResult Rejected(string reason) => OrganizerApi.Invalid("non_field_errors", reason);

    private static HistoryDto ToDto(ScanAttempt a) => new(
        a.Id, a.TicketId, a.Action, a.Before, a.After, a.VenueId, a.DeviceId ?? a.TokenId, a.ScannerDevice, a.BarcodeType, a.At.UtcDateTime, a.Surface, a.Result, a.Reason);
}
