using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EventOps.Modules.Scanning.Usetix;

/// <summary>
/// Writes an event's tickets page by page (keyset pages from Sales, admission states from Checkin per page) straight
/// to the response, so 100,000 tickets never sit in memory at once.
/// </summary>
internal sealed class SnapshotWriter(
    ISender sender, IServiceScopeFactory scopes, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IConfiguration configuration)
{
    /// <summary>Rows per page (Sales answers at most 5,000); <c>Scanning:SnapshotPageSize</c> makes it smaller, for tests of many pages.</summary>
    private int PageSize => Math.Clamp(configuration.GetValue("Scanning:SnapshotPageSize", 5000), 1, 5000);

    /// <summary>
    /// Part of every ETag, so a Host that renders tickets differently (a new build of this module) never answers 304
    /// to a body an older build rendered. Deterministic builds keep it fixed until the module's code changes.
    /// </summary>
    private static readonly Guid Build = typeof(SnapshotWriter).Assembly.ManifestModule.ModuleVersionId;

    private JsonSerializerOptions Options => json.Value.SerializerOptions;

    public async Task WriteSnapshotAsync(HttpContext context, ScanCaller caller, EventSummary found, CancellationToken cancellationToken)
    {
        var scannerEvent = await ScannerEndpoints.WireEventAsync(sender, caller, found, context.Request, cancellationToken);
        var etag = await ETagAsync(caller, found, scannerEvent, cancellationToken);
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "private, no-cache";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        await WriteAsync(context, caller, found, scannerEvent, validOnly: false, withGeneratedAt: true, cancellationToken);
    }

    /// <summary>The valid ticket cache of seed 004 <c>/events/{slug}/tickets</c>: the same stream, invalid orders left out.</summary>
    public async Task WriteValidTicketsAsync(HttpContext context, ScanCaller caller, EventSummary found, CancellationToken cancellationToken) =>
        await WriteAsync(
            context, caller, found, await ScannerEndpoints.WireEventAsync(sender, caller, found, context.Request, cancellationToken), validOnly: true, withGeneratedAt: false,
            cancellationToken);

    /// <summary>
    /// The ETag is a hash of version stamps, not of the body: Sales' and Checkin's aggregates over the event (counts,
    /// last ids, voids, reverts, the sum of sale revisions, product labels) plus the event as sent and the scanner's
    /// list. Every edit that can change a ticket's bytes changes one of them (SnapshotETagTests tries each kind), so
    /// a 304 is never stale, and it costs a few index scans instead of a pass that renders every ticket to hash it.
    /// A tag hashed while streaming would have to travel as a trailer, which scanner clients do not read.
    /// It is weak and taken before the body: a write landing in between is in the body but not the tag, which costs
    /// one more download next time, never a stale 304.
    /// </summary>
    private async Task<string> ETagAsync(ScanCaller caller, EventSummary found, ScannerEvent scannerEvent, CancellationToken cancellationToken)
    {
        var tickets = await sender.Send(new GetEventTicketsVersion(caller.OrganizerId, found.Id), cancellationToken);
        var checkins = await sender.Send(new GetAdmissionVersion(caller.OrganizerId, found.Id, caller.CheckinListId), cancellationToken);
        var stamp = JsonSerializer.SerializeToUtf8Bytes(new { Build, found.Id, Event = scannerEvent, caller.CheckinListId, tickets, checkins }, Options);
        return $"W/\"{Convert.ToHexStringLower(SHA256.HashData(stamp))[..32]}\"";
    }

    private async Task WriteAsync(
        HttpContext context, ScanCaller caller, EventSummary found, ScannerEvent scannerEvent, bool validOnly, bool withGeneratedAt, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var gzip = AcceptsGzip(context.Request);
        if (gzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        response.Headers.Vary = HeaderNames.AcceptEncoding;
        await using var compressed = gzip ? new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true) : null;
        var stream = compressed ?? response.Body;

        // Utf8JsonWriter flushes synchronously, which the server forbids on the response; so the writer fills a
        // page-sized buffer that is copied out asynchronously after each page.
        var buffer = new ArrayBufferWriter<byte>(1024 * 1024);
        await using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        if (withGeneratedAt)
        {
            writer.WritePropertyName("generated_at");
            JsonSerializer.Serialize(writer, clock.GetUtcNow().UtcDateTime, Options);
        }

        writer.WritePropertyName("event");
        JsonSerializer.Serialize(writer, scannerEvent, Options);
        writer.WritePropertyName("tickets");
        writer.WriteStartArray();
        var eventSlug = JsonEncodedText.Encode(found.Slug);
        var eventTitle = JsonEncodedText.Encode(found.Name);
        var pageSize = PageSize;
        var next = ReadPageAsync(caller, found.Id, 0, pageSize, validOnly, cancellationToken);
        try
        {
            while (next is not null)
            {
                var (page, states) = await next;
                next = page.Count < pageSize ? null : ReadPageAsync(caller, found.Id, page[^1].TicketId, pageSize, validOnly, cancellationToken);
                foreach (var ticket in page)
                {
                    WriteTicket(writer, ticket, states.GetValueOrDefault(ticket.TicketId), eventSlug, eventTitle);
                }

                writer.Flush();
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        finally
        {
            // A write that failed (the client went away) leaves the next page's read running: let it end in its scope.
            if (next is not null)
            {
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// One page of tickets (Sales) with their admission states (Checkin), read in a scope of its own so that the next
    /// page's two queries run while this one is written instead of after it: with 100,000 tickets the database's time
    /// and the JSON writing overlap (docs/benchmarks.md).
    /// </summary>
    private async Task<(IReadOnlyList<EventTicketRow> Page, IReadOnlyDictionary<long, AdmissionState> States)> ReadPageAsync(
        ScanCaller caller, long eventId, long after, int pageSize, bool validOnly, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetEventTicketPage(caller.OrganizerId, eventId, after, pageSize, validOnly), cancellationToken);
        var states = await scope.ServiceProvider.GetRequiredService<Admissions>().StatesAsync(
            caller, eventId, [.. page.Select(t => t.TicketId)], cancellationToken, page.Count == 0 ? null : (after, page[^1].TicketId));
        return (page, states);
    }

    /// <summary>
    /// Writes made-up tickets of every shape into a buffer that is thrown away, in rounds with pauses between, so that the
    /// runtime has compiled the per-ticket code at its top tier before the first real download: otherwise a start's first
    /// snapshot of 100,000 tickets runs it in its start-up form (docs/benchmarks.md, round six). Nothing is read or sent.
    /// </summary>
    internal static async Task WarmUpTicketsAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UnixEpoch;
        EventTicketRow[] shapes =
        [
            new(1, "P1", "ABCD2345", "Admission", 1, "Buyer", "paid", false, now, false, null, Secret: "warm-up"),
            new(2, "P2", "ABC", "Day pass", 3, "Buyer", "pending", false, now, true, now, SubEventId: 1, SubEventName: "Day", SubEventStart: now,
                VariationId: 1, VariationName: "Adult", Seat: "A1", ProductId: 1),
        ];
        AdmissionState?[] states = [null, new AdmissionState(1, 1, now, now, new PreviousCheckin(1, now, "warm-up", null, "warm-up"))];
        var slug = JsonEncodedText.Encode("warm-up");
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        for (var round = 0; round < 3; round++)
        {
            await using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                for (var i = 0; i < 500; i++)
                {
                    WriteTicket(writer, shapes[i % shapes.Length], states[i % states.Length], slug, slug);
                }

                writer.WriteEndArray();
            }

            buffer.ResetWrittenCount();
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>
    /// The seed 004 ticket object, field for field as <see cref="ScannerWire.Ticket"/> and the serializer would write it
    /// (same names, order and formats), written directly: reflection over 100,000 records was most of the Host's work.
    /// </summary>
    private static void WriteTicket(Utf8JsonWriter writer, EventTicketRow ticket, AdmissionState? state, JsonEncodedText eventSlug, JsonEncodedText eventTitle)
    {
        var entries = state?.ActiveEntries ?? 0;
        var blocked = TicketState.BlockedReasonOf(TicketState.Blocking(ticket.Voided, ticket.SaleDeleted, ticket.SaleStatus), entries, ticket.MultiscanLimit, ticket.Admission);
        writer.WriteStartObject();
        writer.WriteString(Names.PublicId, ticket.PublicId);
        writer.WriteString(Names.CheckInCode, ticket.CheckInCode);
        var code = ticket.CheckInCode;
        if (code.Length == 8)
        {
            Span<char> display = stackalloc char[9];
            code.AsSpan(0, 4).CopyTo(display);
            display[4] = '-';
            code.AsSpan(4).CopyTo(display[5..]);
            writer.WriteString(Names.DisplayCheckInCode, display);
        }
        else
        {
            writer.WriteString(Names.DisplayCheckInCode, code);
        }

        writer.WriteString(Names.EventSlug, eventSlug);
        writer.WriteString(Names.EventTitle, eventTitle);
        if (ticket.VariationName is { } variation)
        {
            writer.WriteString(Names.TicketTitle, $"{ticket.ProductName} – {variation}");
        }
        else
        {
            writer.WriteString(Names.TicketTitle, ticket.ProductName);
        }

        writer.WriteNull(Names.TicketColor);
        writer.WriteString(Names.BuyerName, ticket.BuyerName);
        writer.WriteBoolean(Names.Redeemed, entries > 0);
        writer.WriteBoolean(Names.Redeemable, blocked is null);
        if (blocked is null)
        {
            writer.WriteNull(Names.BlockedReason);
        }
        else
        {
            writer.WriteString(Names.BlockedReason, blocked);
        }

        if (state?.FirstEntryAt is { } redeemedAt)
        {
            writer.WriteString(Names.RedeemedAt, redeemedAt.UtcDateTime);
        }
        else
        {
            writer.WriteNull(Names.RedeemedAt);
        }

        writer.WriteString(Names.UpdatedAt, TicketState.UpdatedAtOf(ticket.SaleUpdatedAt, ticket.VoidedAt, state?.Last?.At).UtcDateTime);
        writer.WriteBoolean(Names.Admission, ticket.Admission);
        if (ticket.SubEventId is { } dateId)
        {
            writer.WriteNumber(Names.DateId, dateId);
            WriteStringOrNull(writer, Names.DateTitle, ticket.SubEventName);
            WriteInstantOrNull(writer, Names.DateStartsAt, ticket.SubEventStart);
            WriteInstantOrNull(writer, Names.DateEndsAt, ticket.SubEventEnd ?? ticket.SubEventStart);
        }
        else
        {
            writer.WriteNull(Names.DateId);
            writer.WriteNull(Names.DateTitle);
            writer.WriteNull(Names.DateStartsAt);
            writer.WriteNull(Names.DateEndsAt);
        }

        WriteStringOrNull(writer, Names.VariationTitle, ticket.VariationName);
        WriteStringOrNull(writer, Names.Seat, ticket.Seat);
        WriteIdOrNull(writer, Names.ProductId, ticket.ProductId);
        WriteIdOrNull(writer, Names.VariationId, ticket.VariationId);
        WriteOfflineFields(writer, ticket, entries);
        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIdOrNull(Utf8JsonWriter writer, JsonEncodedText name, long? value)
    {
        if (value is { } id)
        {
            writer.WriteNumber(name, id);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteInstantOrNull(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            writer.WriteString(name, instant.UtcDateTime);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>
    /// What an offline scanner needs beyond seed 004's ticket object to decide as the server would (the browser scanner
    /// at /scan): the QR payload's hash, so a scanned secret is matched without the secret itself leaving the server,
    /// and the entries against the product's limit, so a second entry of a multi-entry ticket is admitted offline.
    /// </summary>
    private static void WriteOfflineFields(Utf8JsonWriter writer, EventTicketRow ticket, int entries)
    {
        if (ticket.Secret is { } secret)
        {
            writer.WriteString(Names.SecretHash, SecretHash(secret));
        }
        else
        {
            writer.WriteNull(Names.SecretHash);
        }

        writer.WriteNumber(Names.MultiscanLimit, Math.Max(1, ticket.MultiscanLimit));
        writer.WriteNumber(Names.Entries, entries);
    }

    /// <summary>
    /// The first 8 bytes of SHA-256 over the secret, as 16 lower-case hex digits: unique enough to find one of 100,000
    /// tickets (a false match is put right by the server at sync), and useless for making a ticket, since the QR needs
    /// the secret itself. The browser computes the same with <c>crypto.subtle.digest</c>.
    /// </summary>
    internal static string SecretHash(string secret)
    {
        Span<byte> utf8 = stackalloc byte[System.Text.Encoding.UTF8.GetMaxByteCount(secret.Length)];
        var length = System.Text.Encoding.UTF8.GetBytes(secret, utf8);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..length], hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Split(',').Any(e =>
        {
            var parts = e.Split(';');
            return parts[0].Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase) && !parts.Skip(1).Any(p => p.Replace(" ", string.Empty, StringComparison.Ordinal) is "q=0" or "q=0.0");
        }));

    /// <summary>The seed 004 ticket field names, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText PublicId = JsonEncodedText.Encode("public_id");
        public static readonly JsonEncodedText CheckInCode = JsonEncodedText.Encode("check_in_code");
        public static readonly JsonEncodedText DisplayCheckInCode = JsonEncodedText.Encode("display_check_in_code");
        public static readonly JsonEncodedText EventSlug = JsonEncodedText.Encode("event_slug");
        public static readonly JsonEncodedText EventTitle = JsonEncodedText.Encode("event_title");
        public static readonly JsonEncodedText TicketTitle = JsonEncodedText.Encode("ticket_title");
        public static readonly JsonEncodedText TicketColor = JsonEncodedText.Encode("ticket_color");
        public static readonly JsonEncodedText BuyerName = JsonEncodedText.Encode("buyer_name");
        public static readonly JsonEncodedText Redeemed = JsonEncodedText.Encode("redeemed");
        public static readonly JsonEncodedText Redeemable = JsonEncodedText.Encode("redeemable");
        public static readonly JsonEncodedText BlockedReason = JsonEncodedText.Encode("blocked_reason");
        public static readonly JsonEncodedText RedeemedAt = JsonEncodedText.Encode("redeemed_at");
        public static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updated_at");
        public static readonly JsonEncodedText Admission = JsonEncodedText.Encode("admission");
        public static readonly JsonEncodedText DateId = JsonEncodedText.Encode("date_id");
        public static readonly JsonEncodedText DateTitle = JsonEncodedText.Encode("date_title");
        public static readonly JsonEncodedText DateStartsAt = JsonEncodedText.Encode("date_starts_at");
        public static readonly JsonEncodedText DateEndsAt = JsonEncodedText.Encode("date_ends_at");
        public static readonly JsonEncodedText VariationTitle = JsonEncodedText.Encode("variation_title");
        public static readonly JsonEncodedText Seat = JsonEncodedText.Encode("seat");
        public static readonly JsonEncodedText ProductId = JsonEncodedText.Encode("product_id");
        public static readonly JsonEncodedText VariationId = JsonEncodedText.Encode("variation_id");
        public static readonly JsonEncodedText SecretHash = JsonEncodedText.Encode("secret_hash");
        public static readonly JsonEncodedText MultiscanLimit = JsonEncodedText.Encode("multiscan_limit");
        public static readonly JsonEncodedText Entries = JsonEncodedText.Encode("entries");
    }
}
