using System.Text.Json;
using EventOps.Modules.Sales.Catalog;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Inventory;

/// <summary>Management API of an event's inventory (CONTRACT.md, "Inventory"): dates, categories, quotas and the seating plan.</summary>
internal static class InventoryEndpoints
{
    public sealed record SubEventDto(long Id, string Name, DateTimeOffset DateFrom, DateTimeOffset? DateTo, bool Active);

    public sealed record SubEventRequest(string Name, DateTimeOffset DateFrom, DateTimeOffset? DateTo, bool? Active);

    public sealed record CategoryDto(long Id, string Name, bool IsAddon);

    public sealed record CategoryRequest(string Name, bool? IsAddon);

    public sealed record QuotaDto(long Id, string Name, int? Size, IReadOnlyList<long> Items, IReadOnlyList<long> Variations, long? Subevent);

    public sealed record QuotaRequest(string Name, int? Size, IReadOnlyList<long> Items, IReadOnlyList<long>? Variations, long? Subevent);

    public sealed record AvailabilityDto(bool Available, int? AvailableNumber, int? TotalSize, int PendingOrders, int PaidOrders);

    public sealed record SeatDto(long Id, string SeatGuid, string Name, string Row, string Number, string Zone, long Product);

    public sealed record SeatRequest(string SeatGuid, string Name, string? Row, string? Number, string? Zone, long Product);

    public const int MaxSeatsPerRequest = 5000;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var dates = endpoints.MapOrganizerGroup("/events/{event}/subevents", "Event dates");
        dates.MapGet("/", ListSubEventsAsync).WithName("ListSubEvents").WithSummary("List the dates of an event series.").Produces<Page<SubEventDto>>();
        dates.MapPost("/", CreateSubEventAsync).WithName("CreateSubEvent").WithSummary("Add a date to an event series.")
            .AcceptsJson<SubEventRequest>().Produces<SubEventDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
        dates.MapGet("/{id:long}/", GetSubEventAsync).WithName("GetSubEvent").WithSummary("Retrieve a date.").Produces<SubEventDto>().Produces(StatusCodes.Status404NotFound);
        dates.MapPatch("/{id:long}/", UpdateSubEventAsync).WithName("UpdateSubEvent").WithSummary("Change a date.")
            .AcceptsJson<SubEventRequest>().Produces<SubEventDto>().ProducesValidationProblem().RequiresManage().RequiresWrite();
        dates.MapDelete("/{id:long}/", DeleteSubEventAsync).WithName("DeleteSubEvent").WithSummary("Delete a date that has no sales.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().RequiresManage().RequiresWrite();

        var categories = endpoints.MapOrganizerGroup("/events/{event}/categories", "Categories");
        categories.MapGet("/", ListCategoriesAsync).WithName("ListCategories").WithSummary("List an event's product categories.").Produces<Page<CategoryDto>>();
        categories.MapPost("/", CreateCategoryAsync).WithName("CreateCategory").WithSummary("Create a product category (is_addon: sold only as add-ons).")
            .AcceptsJson<CategoryRequest>().Produces<CategoryDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();

        var quotas = endpoints.MapOrganizerGroup("/events/{event}/quotas", "Quotas");
        quotas.MapGet("/", ListQuotasAsync).WithName("ListQuotas").WithSummary("List an event's quotas (filter: subevent).").Produces<Page<QuotaDto>>();
        quotas.MapPost("/", CreateQuotaAsync).WithName("CreateQuota").WithSummary("Create a quota.")
            .AcceptsJson<QuotaRequest>().Produces<QuotaDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
        quotas.MapGet("/{id:long}/", GetQuotaAsync).WithName("GetQuota").WithSummary("Retrieve a quota.").Produces<QuotaDto>().Produces(StatusCodes.Status404NotFound);
        quotas.MapPatch("/{id:long}/", UpdateQuotaAsync).WithName("UpdateQuota").WithSummary("Change a quota.")
            .AcceptsJson<QuotaRequest>().Produces<QuotaDto>().ProducesValidationProblem().RequiresManage().RequiresWrite();
        quotas.MapDelete("/{id:long}/", DeleteQuotaAsync).WithName("DeleteQuota").WithSummary("Delete a quota (its products become unlimited unless another quota holds them).")
            .Produces(StatusCodes.Status204NoContent).RequiresManage().RequiresWrite();
        quotas.MapGet("/{id:long}/availability/", QuotaAvailabilityAsync).WithName("GetQuotaAvailability")
            .WithSummary("Live availability of a quota: places held by pending/unpaid and by paid sales.").Produces<AvailabilityDto>().Produces(StatusCodes.Status404NotFound);

        var seats = endpoints.MapOrganizerGroup("/events/{event}/seats", "Seating plan");
        seats.MapGet("/", ListSeatsAsync).WithName("ListSeats").WithSummary("List the event's seating plan.").Produces<Page<SeatDto>>();
        seats.MapPost("/", CreateSeatsAsync).WithName("CreateSeats").WithSummary("Add one seat or a list of seats to the plan (all or nothing).")
            .AcceptsJson<SeatRequest[]>().Produces<IReadOnlyList<SeatDto>>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
        seats.MapDelete("/{id:long}/", DeleteSeatAsync).WithName("DeleteSeat").WithSummary("Remove a seat that was never sold.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().RequiresManage().RequiresWrite();
    }

    private static SubEventDto ToDto(SubEvent d) => new(d.Id, d.Name, d.DateFrom, d.DateTo, d.Active);

    private static QuotaDto ToDto(Quota q) => new(q.Id, q.Name, q.Size, [.. q.Products.Select(p => p.ProductId).Order()], [.. q.Variations.Select(v => v.VariationId).Order()], q.SubEventId);

    private static SeatDto ToDto(Seat s) => new(s.Id, s.SeatGuid, s.Name, s.Row, s.Number, s.Zone, s.ProductId);

    private static async Task<IResult> PagedAsync<TEntity, TDto>(HttpContext context, IQueryable<TEntity> query, Func<TEntity, TDto> map, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var count = await query.CountAsync(cancellationToken);
        var rows = await query.Skip(page.Skip).Take(page.Size).ToListAsync(cancellationToken);
        return Results.Ok(page.ToPage(context.Request, count, rows.Select(map).ToList()));
    }

    // --- dates ---

    private static async Task<IResult> ListSubEventsAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken) is { } found
            ? await PagedAsync(context, db.SubEvents.AsNoTracking().Where(d => d.EventId == found.Id).OrderBy(d => d.DateFrom).ThenBy(d => d.Id), ToDto, cancellationToken)
            : OrganizerApi.NotFound();

    private static async Task<IResult> GetSubEventAsync(string @event, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await FindSubEventAsync(db, context, @event, id, cancellationToken) is { } date ? Results.Ok(ToDto(date)) : OrganizerApi.NotFound();

    private static async Task<SubEvent?> FindSubEventAsync(SalesDbContext db, HttpContext context, string @event, long id, CancellationToken cancellationToken) =>
        await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken) is { } found
            ? await db.SubEvents.SingleOrDefaultAsync(d => d.Id == id && d.EventId == found.Id, cancellationToken)
            : null;

    private static async Task<IResult> CreateSubEventAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var date = new SubEvent { Name = string.Empty };
        return await OrganizerApi.WriteAsync(
            context,
            await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken),
            (fields, found) =>
            {
                if (!found.HasSubevents)
                {
                    return Task.FromResult<IResult?>(OrganizerApi.Invalid("non_field_errors", "Dates can only be added to an event series (has_subevents)."));
                }

                date.EventId = found.Id;
                date.Name = found.Name;
                SubEventRules.Apply(fields, date, partial: false);
                return OrganizerApi.Proceed;
            },
            async _ =>
            {
                db.SubEvents.Add(date);
                await db.SaveChangesAsync(cancellationToken);
                return Results.Created($"{context.Request.Path}{date.Id}/", ToDto(date));
            },
            cancellationToken);
    }

    private static async Task<IResult> UpdateSubEventAsync(string @event, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await OrganizerApi.WriteAsync(
            context,
            await FindSubEventAsync(db, context, @event, id, cancellationToken),
            (fields, date) =>
            {
                SubEventRules.Apply(fields, date, partial: true);
                return OrganizerApi.Proceed;
            },
            async date =>
            {
                await db.SaveChangesAsync(cancellationToken);
                return Results.Ok(ToDto(date));
            },
            cancellationToken);

    private static async Task<IResult> DeleteSubEventAsync(string @event, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var date = await FindSubEventAsync(db, context, @event, id, cancellationToken);
        if (date is null)
        {
            return OrganizerApi.NotFound();
        }

        if (await db.Tickets.AnyAsync(t => t.SubEventId == date.Id, cancellationToken))
        {
            return OrganizerApi.Invalid("non_field_errors", "This date cannot be deleted because it has sales; set it inactive instead.");
        }

        await db.Quotas.Where(q => q.SubEventId == date.Id).ExecuteDeleteAsync(cancellationToken);

        db.SubEvents.Remove(date);
        await db.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    // --- categories ---

    private static async Task<IResult> ListCategoriesAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken) is { } found
            ? await PagedAsync(context, db.Categories.AsNoTracking().Where(c => c.EventId == found.Id).OrderBy(c => c.Id), c => new CategoryDto(c.Id, c.Name, c.IsAddon), cancellationToken)
            : OrganizerApi.NotFound();

    private static async Task<IResult> CreateCategoryAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var category = new ProductCategory { Name = string.Empty };
        return await OrganizerApi.WriteAsync(
            context,
            await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken),
            (fields, found) =>
            {
                category.EventId = found.Id;
                category.Name = fields.Text("name", required: true) ?? string.Empty;
                category.IsAddon = fields.Flag("is_addon") ?? false;
                return OrganizerApi.Proceed;
            },
            async _ =>
            {
                db.Categories.Add(category);
                await db.SaveChangesAsync(cancellationToken);
                return Results.Created($"{context.Request.Path}{category.Id}/", new CategoryDto(category.Id, category.Name, category.IsAddon));
            },
            cancellationToken);
    }

    // --- quotas ---

    private static async Task<IResult> ListQuotasAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var found = await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        var query = db.Quotas.AsNoTracking().Include(q => q.Products).Include(q => q.Variations).AsSplitQuery().Where(q => q.EventId == found.Id);
        if (context.Request.Query.TryGetValue("subevent", out var subevent))
        {
            if (!long.TryParse(subevent, out var subEventId))
            {
                return OrganizerApi.Invalid("subevent", "Select a valid choice.");
            }

            query = query.Where(q => q.SubEventId == subEventId);
        }

        return await PagedAsync(context, query.OrderBy(q => q.Id), ToDto, cancellationToken);
    }

    private static async Task<Quota?> FindQuotaAsync(SalesDbContext db, HttpContext context, string @event, long id, CancellationToken cancellationToken) =>
        await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken) is { } found
            ? await db.Quotas.Include(q => q.Products).Include(q => q.Variations).AsSplitQuery().SingleOrDefaultAsync(q => q.Id == id && q.EventId == found.Id, cancellationToken)
            : null;

    private static async Task<IResult> GetQuotaAsync(string @event, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await FindQuotaAsync(db, context, @event, id, cancellationToken) is { } quota ? Results.Ok(ToDto(quota)) : OrganizerApi.NotFound();

    private static async Task<IResult> CreateQuotaAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var quota = new Quota { Name = string.Empty };
        return await OrganizerApi.WriteAsync(
            context,
            await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken),
            async (fields, found) =>
            {
                quota.EventId = found.Id;
                await QuotaRules.ApplyAsync(fields, quota, found, db, partial: false, cancellationToken);
                return null;
            },
            async _ =>
            {
                db.Quotas.Add(quota);
                await db.SaveChangesAsync(cancellationToken);
                return Results.Created($"{context.Request.Path}{quota.Id}/", ToDto(quota));
            },
            cancellationToken);
    }

    private static async Task<IResult> UpdateQuotaAsync(string @event, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await OrganizerApi.WriteAsync(
            context,
            await FindQuotaAsync(db, context, @event, id, cancellationToken),
            async (fields, quota) =>
            {
                var owner = await db.Events.AsNoTracking().SingleAsync(e => e.Id == quota.EventId, cancellationToken);
                await QuotaRules.ApplyAsync(fields, quota, owner, db, partial: true, cancellationToken);
                return null;
            },
            async quota =>
            {
                await db.SaveChangesAsync(cancellationToken);
                return Results.Ok(ToDto(quota));
            },
            cancellationToken);

    private static async Task<IResult> DeleteQuotaAsync(string @event, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var quota = await FindQuotaAsync(db, context, @event, id, cancellationToken);
        if (quota is null)
        {
            return OrganizerApi.NotFound();
        }

        db.Quotas.Remove(quota);
        await db.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> QuotaAvailabilityAsync(string @event, long id, HttpContext context, SalesDbContext db, Capacity capacity, CancellationToken cancellationToken)
    {
        var found = await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken);
        var rule = found is null ? null : (await capacity.RulesAsync(found.Id, null, cancellationToken)).FirstOrDefault(r => r.Id == id);
        if (rule is null)
        {
            return OrganizerApi.NotFound();
        }

        var availability = await capacity.AvailabilityOfAsync(found!.Id, rule, cancellationToken);
        return Results.Ok(new AvailabilityDto(availability.Available, availability.AvailableNumber, rule.Size, availability.Pending, availability.Paid));
    }

    // --- seats ---

    private static async Task<IResult> ListSeatsAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken) is { } found
            ? await PagedAsync(context, db.Seats.AsNoTracking().Where(s => s.EventId == found.Id).OrderBy(s => s.Id), ToDto, cancellationToken)
            : OrganizerApi.NotFound();

    private static async Task<IResult> CreateSeatsAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var found = await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            return OrganizerApi.NotJson();
        }

        using (document)
        {
            var root = document.RootElement;
            var many = root.ValueKind == JsonValueKind.Array;
            if (!many && root.ValueKind != JsonValueKind.Object)
            {
                return OrganizerApi.Invalid("non_field_errors", "Invalid input: the body must be a seat object or a list of seats.");
            }

            var elements = many ? root.EnumerateArray().ToList() : [root];
            if (elements.Count is 0 or > MaxSeatsPerRequest)
            {
                return OrganizerApi.Invalid("non_field_errors", $"Send between 1 and {MaxSeatsPerRequest} seats.");
            }

            var result = await SeatingPlan.AddAsync(db, found.Id, elements, cancellationToken);
            if (result.Errors.Count > 0)
            {
                return OrganizerApi.Invalid(result.Errors);
            }

            var created = result.Seats.Select(ToDto).ToList();
            return many ? Results.Json(created, statusCode: StatusCodes.Status201Created) : Results.Created($"{context.Request.Path}{created[0].Id}/", created[0]);
        }
    }

    private static async Task<IResult> DeleteSeatAsync(string @event, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var found = await CatalogEndpoints.FindEventAsync(db, context, @event, cancellationToken);
        var seat = found is null ? null : await db.Seats.SingleOrDefaultAsync(s => s.Id == id && s.EventId == found.Id, cancellationToken);
        if (seat is null)
        {
            return OrganizerApi.NotFound();
        }

        if (await db.Tickets.AnyAsync(t => t.SeatId == seat.Id, cancellationToken))
        {
            return OrganizerApi.Invalid("non_field_errors", "This seat has been sold and cannot be removed from the plan.");
        }

        db.Seats.Remove(seat);
        await db.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }
}
