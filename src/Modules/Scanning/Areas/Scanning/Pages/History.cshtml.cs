using System.Globalization;
using EventOps.Modules.Scanning.Persistence;
using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using EventOps.Shared.Modules;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Scanning.Areas.Scanning.Pages;

/// <summary>Every scan attempt on a scanner surface (successful or not), newest first, filtered and paged.</summary>
internal sealed class HistoryModel(ScanningDbContext db, ISender sender, IReadOnlyList<IModule> modules) : PageModel
{
    private const int PageSize = 50;

    private const string AnyRefusal = "refused";

    /// <summary>The result filter: what Admissions stores (ok, the engine's reason word, not_found, scope), or any refusal.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Results =
    [
        (Admissions.Ok, "admitted / ok"),
        (AnyRefusal, "refused (any reason)"),
        (RedeemReasons.AlreadyRedeemed, "refused: already used"),
        (RedeemReasons.Unpaid, "refused: unpaid"),
        (RedeemReasons.Canceled, "refused: cancelled"),
        (RedeemReasons.Product, "refused: wrong product"),
        (RedeemReasons.Blocked, "refused: voided"),
        (RedeemReasons.InvalidTime, "refused: outside the entry window"),
        (RedeemReasons.Incomplete, "refused: questions unanswered"),
        (RedeemReasons.Rules, "refused: rules"),
        (Admissions.NotFound, "unknown ticket"),
        (Admissions.Scope, "not on this device's event"),
    ];

    internal sealed record Row(
        long Id, DateTimeOffset At, string Surface, string Action, string? Device, string Actor, string? Identifier, long? EventId, string Result, string? Reason);

    [BindProperty(SupportsGet = true)]
    public long? EventId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? ListId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? DeviceId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Result { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<EventSummaryInfo> Events { get; private set; } = [];

    public IReadOnlyList<CheckinListInfo> Lists { get; private set; } = [];

    public IReadOnlyList<(long Id, string Name)> Devices { get; private set; } = [];

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public int Count { get; private set; }

    public int PageCount => Math.Max(1, (Count + PageSize - 1) / PageSize);

    public string EventName(long? id) => id is { } e ? Events.FirstOrDefault(x => x.Id == e)?.Name ?? $"event #{e}" : string.Empty;

    /// <summary>The query string of the current filters with another page number, for the pager links.</summary>
    public string PageLink(int page)
    {
        var query = Request.Query.Where(q => q.Key != "p").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query["p"] = page.ToString(CultureInfo.InvariantCulture);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Scanning/History", query);
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Events = await sender.Send(new ListEvents(), cancellationToken);
        Lists = modules.Any(m => m.Name == "Checkin") && Events.Count > 0 ? await sender.Send(new GetCheckinLists([.. Events.Select(e => e.Id)]), cancellationToken) : [];
        Devices = [.. (await db.Devices.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken)).Select(d => (d.Id, d.Name))];

        var query = db.ScanAttempts.AsNoTracking();
        if (EventId is { } eventId)
        {
            query = query.Where(a => a.EventId == eventId);
        }

        if (Lists.FirstOrDefault(l => l.Id == ListId) is { } list)
        {
            // An attempt carries no list: it was on a list when its device is bound to it, or, for an event's default
            // list, when neither device nor caller chose one (RedeemTicket falls back to the default list).
            var listId = list.Id;
            var eventOfList = list.EventId;
            query = list.IsDefault
                ? query.Where(a => a.EventId == eventOfList && (a.DeviceId == null || db.Devices.Any(d => d.Id == a.DeviceId && (d.CheckinListId == listId || d.CheckinListId == null))))
                : query.Where(a => a.EventId == eventOfList && db.Devices.Any(d => d.Id == a.DeviceId && d.CheckinListId == listId));
        }
        else
        {
            ListId = null;
        }

        if (DeviceId is { } deviceId)
        {
            query = query.Where(a => a.DeviceId == deviceId);
        }

        if (Result == AnyRefusal)
        {
            query = query.Where(a => a.Result != Admissions.Ok);
        }
        else if (Results.Any(r => r.Value == Result))
        {
            query = query.Where(a => a.Result == Result);
        }
        else
        {
            Result = null;
        }

        // The time range is given and shown in UTC, so a desk in another zone reads the same rows.
        if (From is { } from)
        {
            var since = new DateTimeOffset(DateTime.SpecifyKind(from, DateTimeKind.Utc));
            query = query.Where(a => a.At >= since);
        }

        if (To is { } to)
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(to, DateTimeKind.Utc));
            query = query.Where(a => a.At < until);
        }

        Count = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = await query.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new Row(
                a.Id, a.At, a.Surface, a.Action, db.Devices.Where(d => d.Id == a.DeviceId).Select(d => d.Name).FirstOrDefault(), a.Actor, a.Identifier, a.EventId,
                a.Result, a.Reason))
            .ToListAsync(cancellationToken);
    }

    public static string ResultClass(string result) => result switch
    {
        Admissions.Ok => "status-paid",
        _ => "status-cancelled",
    };
}
