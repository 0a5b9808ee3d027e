using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EventOps.Modules.Scanning.Usetix;

/// <summary>
/// Writes an event's tickets page by page (keyset pages from Sales, admission states from Checkin per page) straight
/// to the response, so 100,000 tickets never sit in memory at once.
/// </summary>
internal sealed class SnapshotWriter(ISender sender, Admissions admissions, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const int PageSize = 1000;

    private JsonSerializerOptions Options => json.Value.SerializerOptions;

    /// <summary>
    /// The ETag is a hash of the event and every ticket as they would be sent (not of <c>generated_at</c>), taken in a
    /// first pass that serializes nothing to the wire; an unchanged snapshot costs the client one 304 and no bytes.
    /// The body is then streamed in a second pass. It is a weak tag: a scan between the passes may land in the body
    /// but not the tag, which only costs one more download next time.
    /// </summary>
    public async Task WriteSnapshotAsync(HttpContext context, ScanCaller caller, EventSummary found, CancellationToken cancellationToken)
    {
        var scannerEvent = ScannerWire.Event(found, context.Request);
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
    public Task WriteValidTicketsAsync(HttpContext context, ScanCaller caller, EventSummary found, CancellationToken cancellationToken) =>
        WriteAsync(context, caller, found, ScannerWire.Event(found, context.Request), validOnly: true, withGeneratedAt: false, cancellationToken);

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

        // JsonSerializer flushes its writer synchronously, which the server forbids on the response; so the writer fills
        // a page-sized buffer that is copied out asynchronously after each page.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256 * 1024);
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
        await foreach (var page in PagesAsync(caller, found, validOnly, cancellationToken))
        {
            foreach (var ticket in page)
            {
                JsonSerializer.Serialize(writer, ticket, Options);
            }

            writer.Flush();
            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
            buffer.ResetWrittenCount();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private async Task<string> ETagAsync(ScanCaller caller, EventSummary found, ScannerEvent scannerEvent, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(scannerEvent, Options));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        await foreach (var page in PagesAsync(caller, found, validOnly: false, cancellationToken))
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                JsonSerializer.Serialize(writer, page, Options);
            }

            hash.AppendData(buffer.WrittenSpan);
        }

        return $"W/\"{Convert.ToHexStringLower(hash.GetHashAndReset())[..32]}\"";
    }

    private async IAsyncEnumerable<IReadOnlyList<ScannerTicket>> PagesAsync(
        ScanCaller caller, EventSummary found, bool validOnly, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = await sender.Send(new GetEventTicketPage(caller.OrganizerId, found.Id, after, PageSize, validOnly), cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            var states = await admissions.StatesAsync(caller, found.Id, [.. page.Select(t => t.TicketId)], cancellationToken);
            yield return [.. page.Select(t => ScannerWire.Ticket(TicketState.Of(t, states.GetValueOrDefault(t.TicketId))))];
            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].TicketId;
        }
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Split(',').Any(e =>
        {
            var parts = e.Split(';');
            return parts[0].Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase) && !parts.Skip(1).Any(p => p.Replace(" ", string.Empty, StringComparison.Ordinal) is "q=0" or "q=0.0");
        }));
}
