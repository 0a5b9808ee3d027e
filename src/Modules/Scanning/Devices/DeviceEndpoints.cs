using EventOps.Modules.Scanning.Domain;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Devices;

/// <summary>Management API for scanner devices (CONTRACT.md): the token is returned once, by POST, and stored hashed.</summary>
internal static class DeviceEndpoints
{
    public sealed record DeviceDto(
        long Id, Guid Uuid, string Name, string? Event, long? CheckinList, DateTimeOffset Created, DateTimeOffset? LastUsed, bool Revoked, DateTimeOffset? RevokedAt);

    public sealed record CreatedDeviceDto(
        long Id, Guid Uuid, string Name, string? Event, long? CheckinList, DateTimeOffset Created, DateTimeOffset? LastUsed, bool Revoked, DateTimeOffset? RevokedAt, string Token);

    public sealed record DeviceRequest(string Name, string? Event, long? CheckinList);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var devices = endpoints.MapOrganizerGroup("/devices", "Scanner devices").RequiresManage().RequiresWrite();
        devices.MapGet("/", ListAsync).WithName("ListDevices").WithSummary("List scanner devices (never their tokens).").Produces<Page<DeviceDto>>();
        devices.MapPost("/", CreateAsync).WithName("CreateDevice").WithSummary("Pair a scanner device; its token is in this response only.")
            .AcceptsJson<DeviceRequest>().Produces<CreatedDeviceDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        devices.MapDelete("/{id}/", RevokeAsync).WithName("RevokeDevice").WithSummary("Revoke a scanner device: its token is refused at once.")
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ScanningDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var organizerId = context.User.OrganizerId();
        var query = db.Devices.AsNoTracking().Where(d => d.OrganizerId == organizerId);
        var count = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(d => d.Id).Skip(page.Skip).Take(page.Size).ToListAsync(cancellationToken);
        var slugs = (await sender.Send(new GetEvents(organizerId), cancellationToken)).ToDictionary(e => e.Id, e => e.Slug);
        return Results.Ok(page.ToPage(context.Request, count, rows.Select(d => ToDto(d, slugs)).ToList()));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ScanningDbContext db, ISender sender, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (fields, document) = await JsonFields.ReadAsync(context.Request.Body, cancellationToken);
        using var _ = document;
        if (fields is null)
        {
            return OrganizerApi.NotJson();
        }

        var organizerId = context.User.OrganizerId();
        var name = fields.Text("name", required: true);
        var eventSlug = fields.Text("event", maxLength: 50);
        var listId = fields.Number("checkin_list", min: 1);
        EventSummary? found = null;
        if (eventSlug is not null && (found = (await sender.Send(new GetEvents(organizerId, Slug: eventSlug), cancellationToken)).SingleOrDefault()) is null)
        {
            fields.Add("event", $"Object with slug={eventSlug} does not exist.");
        }

        if (!fields.IsValid)
        {
            return OrganizerApi.Invalid(fields.Errors);
        }

        var (device, token) = DeviceTokenStore.Issue(organizerId, context.User.OrganizerSlug(), name!, found?.Id, listId, clock.GetUtcNow());
        db.Devices.Add(device);
        await db.SaveChangesAsync(cancellationToken);
        var dto = ToDto(device, found is null ? [] : new Dictionary<long, string> { [found.Id] = found.Slug });
        return Results.Created(
            $"{context.Request.Path}{device.Id}/",
            new CreatedDeviceDto(dto.Id, dto.Uuid, dto.Name, dto.Event, dto.CheckinList, dto.Created, dto.LastUsed, dto.Revoked, dto.RevokedAt, token));
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext context, ScanningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, out var deviceId))
        {
            return OrganizerApi.NotFound();
        }

        var organizerId = context.User.OrganizerId();
        var now = clock.GetUtcNow();
        var revoked = await db.Devices
            .Where(d => d.Id == deviceId && d.OrganizerId == organizerId && d.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RevokedAt, now), cancellationToken);
        return revoked == 1 ? Results.NoContent() : OrganizerApi.NotFound();
    }

    private static DeviceDto ToDto(ScannerDevice d, IReadOnlyDictionary<long, string> slugs) => new(
        d.Id, d.Uuid, d.Name, d.EventId is { } e ? slugs.GetValueOrDefault(e) : null, d.CheckinListId, d.CreatedAt, d.LastUsedAt, d.RevokedAt is not null, d.RevokedAt);
}
