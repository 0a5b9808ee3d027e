using EventOps.Modules.Scanning.Persistence;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Contracts.Scanning;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Scans;

/// <summary>Every scan attempt, for staff: the Shared request the admin pages send, and the same list on the management API.</summary>
internal sealed class ScanHistory(ScanningDbContext db) : IRequestHandler<ListScanAttempts, ScanRecordPage>
{
    public async ValueTask<ScanRecordPage> Handle(ListScanAttempts request, CancellationToken cancellationToken)
    {
        var query = db.ScanAttempts.AsNoTracking().Where(a => a.OrganizerId == request.OrganizerId);
        if (request.EventId is { } eventId)
        {
            query = query.Where(a => a.EventId == eventId);
        }

        if (request.DeviceId is { } deviceId)
        {
            query = query.Where(a => a.DeviceId == deviceId);
        }

        if (request.TicketId is { } ticketId)
        {
            query = query.Where(a => a.TicketId == ticketId);
        }

        if (!string.IsNullOrEmpty(request.Result))
        {
            query = query.Where(a => a.Result == request.Result);
        }

        if (request.From is { } from)
        {
            query = query.Where(a => a.At >= from);
        }

        if (request.To is { } to)
        {
            query = query.Where(a => a.At < to);
        }

        var count = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.Id).Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 1000))
            .Select(a => new ScanRecord(
                a.Id, a.Surface, a.Action, a.DeviceId, db.Devices.Where(d => d.Id == a.DeviceId).Select(d => d.Name).FirstOrDefault(), a.TokenId, a.Actor, a.At,
                a.ClientTime, a.Identifier, a.TicketId, a.EventId, a.Result, a.Reason))
            .ToListAsync(cancellationToken);
        return new ScanRecordPage(count, rows);
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var scans = endpoints.MapOrganizerGroup("/scans", "Scan history").RequiresManage();
        scans.MapGet("/", ListAsync).WithName("ListScans")
            .WithSummary("Every scan attempt on any scanner surface, newest first; filters: event (slug), device (id), result, since, until (ISO 8601).")
            .Produces<Page<ScanRecord>>().Produces(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var error) is not { } page)
        {
            return OrganizerApi.BadPage(error!);
        }

        var organizerId = context.User.OrganizerId();
        var q = context.Request.Query;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        long? eventId = null;
        if (q["event"].ToString() is { Length: > 0 } slug)
        {
            var found = await sender.Send(new GetEvents(organizerId, Slug: slug), cancellationToken);
            if (found.Count == 0)
            {
                errors["event"] = [$"Object with slug={slug} does not exist."];
            }
            else
            {
                eventId = found[0].Id;
            }
        }

        long? deviceId = null;
        if (q["device"].ToString() is { Length: > 0 } deviceText)
        {
            if (long.TryParse(deviceText, out var parsed))
            {
                deviceId = parsed;
            }
            else
            {
                errors["device"] = ["A valid integer is required."];
            }
        }

        DateTimeOffset? Instant(string name)
        {
            if (q[name].ToString() is not { Length: > 0 } text)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value))
            {
                return value.ToUniversalTime();
            }

            errors[name] = ["Datetime has wrong format. Use ISO 8601."];
            return null;
        }

        var since = Instant("since");
        var until = Instant("until");
        if (errors.Count > 0)
        {
            return OrganizerApi.Invalid(errors);
        }

        var result = q["result"].ToString();
        var records = await sender.Send(
            new ListScanAttempts(organizerId, eventId, deviceId, result.Length > 0 ? result : null, since, until, Skip: page.Skip, Take: page.Size), cancellationToken);
        return Results.Ok(page.ToPage(context.Request, records.Count, records.Results));
    }
}
