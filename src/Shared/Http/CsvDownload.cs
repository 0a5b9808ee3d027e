using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventOps.Shared.Http;

/// <summary>
/// A CSV file written to the response row by row as the rows arrive: an export of 100,000 tickets holds one row and the
/// writer's buffer in memory, never the file. UTF-8 with a byte order mark (spreadsheets then read names right), CRLF
/// line ends and RFC 4180 quoting.
/// </summary>
public sealed class CsvDownload(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows) : IActionResult
{
    private const int BufferChars = 16 * 1024;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName, DispositionType = "attachment" }.ToString();
        response.Headers.CacheControl = "no-store";
        context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var count = 0;
        await using (var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), BufferChars, leaveOpen: true))
        {
            var line = new StringBuilder(256);
            await WriteRowAsync(writer, line, header);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await WriteRowAsync(writer, line, row);
                count++;
            }
        }

        context.HttpContext.RequestServices.GetService<ILoggerFactory>()?.CreateLogger<CsvDownload>()
            .LogInformation("CSV export {FileName}: {Rows} rows in {Elapsed} ms", fileName, count, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task WriteRowAsync(StreamWriter writer, StringBuilder line, IReadOnlyList<string?> cells)
    {
        line.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(Cell(cells[i] ?? string.Empty));
        }

        line.Append("\r\n");
        await writer.WriteAsync(line);
    }

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs a buyer's name as a formula.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>An instant as exports write it: UTC, ISO 8601 to the second.</summary>
    public static string Instant(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}
