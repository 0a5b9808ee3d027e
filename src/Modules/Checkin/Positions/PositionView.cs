using System.Text.Json.Serialization;
using EventOps.Modules.Checkin.Domain;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Http;

namespace EventOps.Modules.Checkin.Positions;

public sealed record PositionCheckinDto(long List, DateTimeOffset Datetime, string Type, bool AutoCheckedIn);

public sealed record PositionAnswerDto(long Question, string Answer, IReadOnlyList<long> Options);

/// <summary>pretix's seat object: the seat's id, its display name and its guid in the seating plan.</summary>
public sealed record PositionSeatDto(long Id, string Name, string SeatGuid);

/// <summary>The pretix order position resource as check-in lists show it (seed 003); fields we have no concept for are null.</summary>
public sealed record PositionDto(
    long Id,
    string Order,
    int Positionid,
    long Item,
    long? Variation,
    string Price,
    string AttendeeName,
    IReadOnlyDictionary<string, string> AttendeeNameParts,
    string? AttendeeEmail,
    string? Voucher,
    string TaxRate,
    long? TaxRule,
    string TaxValue,
    string Secret,
    long? AddonTo,
    long? Subevent,
    string PseudonymizationId,
    PositionSeatDto? Seat,
    IReadOnlyList<PositionCheckinDto> Checkins,
    IReadOnlyList<PositionAnswerDto> Answers,
    IReadOnlyList<object> Downloads,
    bool RequireAttention,
    [property: JsonPropertyName("order__status")] string OrderStatus);

internal static class PositionView
{
    /// <summary>pretix order status codes: n pending, p paid, e expired, c canceled.</summary>
    public static string StatusCode(string status, bool deleted) => deleted ? "c" : status switch
    {
        "paid" => "p",
        "pending" or "unpaid" => "n",
        "expired" => "e",
        _ => "c",
    };

    /// <summary>The same view from the engine's ticket, so that a redeem answer needs no further query.</summary>
    public static PositionInfo Of(TicketInfo t) => new(
        t.TicketId, t.PositionId, t.SaleId, t.SaleCode, t.SaleUpdatedAt, t.SaleStatus, t.SaleDeleted, t.SalesChannel, string.Empty, t.BuyerName,
        t.ProductId, t.Admission, t.Price, t.AttendeeName, t.Seat, t.Secret, t.PublicId, t.Voided,
        t.SubEventId, t.VariationId, t.AddonToId, t.SeatId, t.SeatGuid, t.ProductName, t.VariationName);

    /// <summary>
    /// pretix: an add-on without an attendee name shows its parent position's (seed 003 "fall back to values from a
    /// parent product"), so a T-shirt add-on is found and sorted under the name of the person it belongs to.
    /// </summary>
    public static PositionInfo WithParentName(PositionInfo p, IReadOnlyDictionary<long, PositionInfo> byTicket) =>
        string.IsNullOrWhiteSpace(p.AttendeeName) && p.AddonToId is { } parentId && byTicket.TryGetValue(parentId, out var parent)
        && !string.IsNullOrWhiteSpace(parent.AttendeeName)
            ? p with { AttendeeName = parent.AttendeeName }
            : p;

    public static PositionDto From(PositionInfo p, IEnumerable<Domain.Checkin> checkins, IEnumerable<Answer> answers)
    {
        // pretix: an empty attendee name falls back to the buyer's.
        var name = string.IsNullOrWhiteSpace(p.AttendeeName) ? p.BuyerName : p.AttendeeName;
        return new PositionDto(
            p.TicketId, p.SaleCode, p.PositionId, p.ProductId, p.VariationId, OrganizerApi.Money(p.Price), name,
            new Dictionary<string, string> { ["full_name"] = name }, null, null, "0.00", null, "0.00", p.Secret, p.AddonToId, p.SubEventId, p.PublicId,
            p.SeatId is { } seatId ? new PositionSeatDto(seatId, p.Seat ?? string.Empty, p.SeatGuid ?? string.Empty) : null,
            [.. checkins.Where(c => c.Successful && !c.Reverted).OrderBy(c => c.Datetime).ThenBy(c => c.Id)
                .Select(c => new PositionCheckinDto(c.ListId ?? 0, c.Datetime, c.Type == CheckinType.Exit ? "exit" : "entry", c.AutoCheckedIn))],
            [.. answers.OrderBy(a => a.QuestionId).Select(a => new PositionAnswerDto(a.QuestionId, a.Value, a.OptionIds))],
            [], false, StatusCode(p.SaleStatus, p.SaleDeleted));
    }
}
