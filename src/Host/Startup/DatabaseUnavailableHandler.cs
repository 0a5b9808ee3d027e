using EventOps.Shared.Http;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace EventOps.Host.Startup;

/// <summary>
/// A database that cannot be reached (stopped, restarting, out of connections) is the server being unavailable, not a
/// bug: APIs answer 503 problem details with Retry-After, the admin a page saying so, instead of a 500. The first such
/// failure also empties the connection pools: after a restart every idle pooled connection is dead, and each would
/// otherwise fail one more request before the pool heals.
/// </summary>
internal sealed partial class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception))
        {
            return false;
        }

        NpgsqlConnection.ClearAllPools();
        LogUnavailable(logger, exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string Detail = "The database is unavailable for the moment. Nothing was changed; retry in a few seconds.";
        if (context.GetEndpoint()?.Metadata.GetMetadata<BadInputShape>() is not null || !AcceptsHtml(context.Request))
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: Detail).ExecuteAsync(context);
            return true;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"5\"><title>EventOps: back in a moment</title></head>"
            + "<body><h1>Back in a moment</h1><p>EventOps cannot reach its database right now. Nothing you did was lost or changed: this page reloads by "
            + "itself every few seconds, and works again as soon as the database is back.</p></body></html>",
            cancellationToken);
        return true;
    }

    private static bool AcceptsHtml(HttpRequest request) => request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Connection failures, server shutdown or start-up, too many connections: transient by Npgsql's own judgement.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException)
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Database unavailable, answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
