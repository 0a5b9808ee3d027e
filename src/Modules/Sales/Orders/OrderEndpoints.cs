using System.Text.Json;
using EventOps.Modules.Sales.Catalog;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.SaleActions;
using EventOps.Shared.Auth;
using EventOps.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using EventOps.Shared.Contracts.Checkin;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Orders;

/// <summary>Management API: an event's sales ("orders") with their tickets ("positions").</summary>
internal static class OrderEndpoints
{
    /// <summary>An active check-in of the ticket, as the Checkin module (the one admission truth) records it.</summary>
    public sealed record CheckinDto(long List, string ListName, DateTimeOffset Datetime, string Type, bool AutoCheckedIn, bool Forced, string Surface);

    public sealed record SeatDto(long Id, string Name, string SeatGuid);

    public sealed record PositionDto(
        long Id, int Positionid, Guid Uuid, string PublicId, string Secret, string CheckInCode, long Item, long? Variation, long? Subevent, long? AddonTo,
        string? AttendeeName, SeatDto? Seat, string Price, bool Voided, IReadOnlyList<CheckinDto> Checkins);

    public sealed record OrderDto(
        long Id, string Code, string Status, bool IsDeleted, string SalesChannel, string PaymentProvider, string Email, string Name, string Total,
        DateTimeOffset? Expires, DateTimeOffset Datetime, IReadOnlyList<PositionDto> Positions);

    /// <param name="Seat">A <c>seat_guid</c> of the event's seating plan.</param>
    /// <param name="AddonTo">The 1-based index of the parent position in this request.</param>
    public sealed record PositionInput(long Item, long? Variation, long? Subevent, string? Seat, int? AddonTo, string? AttendeeName);

    public sealed record OrderRequest(string? Email, string? Name, string? SalesChannel, string? PaymentProvider, IReadOnlyList<PositionInput> Positions);

    public const int MaxPositions = 100;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapOrganizerGroup("/events/{event}/orders", "Orders");
        orders.MapGet("/", ListAsync).WithName("ListOrders").WithSummary("List an event's sales.").Produces<Page<OrderDto>>();
        orders.MapGet("/{code}/", GetAsync).WithName("GetOrder").WithSummary("Retrieve a sale by code.").Produces<OrderDto>().Produces(StatusCodes.Status404NotFound);
        orders.MapPost("/", CreateAsync).WithName("CreateOrder").WithSummary("Create a sale; its payment provider decides the initial status.")
            .AcceptsJson<OrderRequest>().Produces<OrderDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
    }

    internal static OrderDto ToDto(Sale sale, ILookup<long, CheckinRecord>? checkins = null) => new(
        sale.Id, sale.Code, sale.Status.Wire(), sale.IsDeleted, sale.SalesChannel, sale.PaymentProvider, sale.Email, sale.Name, OrganizerApi.Money(sale.Total),
        sale.Expires, sale.CreatedAt,
        sale.Tickets.OrderBy(t => t.PositionId).Select(t => new PositionDto(
            t.Id, t.PositionId, t.Uuid, t.PublicId, t.Secret, t.CheckInCode, t.ProductId, t.VariationId, t.SubEventId, t.AddonToId, t.AttendeeName,
            t.Seat is { } seat ? new SeatDto(seat.Id, seat.Name, seat.SeatGuid) : null, OrganizerApi.Money(t.Price), t.Voided,
            checkins is null ? [] : [.. checkins[t.Id].Select(c => new CheckinDto(
                c.ListId, c.ListName, c.Datetime, c.Type == CheckinType.Exit ? "exit" : "entry", c.AutoCheckedIn, c.Forced, c.Surface))])).ToList());

    /// <summary>
    /// The active check-ins of the shown tickets, in one request to Checkin for the whole response (no N+1). Without the
    /// Checkin module loaded there are none to show.
    /// </summary>
    private static async Task<ILookup<long, CheckinRecord>> CheckinsAsync(ISender sender, long organizerId, IEnumerable<Sale> sales, CancellationToken cancellationToken)
    {
        var ids = sales.SelectMany(s => s.Tickets).Select(t => t.Id).ToList();
        try
        {
            var records = ids.Count == 0 ? [] : await sender.Send(new GetTicketCheckins(organizerId, ids), cancellationToken);
            return records.Where(r => !r.Reverted).ToLookup(r => r.TicketId);
        }
        catch (InvalidOperationException)
        {
            return Array.Empty<CheckinRecord>().ToLookup(r => r.TicketId);
        }
    }

    private static async Task<IResult> ListAsync(string @event, HttpContext context, SalesDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var found = await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        var query = db.Sales.AsNoTracking().Where(s => s.EventId == found.Id);
        if (context.Request.Query.TryGetValue("status", out var status))
        {
            if (!SaleWords.TryParseStatus(status, out var wanted))
            {
                return OrganizerApi.Invalid("status", "Select a valid choice.");
            }

            query = query.Where(s => s.Status == wanted);
        }

        if (context.Request.Query.TryGetValue("email", out var email))
        {
            var text = email.ToString();
            query = query.Where(s => s.Email == text);
        }

        var count = await query.CountAsync(cancellationToken);
        var rows = await query.Include(s => s.Tickets).ThenInclude(t => t.Seat).AsSplitQuery().OrderBy(s => s.Id).Skip(page.Skip).Take(page.Size).ToListAsync(cancellationToken);
        var checkins = await CheckinsAsync(sender, found.OrganizerId, rows, cancellationToken);
        return Results.Ok(page.ToPage(context.Request, count, rows.Select(s => ToDto(s, checkins)).ToList()));
    }

    private static async Task<IResult> GetAsync(string @event, string code, HttpContext context, SalesDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        var found = await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        var sale = await db.Sales.AsNoTracking().Include(s => s.Tickets).ThenInclude(t => t.Seat).SingleOrDefaultAsync(s => s.EventId == found.Id && s.Code == code, cancellationToken);
        return sale is null ? OrganizerApi.NotFound() : Results.Ok(ToDto(sale, await CheckinsAsync(sender, found.OrganizerId, [sale], cancellationToken)));
    }

    private static async Task<IResult> CreateAsync(string @event, HttpContext context, SalesDbContext db, SaleCreator creator, CancellationToken cancellationToken)
    {
        var found = await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        var (fields, document) = await JsonFields.ReadAsync(context.Request.Body, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return OrganizerApi.NotJson();
        }

        var email = fields.Text("email", maxLength: SaleActionsEndpoint.MaxNameLength);
        if (!string.IsNullOrEmpty(email) && !SaleActionsEndpoint.IsEmail(email))
        {
            fields.Add("email", "Enter a valid email address.");
        }

        var name = fields.Text("name", maxLength: SaleActionsEndpoint.MaxNameLength);
        var channel = fields.Text("sales_channel", maxLength: 50) ?? "web";
        var provider = fields.Text("payment_provider", maxLength: 50) ?? "manual";
        var positions = ReadPositions(fields);
        if (!fields.IsValid)
        {
            return OrganizerApi.Invalid(fields.Errors);
        }

        var result = await creator.CreateAsync(
            new NewSale(found.OrganizerId, found.Id, email, name, channel, provider, positions), context.User.ActorName(), cancellationToken);
        if (result.Sale is null)
        {
            return OrganizerApi.Invalid(result.Errors);
        }

        var created = await db.Sales.AsNoTracking().Include(s => s.Tickets).ThenInclude(t => t.Seat).SingleAsync(s => s.Id == result.Sale.Id, cancellationToken);
        return Results.Created($"{context.Request.Path}{created.Code}/", ToDto(created));
    }

    private static List<PositionRequest> ReadPositions(JsonFields fields)
    {
        var positions = new List<PositionRequest>();
        if (!fields.Root.TryGetProperty("positions", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            fields.Add("positions", array.ValueKind == JsonValueKind.Undefined ? "This field is required." : "Expected a list of items.");
            return positions;
        }

        if (array.GetArrayLength() > MaxPositions)
        {
            fields.Add("positions", $"Ensure this field has no more than {MaxPositions} elements.");
            return positions;
        }

        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                fields.Add("positions", "Each position must be an object.");
                continue;
            }

            var position = JsonFields.Of(element);
            var item = position.Number("item", required: true, min: 1);
            var variation = position.Number("variation", min: 1);
            var subevent = position.Number("subevent", min: 1);
            var addonTo = position.Number("addon_to", min: 1, max: MaxPositions);
            var attendee = position.Text("attendee_name", maxLength: 200);
            var seat = position.Text("seat", maxLength: 100);
            foreach (var (field, messages) in position.Errors)
            {
                messages.ForEach(m => fields.Add($"positions.{field}", m));
            }

            if (item is { } productId)
            {
                positions.Add(new PositionRequest(productId, attendee, seat, variation, subevent, (int?)addonTo));
            }
        }

        return positions;
    }
}
