using System.Text.Json;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Lists;

/// <summary>Seed 003: check-in lists CRUD and <c>status/</c>.</summary>
internal static class ListEndpoints
{
    public sealed record ListRequest(
        string Name, bool? AllProducts, IReadOnlyList<long>? LimitProducts, IReadOnlyList<long>? LimitVariations, bool? IncludePending, long? Subevent, IReadOnlyList<string>? AutoCheckinSalesChannels,
        bool? AllowMultipleEntries, bool? AllowEntryAfterExit, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil);

    public sealed record StatusEvent(string Name);

    public sealed record StatusVariation(long Id, string Value, int CheckinCount, int PositionCount);

    public sealed record StatusItem(long Id, string Name, int CheckinCount, bool Admission, int PositionCount, IReadOnlyList<StatusVariation> Variations);

    public sealed record StatusDto(int CheckinCount, int PositionCount, StatusEvent Event, IReadOnlyList<StatusItem> Items);

    public static void Map(RouteGroupBuilder lists, IEndpointRouteBuilder endpoints)
    {
        lists.MapGet("/", ListAsync).WithName("ListCheckinLists").WithSummary("List an event's check-in lists.")
            .WithDescription("?subevent=<id> returns the lists of that date of a series.").Produces<Page<CheckinListDto>>();
        lists.MapPost("/", CreateAsync).WithName("CreateCheckinList").WithSummary("Create a check-in list.")
            .WithDescription(
                "subevent: a date of the event's series (null: every date). A list of one date refuses tickets of other dates with reason product and "
                + "counts only its date's tickets. all_products lists hold products without admission too (merchandise pick-up).")
            .AcceptsJson<ListRequest>().Produces<CheckinListDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequiresManage().RequiresWrite();
        lists.MapGet("/{id}/", GetAsync).WithName("GetCheckinList").WithSummary("Retrieve a check-in list.").Produces<CheckinListDto>().Produces(StatusCodes.Status404NotFound);
        lists.MapPatch("/{id}/", (string @event, string id, HttpContext c, CheckinDbContext db, ISender s, CancellationToken ct) => UpdateAsync(@event, id, c, db, s, partial: true, ct))
            .WithName("UpdateCheckinList").WithSummary("Update some fields of a check-in list.")
            .AcceptsJson<ListRequest>().Produces<CheckinListDto>().ProducesValidationProblem().RequiresManage().RequiresWrite();
        lists.MapPut("/{id}/", (string @event, string id, HttpContext c, CheckinDbContext db, ISender s, CancellationToken ct) => UpdateAsync(@event, id, c, db, s, partial: false, ct))
            .WithName("ReplaceCheckinList").WithSummary("Replace a check-in list (omitted fields get their defaults).")
            .AcceptsJson<ListRequest>().Produces<CheckinListDto>().ProducesValidationProblem().RequiresManage().RequiresWrite();
        lists.MapDelete("/{id}/", DeleteAsync).WithName("DeleteCheckinList").WithSummary("Delete a check-in list (its check-ins are kept for the audit trail).")
            .Produces(StatusCodes.Status204NoContent).RequiresManage().RequiresWrite();
        lists.MapGet("/{id}/status/", StatusAsync).WithName("CheckinListStatus").WithSummary("Counts of a check-in list, in total and per product.").Produces<StatusDto>();

        // The seed's delete example spells the collection "checkinlist"; both spellings work.
        endpoints.MapOrganizerGroup("/events/{event}/checkinlist", "Check-in lists")
            .MapDelete("/{id}/", DeleteAsync).WithName("DeleteCheckinListSingular").ExcludeFromDescription().RequiresManage().RequiresWrite();
    }

    private static async Task<IResult> ListAsync(string @event, HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        if (found is null)
        {
            return OrganizerApi.NotFound();
        }

        var query = db.Lists.AsNoTracking().Where(l => l.EventId == found.Id && l.OrganizerId == found.OrganizerId && l.DeletedAt == null);
        if (context.Request.Query.TryGetValue("subevent", out var subevent))
        {
            if (!CheckinApi.TryParseId(subevent.ToString(), out var subEventId))
            {
                return OrganizerApi.Invalid("subevent", "Enter a number.");
            }

            query = query.Where(l => l.SubEventId == subEventId);
        }

        if (CheckinApi.DeviceListId(context.User) is { } only)
        {
            query = query.Where(l => l.Id == only);
        }

        var count = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(l => l.Id).Skip(page.Skip).Take(page.Size).ToListAsync(cancellationToken);
        var (positions, checkedIn) = await ListCounts.LoadAsync(db, sender, found, [.. rows.Select(l => l.Id)], cancellationToken);
        var results = rows.Select(l => CheckinApi.ToDto(l, ListCounts.For(l, positions, checkedIn[l.Id]))).ToList();
        return Results.Ok(page.ToPage(context.Request, count, results));
    }

    private static async Task<IResult> GetAsync(string @event, string id, HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        var list = found is null ? null : await CheckinApi.FindListAsync(db, context, found, id, cancellationToken);
        if (list is null)
        {
            return OrganizerApi.NotFound();
        }

        return Results.Ok(await DtoAsync(db, sender, found!, list, cancellationToken));
    }

    private static async Task<CheckinListDto> DtoAsync(CheckinDbContext db, ISender sender, EventInfo found, CheckinList list, CancellationToken cancellationToken)
    {
        var (positions, checkedIn) = await ListCounts.LoadAsync(db, sender, found, [list.Id], cancellationToken);
        return CheckinApi.ToDto(list, ListCounts.For(list, positions, checkedIn[list.Id]));
    }

    private static async Task<IResult> CreateAsync(string @event, HttpContext context, CheckinDbContext db, ISender sender, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
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

        var list = new CheckinList { OrganizerId = found.OrganizerId, EventId = found.Id, Name = string.Empty, CreatedAt = clock.GetUtcNow() };
        Apply(fields, list, found, partial: false);
        if (!fields.IsValid)
        {
            return OrganizerApi.Invalid(fields.Errors);
        }

        db.Lists.Add(list);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Created($"{context.Request.Path}{list.Id}/", await DtoAsync(db, sender, found, list, cancellationToken));
    }

    private static async Task<IResult> UpdateAsync(string @event, string id, HttpContext context, CheckinDbContext db, ISender sender, bool partial, CancellationToken cancellationToken)
    {
        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        var existing = found is null ? null : await CheckinApi.FindListAsync(db, context, found, id, cancellationToken);
        if (existing is null)
        {
            return OrganizerApi.NotFound();
        }

        var (fields, document) = await JsonFields.ReadAsync(context.Request.Body, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return OrganizerApi.NotJson();
        }

        var list = await db.Lists.SingleAsync(l => l.Id == existing.Id, cancellationToken);
        Apply(fields, list, found!, partial);
        if (!fields.IsValid)
        {
            return OrganizerApi.Invalid(fields.Errors);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(await DtoAsync(db, sender, found!, list, cancellationToken));
    }

    private static async Task<IResult> DeleteAsync(string @event, string id, HttpContext context, CheckinDbContext db, ISender sender, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        var list = found is null ? null : await CheckinApi.FindListAsync(db, context, found, id, cancellationToken);
        if (list is null)
        {
            return OrganizerApi.NotFound();
        }

        var now = clock.GetUtcNow();
        await db.Lists.Where(l => l.Id == list.Id && l.DeletedAt == null).ExecuteUpdateAsync(s => s.SetProperty(l => l.DeletedAt, now), cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> StatusAsync(string @event, string id, HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        var found = await CheckinApi.FindEventAsync(sender, context, @event, cancellationToken);
        var list = found is null ? null : await CheckinApi.FindListAsync(db, context, found, id, cancellationToken);
        if (list is null)
        {
            return OrganizerApi.NotFound();
        }

        var (positions, checkedIn) = await ListCounts.LoadAsync(db, sender, found!, [list.Id], cancellationToken);
        var ticketsOf = checkedIn[list.Id];
        var counted = positions.Where(p => CheckinApi.Counts(list, p)).ToList();
        var items = found!.Products.Where(p => list.Admits(p.Id)).Select(p =>
        {
            var mine = counted.Where(c => c.ProductId == p.Id).ToList();
            var variations = (p.Variations ?? []).Select(v =>
            {
                var ofVariation = mine.Where(c => c.VariationId == v.Id).ToList();
                return new StatusVariation(v.Id, v.Value, ofVariation.Count(c => ticketsOf.Contains(c.TicketId)), ofVariation.Count);
            }).ToList();
            return new StatusItem(p.Id, p.Name, mine.Count(c => ticketsOf.Contains(c.TicketId)), p.Admission, mine.Count, variations);
        }).ToList();
        return Results.Ok(new StatusDto(counted.Count(c => ticketsOf.Contains(c.TicketId)), counted.Count, new StatusEvent(found.Name), items));
    }

    /// <summary>Validates and applies the writable fields; with <paramref name="partial"/> (PATCH) only the ones given.</summary>
    private static void Apply(JsonFields fields, CheckinList list, EventInfo found, bool partial)
    {
        bool Given(string name) => !partial || fields.Has(name);

        if (Given("name") && fields.Text("name", required: true, maxLength: 200) is { } name)
        {
            list.Name = name;
        }

        if (Given("all_products"))
        {
            list.AllProducts = fields.Flag("all_products") ?? true;
        }

        if (Given("limit_products"))
        {
            list.LimitProducts = ReadIds(fields, "limit_products", found.Products.Select(p => p.Id).ToHashSet());
        }

        if (Given("limit_variations") || Given("limit_products"))
        {
            var allowed = found.Products.Where(p => list.LimitProducts.Contains(p.Id)).SelectMany(p => (p.Variations ?? []).Select(v => v.Id)).ToHashSet();
            var variations = fields.Has("limit_variations") ? ReadIds(fields, "limit_variations", allowed) : list.LimitVariations;
            CheckinApi.SetVariations(list, found, variations);
        }

        if (Given("include_pending"))
        {
            list.IncludePending = fields.Flag("include_pending") ?? false;
        }

        if (Given("allow_multiple_entries"))
        {
            list.AllowMultipleEntries = fields.Flag("allow_multiple_entries") ?? false;
        }

        if (Given("allow_entry_after_exit"))
        {
            list.AllowEntryAfterExit = fields.Flag("allow_entry_after_exit") ?? true;
        }

        if (Given("subevent"))
        {
            // A date of this event's series, or null for a list of every date (pretix; a date of another event does not exist here).
            var subevent = fields.Number("subevent", min: 1);
            list.SubEventId = subevent;
            if (!CheckinApi.IsDateOf(found, subevent))
            {
                fields.Add("subevent", $"Invalid pk \"{subevent}\" - object does not exist.");
            }
        }

        if (Given("auto_checkin_sales_channels"))
        {
            list.AutoCheckinSalesChannels = ReadChannels(fields, found.SalesChannels);
        }

        if (Given("valid_from"))
        {
            list.ValidFrom = fields.Instant("valid_from");
        }

        if (Given("valid_until"))
        {
            list.ValidUntil = fields.Instant("valid_until");
        }

        if (list.ValidFrom is { } from && list.ValidUntil is { } until && until < from)
        {
            fields.Add("valid_until", "The end of the entry window cannot be before its start.");
        }
    }

    private static List<long> ReadIds(JsonFields fields, string name, HashSet<long> known)
    {
        var ids = new List<long>();
        if (!fields.Root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return ids;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            fields.Add(name, "Expected a list of items but got type \"" + array.ValueKind.ToString().ToLowerInvariant() + "\".");
            return ids;
        }

        foreach (var element in array.EnumerateArray())
        {
            if (fields.NumberOf(name, element, min: 1) is not { } id)
            {
                continue;
            }

            if (!known.Contains(id))
            {
                fields.Add(name, $"Invalid pk \"{id}\" - object does not exist.");
                continue;
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static List<string> ReadChannels(JsonFields fields, IReadOnlyList<string> known)
    {
        const string name = "auto_checkin_sales_channels";
        var channels = new List<string>();
        if (!fields.Root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return channels;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            fields.Add(name, "Expected a list of items but got type \"" + array.ValueKind.ToString().ToLowerInvariant() + "\".");
            return channels;
        }

        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                fields.Add(name, "Not a valid string.");
                continue;
            }

            var channel = element.GetString()!;
            if (!known.Contains(channel))
            {
                fields.Add(name, $"\"{(channel.Length > 50 ? channel[..50] : channel)}\" is not a valid choice.");
                continue;
            }

            if (!channels.Contains(channel))
            {
                channels.Add(channel);
            }
        }

        return channels;
    }
}
