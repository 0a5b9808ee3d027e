using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventOps.Shared.Http;

/// <summary>
/// A CSV file written to the response row by row as the rows arrive: an export of 100,000 tickets holds one row and the
/// writer's buffer in memory, never the file. UTF-8 with a byte order mark (spreadsheets then read names right), written
/// by CsvHelper.
/// </summary>
public sealed class CsvDownload(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows) : IActionResult
{
    private const int BufferChars = 16 * 1024;
    private const int ProgressEvery = 25_000;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName, DispositionType = "attachment" }.ToString();
        response.Headers.CacheControl = "no-store";
        context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        var logger = context.HttpContext.RequestServices.GetService<ILoggerFactory>()?.CreateLogger<CsvDownload>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var count = 0;
        await using (var text = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), BufferChars, leaveOpen: true))
        await using (var csv = new CsvWriter(text, Configuration, leaveOpen: true))
        {
            await WriteRowAsync(csv, header);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await WriteRowAsync(csv, row);
                if (++count % ProgressEvery == 0)
                {
                    logger?.LogInformation("CSV export {FileName} running: {Rows} rows", fileName, count);
                }
            }

            await csv.FlushAsync();
        }

        logger?.LogInformation("CSV export {FileName} done: {Rows} rows in {Elapsed} ms", fileName, count, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// RFC 4180 with CRLF; a cell starting with =, +, - or @ is escaped with a quote mark, so a spreadsheet never runs a
    /// buyer's name as a formula.
    /// </summary>
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
    };

    private static async Task WriteRowAsync(CsvWriter csv, IReadOnlyList<string?> cells)
    {
        foreach (var cell in cells)
        {
            csv.WriteField(cell ?? string.Empty);
        }

        await csv.NextRecordAsync();
    }

    /// <summary>An instant as exports write it: UTC, ISO 8601 to the second.</summary>
    public static string Instant(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;
}
