using System.Text.Json;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Lists;
using EventOps.Modules.Checkin.Persistence;
using EventOps.Modules.Checkin.Positions;
using EventOps.Modules.Checkin.Questions;
using EventOps.Shared.Auth;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using static EventOps.Modules.Checkin.Redeem.RedeemEndpoint;

namespace EventOps.Modules.Checkin.Redeem;

/// <summary>
/// pretix's organizer-level check-in RPC (CONTRACT.md names <c>/checkinrpc/</c>): redeem a secret on whichever of the
/// given lists belongs to the ticket's event, and search positions across lists. Same engine, same answers.
/// </summary>
internal static class CheckinRpcEndpoints
{
    public const string Surface = "pretix_rpc";

    public sealed record RpcListDto(long Id, string Name, string Event, long? Subevent, bool IncludePending);

    public sealed record RpcRedeemRequest(
        string Secret, IReadOnlyList<long> Lists, string? SourceType, bool? QuestionsSupported, bool? CanceledSupported, DateTimeOffset? Datetime, bool? Force,
        bool? IgnoreUnpaid, string? Nonce, string? Type, IReadOnlyDictionary<string, string>? Answers);

    public sealed record RpcRedeemResponse(
        string Status, string? Reason, string? ReasonExplanation, bool RequireAttention, PositionDto? Position, IReadOnlyList<QuestionDto>? Questions, RpcListDto? List);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var rpc = endpoints.MapOrganizerGroup("/checkinrpc", "Check-in RPC");
        rpc.MapPost("/redeem/", RedeemAsync).WithName("CheckinRpcRedeem")
            .WithSummary("Redeem a ticket secret on the one of the given lists that belongs to its event.")
            .AcceptsJson<RpcRedeemRequest>()
            .Produces<RpcRedeemResponse>(StatusCodes.Status201Created)
            .Produces<RpcRedeemResponse>(StatusCodes.Status400BadRequest)
            .Produces<RpcRedeemResponse>(StatusCodes.Status404NotFound)
            .RequiresWrite().AtTheDoor();
        rpc.MapGet("/search/", SearchAsync).WithName("CheckinRpcSearch")
            .WithSummary("Search the positions of one or more check-in lists (list=1&list=2), with the positions filters.")
            .Produces<Page<PositionDto>>();
    }

    private static async Task<IResult> RedeemAsync(HttpContext context, CheckinDbContext db, ISender sender, RedeemEngine engine, CancellationToken cancellationToken)
    {
        var user = context.User;
        string? secret = null;
        var listIds = new List<long>();
        var (body, errors) = await ReadAsync(context.Request, cancellationToken, fields =>
        {
            secret = fields.Text("secret", required: true, maxLength: 200);
            if (!fields.Root.TryGetProperty("lists", out var lists) || lists.ValueKind != JsonValueKind.Array || lists.GetArrayLength() == 0)
            {
                fields.Add("lists", lists.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "This field is required." : "Expected a non-empty list of items.");
                return;
            }

            foreach (var element in lists.EnumerateArray())
            {
                if (fields.NumberOf("lists", element, min: 1) is { } id && !listIds.Contains(id))
                {
                    listIds.Add(id);
                }
            }

            fields.Text("source_type", maxLength: 50);
        }, bodyRequired: true);
        if (errors is not null)
        {
            return OrganizerApi.Invalid(errors);
        }

        var organizerId = user.OrganizerId();
        var deviceList = CheckinApi.DeviceListId(user);
        var deviceEvent = CheckinApi.DeviceEventId(user);
        var lists = await db.Lists.AsNoTracking().Where(l => listIds.Contains(l.Id) && l.OrganizerId == organizerId && l.DeletedAt == null).ToListAsync(cancellationToken);
        var missing = listIds.Where(id => lists.All(l => l.Id != id) || (deviceList is { } only && only != id) || (deviceEvent is { } e && lists.Single(l => l.Id == id).EventId != e)).ToList();
        if (missing.Count > 0)
        {
            return OrganizerApi.Invalid("lists", $"Invalid pk \"{missing[0]}\" - object does not exist.");
        }

        var ticket = await sender.Send(new FindTicket(organizerId, secret!, TicketIdentifierKind.Secret, deviceEvent), cancellationToken);
        // Of the given lists, one of the ticket's event, and among those one that holds its date (a series: a list per date).
        var list = ticket is null ? null : lists.Where(l => l.EventId == ticket.EventId).OrderBy(l => l.HoldsDate(ticket.SubEventId) ? 0 : 1).ThenBy(l => l.Id).FirstOrDefault();
        var request = new RedeemTicket(
            organizerId, secret!, TicketIdentifierKind.Secret, Surface, user.ActorName(), EventId: deviceEvent, CheckinListId: list?.Id ?? lists[0].Id, DeviceId: user.DeviceId(),
            Type: body.Type, ClientTime: body.Datetime, Nonce: body.Nonce, Force: body.Force, IgnoreUnpaid: body.IgnoreUnpaid, QuestionsSupported: body.QuestionsSupported,
            CanceledSupported: body.CanceledSupported, Answers: body.Answers);
        if (ticket is null || list is null)
        {
            // Unknown here, or a ticket of an event none of the lists belongs to: recorded as an invalid scan on the first list.
            await engine.RecordInvalidAsync(request, lists[0].Id, cancellationToken);
            return Results.Json(new RpcRedeemResponse("error", RedeemReasons.Invalid, null, false, null, null, ToDto(lists[0], null)), statusCode: StatusCodes.Status404NotFound);
        }

        var outcome = await engine.RedeemAsync(request, cancellationToken, ticket);
        var result = outcome.Result;
        var position = PositionView.From(PositionView.Of(ticket), outcome.History.Where(c => c.ListId == list.Id), outcome.Answers);
        var listDto = ToDto(list, ticket.EventSlug);
        return result.Status switch
        {
            RedeemStatus.Ok => Results.Json(new RpcRedeemResponse("ok", null, null, false, position, null, listDto), statusCode: StatusCodes.Status201Created),
            RedeemStatus.Incomplete => Results.Json(
                new RpcRedeemResponse("incomplete", null, null, false, position, [.. outcome.Questions.Select(QuestionEndpoints.ToDto)], listDto), statusCode: StatusCodes.Status400BadRequest),
            _ => Results.Json(new RpcRedeemResponse("error", result.Reason, result.ReasonExplanation, false, position, null, listDto), statusCode: StatusCodes.Status400BadRequest),
        };
    }

    private static RpcListDto ToDto(CheckinList list, string? eventSlug) => new(list.Id, list.Name, eventSlug ?? string.Empty, list.SubEventId, list.IncludePending);

    private static async Task<IResult> SearchAsync(HttpContext context, CheckinDbContext db, ISender sender, CancellationToken cancellationToken)
    {
        if (PageRequest.From(context.Request, out var pageError) is not { } page)
        {
            return OrganizerApi.BadPage(pageError!);
        }

        var user = context.User;
        var ids = new List<long>();
        foreach (var value in context.Request.Query["list"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!CheckinApi.TryParseId(value, out var id))
            {
                return OrganizerApi.Invalid("list", "Enter a number.");
            }

            ids.Add(id);
        }

        if (ids.Count == 0)
        {
            return OrganizerApi.Invalid("list", "This field is required.");
        }

        var organizerId = user.OrganizerId();
        var lists = await db.Lists.AsNoTracking().Where(l => ids.Contains(l.Id) && l.OrganizerId == organizerId && l.DeletedAt == null).ToListAsync(cancellationToken);
        var deviceList = CheckinApi.DeviceListId(user);
        var deviceEvent = CheckinApi.DeviceEventId(user);
        lists = [.. lists.Where(l => (deviceList is null || deviceList == l.Id) && (deviceEvent is null || deviceEvent == l.EventId))];
        if (lists.Count != ids.Distinct().Count())
        {
            return OrganizerApi.Invalid("list", "Select a valid choice.");
        }

        return await PositionEndpoints.PageAsync(context, db, sender, organizerId, lists, page, cancellationToken);
    }
}
