using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using Microsoft.AspNetCore.Http;

namespace EventOps.Modules.Scanning.Usetix;

// The Usetix scanner wire (seed 004). Instants are UTC DateTimes so they serialize as "…Z" like the seed.
// Privacy boundary: nothing here carries the buyer's email, phone, billing data or answers.

public sealed record ScannerVenue(string? Name, string? City);

/// <summary>A date of an event series (pretix sub-event): tickets of a series name theirs by <c>date_id</c>.</summary>
public sealed record ScannerDate(long Id, string Title, DateTime StartsAt, DateTime EndsAt);

/// <summary>Seed 004's event; <c>dates</c> (ours) lists a series' dates in start order, empty for a single event.</summary>
public sealed record ScannerEvent(
    string Slug, string Title, DateTime StartsAt, DateTime EndsAt, DateTime UpdatedAt, string SnapshotUrl, string? ImageUrl, ScannerVenue Venue,
    IReadOnlyList<ScannerDate> Dates);

/// <summary>
/// Seed 004's ticket. <c>ticket_title</c> is the product with its variation, as staff read it. After the seed's fields,
/// ours: whether the product grants admission, the ticket's date on a series (<c>date_*</c>, null otherwise), its
/// variation's name, its seat's name, and its product and variation ids (what a check-in list admits, see
/// <see cref="PairedList"/>).
/// </summary>
public sealed record ScannerTicket(
    string PublicId, string CheckInCode, string DisplayCheckInCode, string? EventSlug, string EventTitle, string TicketTitle, string? TicketColor,
    string BuyerName, bool Redeemed, bool Redeemable, string? BlockedReason, DateTime? RedeemedAt, DateTime UpdatedAt,
    bool Admission, long? DateId, string? DateTitle, DateTime? DateStartsAt, DateTime? DateEndsAt, string? VariationTitle, string? Seat,
    long? ProductId, long? VariationId);

/// <summary>
/// A snapshot ticket: seed 004's ticket object plus what an offline scanner decides with (SnapshotWriter writes it by
/// hand, field for field; this record describes it in OpenAPI).
/// </summary>
public sealed record SnapshotTicket(
    string PublicId, string CheckInCode, string DisplayCheckInCode, string? EventSlug, string EventTitle, string TicketTitle, string? TicketColor,
    string BuyerName, bool Redeemed, bool Redeemable, string? BlockedReason, DateTime? RedeemedAt, DateTime UpdatedAt,
    bool Admission, long? DateId, string? DateTitle, DateTime? DateStartsAt, DateTime? DateEndsAt, string? VariationTitle, string? Seat,
    long? ProductId, long? VariationId, string? SecretHash, int MultiscanLimit, int Entries);

public sealed record ScannerSnapshot(DateTime GeneratedAt, ScannerEvent Event, IReadOnlyList<SnapshotTicket> Tickets);

public sealed record ScannerTicketList(ScannerEvent? Event, IReadOnlyList<ScannerTicket> Tickets);

public sealed record ScannerEventList(IReadOnlyList<ScannerEvent> Events);

public sealed record RedemptionFailure(string Error, ScannerTicket Ticket);

public sealed record ScannerError(string Error);

public sealed record ScannerAccount(long Id, string Name, string Subdomain);

public sealed record ScannerMe(ScannerAccount Account, object Authentication);

public sealed record DeviceAuthentication(string Type, string Name);

/// <summary>What a scanner is paired to (GET /scanner/device): the browser scanner shows it after pairing.</summary>
public sealed record ScannerPairing(ScannerAccount Account, PairedDevice? Device, ScannerEvent? Event, PairedList? CheckinList, bool CanWrite);

public sealed record PairedDevice(string Name, Guid Uuid);

/// <summary>
/// A device's check-in list and what it admits, so an offline scanner refuses what the server would: <c>date_id</c>
/// is the one date of a series it admits (null: every date); unless <c>all_products</c>, only tickets whose
/// <c>product_id</c> is in <c>limit_products</c>, and of a product in <c>limit_variation_products</c> only those
/// whose <c>variation_id</c> is in <c>limit_variations</c>.
/// </summary>
public sealed record PairedList(
    long Id, string Name, bool IsDefault, long? DateId, bool AllProducts, IReadOnlyList<long> LimitProducts, IReadOnlyList<long> LimitVariations,
    IReadOnlyList<long> LimitVariationProducts)
{
    public static PairedList Of(CheckinListInfo list) => new(
        list.Id, list.Name, list.IsDefault, list.SubEventId, list.AllProducts, list.LimitProducts, list.LimitVariations, list.LimitVariationProducts);
}

public sealed record TokenAuthentication(string Type, string Description, string Permission);

public sealed record AttemptResult(
    string ClientId, string? EventSlug, string? PublicId, string Result, string Message, DateTime ScannedAt, DateTime SyncedAt, DateTime? AcceptedAt,
    ScannerTicket? Ticket);

public sealed record AttemptResults(IReadOnlyList<AttemptResult> RedemptionAttempts);

public sealed record AttemptInput(string ClientId, string EventSlug, string PublicId, string? ScannedAt);

public sealed record AttemptBatch(IReadOnlyList<AttemptInput> Attempts);

internal static class ScannerWire
{
    public static ScannerEvent Event(EventSummary e, IReadOnlyList<SubEventInfo> dates, HttpRequest request) => new(
        e.Slug, e.Name, e.DateFrom.UtcDateTime, e.EndsAt.UtcDateTime,
        // Sales keeps no modification time on events; the start is the stable stand-in (it changes when the schedule does).
        e.DateFrom.UtcDateTime,
        $"{request.Scheme}://{request.Host}{request.PathBase}/scanner/events/{Uri.EscapeDataString(e.Slug)}/snapshot.json",
        null,
        new ScannerVenue(e.VenueName, e.VenueCity),
        [.. dates.Select(d => new ScannerDate(d.Id, d.Name, d.DateFrom.UtcDateTime, (d.DateTo ?? d.DateFrom).UtcDateTime))]);

    public static ScannerTicket Ticket(TicketState s) => new(
        s.Ticket.PublicId,
        s.Ticket.CheckInCode,
        s.Ticket.CheckInCode.Length == 8 ? $"{s.Ticket.CheckInCode[..4]}-{s.Ticket.CheckInCode[4..]}" : s.Ticket.CheckInCode,
        s.Ticket.EventSlug,
        s.Ticket.EventName,
        s.Ticket.ProductLabel,
        null,
        s.Ticket.BuyerName,
        s.Redeemed,
        s.Redeemable,
        s.BlockedReason,
        s.RedeemedAt?.UtcDateTime,
        s.UpdatedAt.UtcDateTime,
        s.Ticket.Admission,
        s.Ticket.SubEventId,
        s.Ticket.SubEventName,
        s.Ticket.SubEventStart?.UtcDateTime,
        s.Ticket.SubEventId is null ? null : (s.Ticket.SubEventEnd ?? s.Ticket.SubEventStart)?.UtcDateTime,
        s.Ticket.VariationName,
        s.Ticket.Seat,
        s.Ticket.ProductId,
        s.Ticket.VariationId);
}
