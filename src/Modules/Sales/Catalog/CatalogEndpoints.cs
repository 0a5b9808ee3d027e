using System.Text.Json;
using System.Text.RegularExpressions;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Sales.Catalog;

/// <summary>Management API: events and their products ("items"), per CONTRACT.md.</summary>
internal static partial class CatalogEndpoints
{
    public sealed record VenueDto(long Id, string Name, string City);

    public sealed record EventDto(long Id, string Slug, string Name, DateTimeOffset DateFrom, DateTimeOffset? DateTo, VenueDto? Venue, bool HasSubevents);

    public sealed record EventRequest(string Slug, string Name, DateTimeOffset DateFrom, DateTimeOffset? DateTo, JsonElement? Venue, bool? HasSubevents);

    public sealed record VariationDto(long Id, string Value, string? DefaultPrice, bool Active);

    public sealed record VariationRequest(string Value, string? DefaultPrice, bool? Active);

    public sealed record AddonDto(long AddonCategory, int MinCount, int MaxCount);

    public sealed record ItemDto(
        long Id, string Name, string DefaultPrice, bool Admission, int MultiscanLimit, long? Category, bool Active, IReadOnlyList<VariationDto> Variations,
        IReadOnlyList<AddonDto> Addons);

    public sealed record ItemRequest(
        string Name, string DefaultPrice, bool? Admission, int? MultiscanLimit, long? Category, bool? Active, IReadOnlyList<AddonDto>? Addons,
        IReadOnlyList<VariationRequest>? Variations);

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9.-]*$")]
    private static partial Regex SlugPattern();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var events = endpoints.MapOrganizerGroup("/events", "Events");
        events.MapGet("/", ListEventsAsync).WithName("ListEvents").WithSummary("List the organizer's events.").Produces<Page<EventDto>>();
        events.MapPost("/", CreateEventAsync).WithName("CreateEvent").WithSummary("Create an event.")
            .AcceptsJson<EventRequest>().Produces<EventDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
        events.MapGet("/{event}/", GetEventAsync).WithName("GetEvent").WithSummary("Retrieve an event.").Produces<EventDto>().Produces(StatusCodes.Status404NotFound);
        events.MapPatch("/{event}/", UpdateEventAsync).WithName("UpdateEvent").WithSummary("Update an event.")
            .AcceptsJson<EventRequest>().Produces<EventDto>().ProducesValidationProblem().RequiresManage().RequiresWrite();
        events.MapGet("/{event}/items/", ListItemsAsync).WithName("ListItems").WithSummary("List an event's products.").Produces<Page<ItemDto>>();
        events.MapPost("/{event}/items/", CreateItemAsync).WithName("CreateItem").WithSummary("Create a product (variations may be given inline).")
            .AcceptsJson<ItemRequest>().Produces<ItemDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
        events.MapGet("/{event}/items/{item:long}/", GetItemAsync).WithName("GetItem").WithSummary("Retrieve a product.").Produces<ItemDto>().Produces(StatusCodes.Status404NotFound);
        events.MapPatch("/{event}/items/{item:long}/", UpdateItemAsync).WithName("UpdateItem").WithSummary("Change a product.")
            .AcceptsJson<ItemRequest>().Produces<ItemDto>().ProducesValidationProblem().RequiresManage().RequiresWrite();
        events.MapGet("/{event}/items/{item:long}/variations/", ListVariationsAsync).WithName("ListVariations").WithSummary("List a product's variations.")
            .Produces<Page<VariationDto>>();
        events.MapPost("/{event}/items/{item:long}/variations/", CreateVariationAsync).WithName("CreateVariation").WithSummary("Add a variation to a product.")
            .AcceptsJson<VariationRequest>().Produces<VariationDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
        events.MapPatch("/{event}/items/{item:long}/variations/{id:long}/", UpdateVariationAsync).WithName("UpdateVariation").WithSummary("Change a variation.")
            .AcceptsJson<VariationRequest>().Produces<VariationDto>().ProducesValidationProblem().RequiresManage().RequiresWrite();
        events.MapDelete("/{event}/items/{item:long}/variations/{id:long}/", DeleteVariationAsync).WithName("DeleteVariation")
            .WithSummary("Delete a variation that was never sold.").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().RequiresManage().RequiresWrite();
    }

    internal static EventDto ToDto(Event e) =>
        new(e.Id, e.Slug, e.Name, e.DateFrom, e.DateTo, e.Venue is null ? null : new VenueDto(e.Venue.Id, e.Venue.Name, e.Venue.City), e.HasSubevents);

    internal static ItemDto ToDto(Product p) => new(
        p.Id, p.Name, OrganizerApi.Money(p.DefaultPrice), p.Admission, p.MultiscanLimit, p.CategoryId, p.Active,
        [.. p.Variations.OrderBy(v => v.Id).Select(ToDto)], [.. p.Addons.OrderBy(a => a.Id).Select(a => new AddonDto(a.AddonCategoryId, a.MinCount, a.MaxCount))]);

    internal static VariationDto ToDto(ProductVariation v) => new(v.Id, v.Value, v.DefaultPrice is { } price ? OrganizerApi.Money(price) : null, v.Active);

    internal static Task<Event?> FindEventAsync(SalesDbContext db, HttpContext context, string slug, CancellationToken cancellationToken)
    {
        var organizerId = context.User.OrganizerId();
        return db.Events.Include(e => e.Venue).SingleOrDefaultAsync(e => e.OrganizerId == organizerId && e.Slug == slug, cancellationToken);
    }

    private static async Task<IResult> ListEventsAsync(HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var organizerId = context.User.OrganizerId();
        var query = db.Events.AsNoTracking().Where(e => e.OrganizerId == organizerId);
        var count = await query.CountAsync(cancellationToken);
        var rows = await query.Include(e => e.Venue).OrderBy(e => e.DateFrom).ThenBy(e => e.Id).Skip(page.Skip).Take(page.Size).ToListAsync(cancellationToken);
        return Results.Ok(page.ToPage(context.Request, count, rows.Select(ToDto).ToList()));
    }

    private static async Task<IResult> GetEventAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await FindEventAsync(db, context, @event, cancellationToken) is { } found ? Results.Ok(ToDto(found)) : OrganizerApi.NotFound();

    private static async Task<IResult> CreateEventAsync(HttpContext context, SalesDbContext db, IPublisher publisher, CancellationToken cancellationToken)
    {
        var (fields, document) = await JsonFields.ReadAsync(context.Request.Body, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return OrganizerApi.NotJson();
        }

        var organizerId = context.User.OrganizerId();
        var created = new Event { OrganizerId = organizerId, Slug = string.Empty, Name = string.Empty };
        await ApplyAsync(fields, created, db, organizerId, partial: false, cancellationToken);
        if (!fields.IsValid)
        {
            return OrganizerApi.Invalid(fields.Errors);
        }

        db.Events.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        await publisher.Publish(new EventCreated(organizerId, created.Id, created.Slug), cancellationToken);
        return Results.Created($"{context.Request.Path}{created.Slug}/", ToDto(created));
    }

    private static async Task<IResult> UpdateEventAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var found = await FindEventAsync(db, context, @event, cancellationToken);
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

        await ApplyAsync(fields, found, db, found.OrganizerId, partial: true, cancellationToken);
        if (!fields.IsValid)
        {
            return OrganizerApi.Invalid(fields.Errors);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(ToDto(found));
    }

    internal static async Task ApplyAsync(JsonFields fields, Event target, SalesDbContext db, long organizerId, bool partial, CancellationToken cancellationToken)
    {
        if (!partial || fields.Has("slug"))
        {
            var slug = fields.Text("slug", required: true, maxLength: 50);
            if (slug is not null && !SlugPattern().IsMatch(slug))
            {
                fields.Add("slug", "The slug may only contain letters, numbers, dots and dashes.");
            }
            else if (slug is not null && slug != target.Slug)
            {
                if (await db.Events.AnyAsync(e => e.OrganizerId == organizerId && e.Slug == slug, cancellationToken))
                {
                    fields.Add("slug", "This slug has already been used for a different event.");
                }
                else
                {
                    target.Slug = slug;
                }
            }
        }

        if (!partial || fields.Has("name"))
        {
            if (fields.Text("name", required: true) is { } name)
            {
                target.Name = name;
            }
        }

        if (!partial || fields.Has("date_from"))
        {
            if (fields.Instant("date_from", required: true) is { } dateFrom)
            {
                target.DateFrom = dateFrom;
            }
        }

        if (fields.Has("date_to"))
        {
            target.DateTo = fields.Instant("date_to");
        }

        if (target.DateTo is { } dateTo && dateTo < target.DateFrom)
        {
            fields.Add("date_to", "The event cannot end before it starts.");
        }

        if (fields.Flag("has_subevents") is { } series && series != target.HasSubevents)
        {
            // Tickets of a series each name a date and those of a single event none: switching would orphan one or the other.
            if (target.Id != 0 && await db.Tickets.AnyAsync(t => t.EventId == target.Id, cancellationToken))
            {
                fields.Add("has_subevents", "This cannot be changed once the event has sales.");
            }
            else
            {
                target.HasSubevents = series;
            }
        }

        if (fields.Root.TryGetProperty("venue", out var venue) && venue.ValueKind != JsonValueKind.Null)
        {
            await ApplyVenueAsync(fields, venue, target, db, organizerId, cancellationToken);
        }
        else if (fields.Has("venue"))
        {
            target.VenueId = null;
            target.Venue = null;
        }
    }

    private static async Task ApplyVenueAsync(JsonFields fields, JsonElement venue, Event target, SalesDbContext db, long organizerId, CancellationToken cancellationToken)
    {
        if (venue.ValueKind == JsonValueKind.Number)
        {
            var id = fields.NumberOf("venue", venue, min: 1);
            var existing = id is null ? null : await db.Venues.SingleOrDefaultAsync(v => v.Id == id && v.OrganizerId == organizerId, cancellationToken);
            if (existing is null)
            {
                if (id is not null)
                {
                    fields.Add("venue", $"Invalid pk \"{id}\" - object does not exist.");
                }

                return;
            }

            target.Venue = existing;
            return;
        }

        if (venue.ValueKind != JsonValueKind.Object)
        {
            fields.Add("venue", "Expected a venue id or an object with name and city.");
            return;
        }

        var venueFields = JsonFields.Of(venue);
        var name = venueFields.Text("name", required: true);
        var city = venueFields.Text("city") ?? string.Empty;
        foreach (var (field, messages) in venueFields.Errors)
        {
            messages.ForEach(m => fields.Add($"venue.{field}", m));
        }

        if (name is not null)
        {
            target.Venue = new Venue { OrganizerId = organizerId, Name = name, City = city };
        }
    }

    private static async Task<IResult> ListItemsAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var found = await FindEventAsync(db, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        var query = db.Products.AsNoTracking().Where(p => p.EventId == found.Id);
        var count = await query.CountAsync(cancellationToken);
        var rows = await query.Include(p => p.Variations).Include(p => p.Addons).AsSplitQuery().OrderBy(p => p.Id).Skip(page.Skip).Take(page.Size).ToListAsync(cancellationToken);
        return Results.Ok(page.ToPage(context.Request, count, rows.Select(ToDto).ToList()));
    }

    private static async Task<IResult> CreateItemAsync(string @event, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var product = new Product { Name = string.Empty };
        return await OrganizerApi.WriteAsync(
            context,
            await FindEventAsync(db, context, @event, cancellationToken),
            async (fields, found) =>
            {
                product.EventId = found.Id;
                await ProductRules.ApplyAsync(fields, product, db, partial: false, cancellationToken);
                return null;
            },
            async _ =>
            {
                db.Products.Add(product);
                await db.SaveChangesAsync(cancellationToken);
                return Results.Created($"{context.Request.Path}{product.Id}/", ToDto(product));
            },
            cancellationToken);
    }

    private static async Task<Product?> FindItemAsync(SalesDbContext db, HttpContext context, string @event, long item, CancellationToken cancellationToken) =>
        await FindEventAsync(db, context, @event, cancellationToken) is { } found
            ? await db.Products.Include(p => p.Variations).Include(p => p.Addons).AsSplitQuery().SingleOrDefaultAsync(p => p.Id == item && p.EventId == found.Id, cancellationToken)
            : null;

    private static async Task<IResult> GetItemAsync(string @event, long item, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await FindItemAsync(db, context, @event, item, cancellationToken) is { } product ? Results.Ok(ToDto(product)) : OrganizerApi.NotFound();

    private static async Task<IResult> UpdateItemAsync(string @event, long item, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await OrganizerApi.WriteAsync(
            context,
            await FindItemAsync(db, context, @event, item, cancellationToken),
            async (fields, product) =>
            {
                if (fields.Has("variations"))
                {
                    fields.Add("variations", "Change variations through the item's variations endpoint.");
                }

                await ProductRules.ApplyAsync(fields, product, db, partial: true, cancellationToken);
                return null;
            },
            async product =>
            {
                await db.SaveChangesAsync(cancellationToken);
                return Results.Ok(ToDto(product));
            },
            cancellationToken);

    private static async Task<IResult> ListVariationsAsync(string @event, long item, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var product = await FindItemAsync(db, context, @event, item, cancellationToken);
        if (product is null)
        {
            return OrganizerApi.NotFound();
        }

        var rows = product.Variations.OrderBy(v => v.Id).ToList();
        return Results.Ok(page.ToPage(context.Request, rows.Count, rows.Skip(page.Skip).Take(page.Size).Select(ToDto).ToList()));
    }

    private static async Task<IResult> CreateVariationAsync(string @event, long item, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var variation = new ProductVariation { Value = string.Empty };
        return await OrganizerApi.WriteAsync(
            context,
            await FindItemAsync(db, context, @event, item, cancellationToken),
            (fields, _) =>
            {
                ProductRules.ApplyVariation(fields, variation, partial: false);
                return OrganizerApi.Proceed;
            },
            async product =>
            {
                product.Variations.Add(variation);
                await db.SaveChangesAsync(cancellationToken);
                return Results.Created($"{context.Request.Path}{variation.Id}/", ToDto(variation));
            },
            cancellationToken);
    }

    private static async Task<IResult> UpdateVariationAsync(string @event, long item, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken) =>
        await OrganizerApi.WriteAsync(
            context,
            (await FindItemAsync(db, context, @event, item, cancellationToken))?.Variations.FirstOrDefault(v => v.Id == id),
            (fields, variation) =>
            {
                ProductRules.ApplyVariation(fields, variation, partial: true);
                return OrganizerApi.Proceed;
            },
            async variation =>
            {
                await db.SaveChangesAsync(cancellationToken);
                return Results.Ok(ToDto(variation));
            },
            cancellationToken);

    private static async Task<IResult> DeleteVariationAsync(string @event, long item, long id, HttpContext context, SalesDbContext db, CancellationToken cancellationToken)
    {
        var product = await FindItemAsync(db, context, @event, item, cancellationToken);
        var variation = product?.Variations.FirstOrDefault(v => v.Id == id);
        if (variation is null)
        {
            return OrganizerApi.NotFound();
        }

        if (await db.Tickets.AnyAsync(t => t.VariationId == id, cancellationToken))
        {
            return OrganizerApi.Invalid("non_field_errors", "This variation cannot be deleted because it has been ordered; set it inactive instead.");
        }

        await db.Set<QuotaVariation>().Where(q => q.VariationId == id).ExecuteDeleteAsync(cancellationToken);
        db.Variations.Remove(variation);
        await db.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }
}
