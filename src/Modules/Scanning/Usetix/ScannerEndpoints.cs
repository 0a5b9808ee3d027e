using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Modules;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using EventOps.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EventOps.Modules.Scanning.Usetix;

/// <summary>The Usetix scanner app API (seed 004): every path also answers with a <c>.json</c> suffix.</summary>
internal static class ScannerEndpoints
{
    public const int SearchLimit = 50;

    private const string NotAdmittedDescription =
        "A product without admission is refused (422, \"Not an admission ticket\"), online and in offline sync (blocked); a scanner bound to a list "
        + "of one date refuses other dates' tickets. Tickets carry admission, date_id, date_title, date_starts_at, date_ends_at (a series' date, else "
        + "null), variation_title, seat, product_id and variation_id (what a check-in list admits, see /scanner/device); ticket_title is the product "
        + "with its variation. Events carry their dates (a series').";

    private const string PairingDescription =
        "checkin_list is the list the device's scans are decided on: its own, or the event's default list when it names none. With it comes what "
        + "the list admits, so an offline scanner refuses what the server would (reason product, \"Not valid for this check-in list\"): date_id, "
        + "the one date of a series it admits (null: every date); unless all_products, only tickets whose product_id is in limit_products, and of "
        + "a product in limit_variation_products only those whose variation_id is in limit_variations (a product none of whose variations is "
        + "named admits every variation).";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var scanner = endpoints.MapGroup("/scanner").WithTags("Scanner app (Usetix)").RequireAuthorization(ApiClaims.ReadPolicy)
            .WithBadInputShape(BadInputShape.Usetix);
        scanner.ProducesProblem(StatusCodes.Status401Unauthorized);
        Both(scanner, "GET", "/me", MeAsync, "ScannerMe", "The account and the authenticated scanner credential.").Produces<ScannerMe>();
        Both(scanner, "GET", "/device", PairingAsync, "ScannerDevice",
                "What the credential is paired to: account, device, the event and check-in list a device is bound to (null when it scans every event).")
            .WithDescription(PairingDescription)
            .Produces<ScannerPairing>();
        Both(scanner, "GET", "/events", EventsAsync, "ScannerEvents", "Scannable events, nearest not-ended first.").Produces<ScannerEventList>();
        Both(scanner, "GET", "/events/{slug}/snapshot", SnapshotAsync, "ScannerSnapshot",
                "Every ticket of an event, blocked ones included, for offline checks. Streamed; gzip when accepted; ETag / If-None-Match.")
            .WithDescription(NotAdmittedDescription)
            .Produces<ScannerSnapshot>().Produces(StatusCodes.Status304NotModified).Produces<ScannerError>(StatusCodes.Status404NotFound);
        Both(scanner, "GET", "/events/{slug}/tickets", EventTicketsAsync, "ScannerEventTickets",
                "An event's valid ticket cache, or a search within it by check-in code, public id, buyer name or email.")
            .Produces<ScannerTicketList>().Produces<ScannerError>(StatusCodes.Status404NotFound);
        Both(scanner, "GET", "/tickets", TicketsAsync, "ScannerTickets", "Ticket search across the account (query, optional event_slug).")
            .Produces<ScannerTicketList>();
        Both(scanner, "GET", "/search", SearchAsync, "ScannerSearch", "Ticket search (q, optional event_slug).").Produces<ScannerTicketList>();
        scanner.MapGet("/tickets/{identifier}", TicketAsync).WithName("ScannerTicket").WithSummary("One ticket by public id or check-in code (dash optional).")
            .Produces<ScannerTicket>().Produces<ScannerError>(StatusCodes.Status404NotFound);
        Both(scanner, "POST", "/events/{slug}/tickets/{identifier}/redemption", RedeemInEventAsync, "ScannerRedeemInEvent", "Redeem one ticket online, within an event.")
            .WithDescription(NotAdmittedDescription)
            .Produces<ScannerTicket>().Produces<RedemptionFailure>(StatusCodes.Status422UnprocessableEntity).Produces<ScannerError>(StatusCodes.Status404NotFound);
        Both(scanner, "POST", "/tickets/{identifier}/redemption", RedeemUnscopedAsync, "ScannerRedeem", "Redeem one ticket online.")
            .WithDescription(NotAdmittedDescription)
            .Produces<ScannerTicket>().Produces<RedemptionFailure>(StatusCodes.Status422UnprocessableEntity).Produces<ScannerError>(StatusCodes.Status404NotFound);
        Both(scanner, "POST", "/redemption_attempts", RedemptionAttempts.SyncAsync, "ScannerRedemptionAttempts",
                "Sync queued offline scans (up to 1,000), idempotent per credential and client_id.")
            .Produces<AttemptResults>().Produces<ScannerError>(StatusCodes.Status400BadRequest);
    }

    /// <summary>Maps a path and its <c>.json</c> twin; only the plain one is described in OpenAPI.</summary>
    /// <remarks>Every POST of the scanner API is a scan or a queue of them, so it queues at the door (<see cref="DoorTraffic"/>).</remarks>
    private static RouteHandlerBuilder Both(RouteGroupBuilder group, string method, string pattern, Delegate handler, string name, string summary)
    {
        var twin = group.MapMethods(pattern + ".json", [method], handler).WithName(name + "Json").ExcludeFromDescription();
        var plain = group.MapMethods(pattern, [method], handler).WithName(name).WithSummary(summary);
        if (method == "POST")
        {
            twin.AtTheDoor();
            plain.AtTheDoor();
        }

        return plain;
    }

    internal static IResult NotFound() => Results.Json(new ScannerError("Not found"), statusCode: StatusCodes.Status404NotFound);

    /// <summary>Seed 004: a read-only bearer token on a write endpoint is 401, not 403.</summary>
    internal static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Json(new ScannerError("Unauthorized"), statusCode: StatusCodes.Status401Unauthorized);
    }

    internal static string StripJson(string value) => value.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? value[..^5] : value;

    /// <summary>An event the caller may scan: the organizer's, and the device's own when the device is bound to one.</summary>
    internal static async Task<EventSummary?> EventAsync(ISender sender, ScanCaller caller, string slug, CancellationToken cancellationToken)
    {
        var found = (await sender.Send(new GetEvents(caller.OrganizerId, Slug: slug), cancellationToken)).SingleOrDefault();
        return found is not null && (caller.EventId is null || caller.EventId == found.Id) ? found : null;
    }

    /// <summary>The event as the scanner wire shows it, with its dates when it is a series (one more query only then).</summary>
    internal static async Task<ScannerEvent> WireEventAsync(ISender sender, ScanCaller caller, EventSummary found, HttpRequest request, CancellationToken cancellationToken) =>
        ScannerWire.Event(found, found.HasSubevents ? await sender.Send(new GetSubEvents(caller.OrganizerId, found.Id), cancellationToken) : [], request);

    /// <summary>Public id first (what the app syncs with), then the check-in code with or without its dash.</summary>
    internal static async Task<TicketInfo?> FindTicketAsync(ISender sender, ScanCaller caller, string identifier, long? eventId, CancellationToken cancellationToken)
    {
        if (Lookup(identifier) is not { } key)
        {
            return null;
        }

        return await sender.Send(new FindTicket(caller.OrganizerId, key, TicketIdentifierKind.PublicId, eventId), cancellationToken)
            ?? await sender.Send(new FindTicket(caller.OrganizerId, key, TicketIdentifierKind.CheckInCode, eventId), cancellationToken);
    }

    /// <summary>A path's ticket identifier as it is looked up (no <c>.json</c>, trimmed); null when no ticket can have it.</summary>
    private static string? Lookup(string identifier)
    {
        var key = StripJson(identifier).Trim();
        return key.Length is 0 or > 64 ? null : key;
    }

    private static async Task<IResult> MeAsync(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        var user = context.User;
        var organizer = await sender.Send(new GetOrganizer(user.OrganizerId()), cancellationToken);
        if (organizer is null)
        {
            return NotFound();
        }

        var name = user.ActorName();
        object authentication = user.IsDevice()
            ? new DeviceAuthentication("scanner_device", name.StartsWith("device:", StringComparison.Ordinal) ? name[7..] : name)
            : new TokenAuthentication("api_token", name.StartsWith("token:", StringComparison.Ordinal) ? name[6..] : name, user.CanWrite() ? "write" : "read");
        return Results.Ok(new ScannerMe(new ScannerAccount(organizer.Id, organizer.Name, organizer.Slug), authentication));
    }

    private static async Task<IResult> PairingAsync(
        HttpContext context, ISender sender, IReadOnlyList<IModule> modules, CancellationToken cancellationToken)
    {
        var user = context.User;
        var caller = ScanCaller.From(user);
        var organizer = await sender.Send(new GetOrganizer(caller.OrganizerId), cancellationToken);
        if (organizer is null)
        {
            return NotFound();
        }

        PairedDevice? device = null;
        if (caller.IsDevice)
        {
            var name = user.ActorName();
            device = new PairedDevice(
                name.StartsWith("device:", StringComparison.Ordinal) ? name[7..] : name,
                Guid.Parse(user.FindFirstValue(ApiClaims.DeviceUuid) ?? Guid.Empty.ToString()));
        }

        EventSummary? bound = null;
        PairedList? list = null;
        if (caller.EventId is { } eventId)
        {
            bound = (await sender.Send(new GetEvents(caller.OrganizerId, EventId: eventId), cancellationToken)).SingleOrDefault();
            if (bound is not null && modules.Any(m => m.Name == "Checkin"))
            {
                // A device without a list scans on the list the engine picks (the event's default, else its first; the
                // lists come in that order), so that one is named, with what it admits.
                var lists = await sender.Send(new GetCheckinLists([bound.Id]), cancellationToken);
                var chosen = caller.CheckinListId is { } listId ? lists.FirstOrDefault(l => l.Id == listId) : lists.Count > 0 ? lists[0] : null;
                list = chosen is null ? null : PairedList.Of(chosen);
            }
        }

        return Results.Ok(new ScannerPairing(
            new ScannerAccount(organizer.Id, organizer.Name, organizer.Slug), device,
            bound is null ? null : await WireEventAsync(sender, caller, bound, context.Request, cancellationToken), list, caller.CanWrite));
    }

    private static async Task<IResult> EventsAsync(HttpContext context, ISender sender, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        var events = await sender.Send(new GetEvents(caller.OrganizerId, EventId: caller.EventId, NotEndedAt: clock.GetUtcNow()), cancellationToken);
        var wire = new List<ScannerEvent>(events.Count);
        foreach (var e in events)
        {
            wire.Add(await WireEventAsync(sender, caller, e, context.Request, cancellationToken));
        }

        return Results.Ok(new ScannerEventList(wire));
    }

    private static async Task SnapshotAsync(string slug, HttpContext context, ISender sender, SnapshotWriter writer, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        var found = await EventAsync(sender, caller, slug, cancellationToken);
        if (found is null)
        {
            await NotFound().ExecuteAsync(context);
            return;
        }

        await writer.WriteSnapshotAsync(context, caller, found, cancellationToken);
    }

    private static async Task EventTicketsAsync(
        string slug, HttpContext context, ISender sender, Admissions admissions, SnapshotWriter writer, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        var found = await EventAsync(sender, caller, slug, cancellationToken);
        if (found is null)
        {
            await NotFound().ExecuteAsync(context);
            return;
        }

        var query = context.Request.Query["query"].ToString();
        if (string.IsNullOrWhiteSpace(query))
        {
            await writer.WriteValidTicketsAsync(context, caller, found, cancellationToken);
            return;
        }

        // "Unlike snapshots, this list excludes refunded or otherwise invalid orders", exact matches included.
        var tickets = await SearchStatesAsync(sender, admissions, caller, query, found.Id, cancellationToken);
        await Results.Ok(new ScannerTicketList(await WireEventAsync(sender, caller, found, context.Request, cancellationToken),
            [.. tickets.Where(s => TicketState.Blocking(s.Ticket) is null).Select(ScannerWire.Ticket)])).ExecuteAsync(context);
    }

    private static Task<IResult> TicketsAsync(HttpContext context, ISender sender, Admissions admissions, SnapshotWriter writer, CancellationToken cancellationToken) =>
        SearchEnvelopeAsync(context, sender, admissions, writer, context.Request.Query["query"].ToString(), blankIsCache: true, cancellationToken);

    // Seed 004: "Blank queries return an empty tickets array" on /search, with or without an event slug.
    private static Task<IResult> SearchAsync(HttpContext context, ISender sender, Admissions admissions, SnapshotWriter writer, CancellationToken cancellationToken) =>
        SearchEnvelopeAsync(context, sender, admissions, writer, context.Request.Query["q"].ToString(), blankIsCache: false, cancellationToken);

    private static async Task<IResult> SearchEnvelopeAsync(
        HttpContext context, ISender sender, Admissions admissions, SnapshotWriter writer, string query, bool blankIsCache, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        EventSummary? found = null;
        var slug = context.Request.Query["event_slug"].ToString();
        if (!string.IsNullOrWhiteSpace(slug) && (found = await EventAsync(sender, caller, slug, cancellationToken)) is null)
        {
            return NotFound();
        }

        var envelopeEvent = found is null ? null : await WireEventAsync(sender, caller, found, context.Request, cancellationToken);
        if (string.IsNullOrWhiteSpace(query))
        {
            // Seed 004: without a query the unscoped list is empty; with an event slug it is that event's valid cache.
            return found is null || !blankIsCache ? Results.Ok(new ScannerTicketList(envelopeEvent, [])) : new StreamedResult(ctx => writer.WriteValidTicketsAsync(ctx, caller, found, cancellationToken));
        }

        var eventId = found?.Id ?? caller.EventId;
        var tickets = await SearchStatesAsync(sender, admissions, caller, query, eventId, cancellationToken);
        return Results.Ok(new ScannerTicketList(envelopeEvent, [.. tickets.Select(ScannerWire.Ticket)]));
    }

    private static async Task<IReadOnlyList<TicketState>> SearchStatesAsync(
        ISender sender, Admissions admissions, ScanCaller caller, string query, long? eventId, CancellationToken cancellationToken)
    {
        var tickets = await sender.Send(new SearchTickets(caller.OrganizerId, query, eventId, SearchLimit), cancellationToken);
        var states = new List<TicketState>(tickets.Count);
        foreach (var group in tickets.GroupBy(t => t.EventId))
        {
            var admission = await admissions.StatesAsync(caller, group.Key, [.. group.Select(t => t.TicketId)], cancellationToken);
            states.AddRange(group.Select(t => TicketState.Of(t, admission.GetValueOrDefault(t.TicketId))));
        }

        return [.. states.OrderBy(s => s.Ticket.TicketId)];
    }

    private static async Task<IResult> TicketAsync(string identifier, HttpContext context, ISender sender, Admissions admissions, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        var ticket = await FindTicketAsync(sender, caller, identifier, caller.EventId, cancellationToken);
        return ticket is null ? NotFound() : Results.Ok(ScannerWire.Ticket(await admissions.StateAsync(caller, ticket, cancellationToken)));
    }

    private static async Task<IResult> RedeemInEventAsync(
        string slug, string identifier, HttpContext context, ISender sender, Admissions admissions, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        if (!caller.CanWrite)
        {
            return Unauthorized(context);
        }

        // A QR code carries the public id: the ticket found by it, when it is of this event (and the device's), brings the
        // event's slug with it, so its one query stands for the event's lookup as well. Anything else (a check-in code,
        // another event's ticket, no ticket) goes the long way, which also tells which of the two was not found.
        if (Lookup(identifier) is { } key
            && await sender.Send(new FindTicket(caller.OrganizerId, key, TicketIdentifierKind.PublicId, caller.EventId), cancellationToken) is { } byPublicId
            && string.Equals(byPublicId.EventSlug, slug, StringComparison.Ordinal))
        {
            return await RedeemFoundAsync(caller, byPublicId, identifier, admissions, cancellationToken);
        }

        var found = await EventAsync(sender, caller, slug, cancellationToken);
        if (found is null)
        {
            await admissions.RecordAsync(caller, Surfaces.Usetix, "redemption", identifier, null, Admissions.NotFound, "Event not found", cancellationToken: cancellationToken);
            return NotFound();
        }

        return await RedeemAsync(caller, identifier, found.Id, context, sender, admissions, cancellationToken);
    }

    private static Task<IResult> RedeemUnscopedAsync(string identifier, HttpContext context, ISender sender, Admissions admissions, CancellationToken cancellationToken)
    {
        var caller = ScanCaller.From(context.User);
        return caller.CanWrite ? RedeemAsync(caller, identifier, null, context, sender, admissions, cancellationToken) : Task.FromResult(Unauthorized(context));
    }

    private static async Task<IResult> RedeemAsync(
        ScanCaller caller, string identifier, long? eventId, HttpContext context, ISender sender, Admissions admissions, CancellationToken cancellationToken)
    {
        var ticket = await FindTicketAsync(sender, caller, identifier, eventId, cancellationToken);
        if (ticket is null)
        {
            await admissions.RecordAsync(caller, Surfaces.Usetix, "redemption", identifier, null, Admissions.NotFound, "Ticket not found", cancellationToken: cancellationToken);
            return NotFound();
        }

        return await RedeemFoundAsync(caller, ticket, identifier, admissions, cancellationToken);
    }

    private static async Task<IResult> RedeemFoundAsync(ScanCaller caller, TicketInfo ticket, string identifier, Admissions admissions, CancellationToken cancellationToken)
    {
        var outcome = await admissions.RedeemAsync(caller, ticket, Surfaces.Usetix, "redemption", identifier, door: true, cancellationToken: cancellationToken);
        var state = ScannerWire.Ticket(await admissions.StateAfterAsync(caller, ticket, outcome, cancellationToken));
        return outcome.IsOk ? Results.Ok(state) : Results.Json(new RedemptionFailure(outcome.Explanation, state), statusCode: StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>A result whose body is written by a streaming writer.</summary>
    private sealed class StreamedResult(Func<HttpContext, Task> write) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => write(httpContext);
    }
}
