using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace EventOps.Shared.Http;

/// <summary>
/// The one place that refuses input no endpoint can store: text that is not Unicode (a JSON escape of a lone
/// surrogate, invalid UTF-8 in a body, a query or a form) and NUL characters (PostgreSQL refuses them in text), and,
/// on JSON API endpoints (<see cref="BadInputShape"/> metadata), a body not declared JSON. Such input used to pass the
/// parsers and fail in the database driver's encoder as a 500; now it is a 4xx in the surface's shape, before any
/// endpoint runs, so nothing is written.
/// </summary>
public static partial class EdgeInput
{
    internal const string NotUtf8 = "Must be valid UTF-8 text.";
    internal const string NotUnicode = "Must be valid Unicode text (no lone surrogates).";
    internal const string HasNul = "Null characters are not allowed.";

    public static async Task GuardAsync(HttpContext context, Func<Task> next)
    {
        var shape = context.GetEndpoint()?.Metadata.GetMetadata<BadInputShape>();
        var refused = CheckQuery(context.Request.QueryString.Value) ?? CheckRouteValues(context.Request.RouteValues);
        if (refused is null && HasBody(context))
        {
            var request = context.Request;
            if (shape is not null)
            {
                refused = IsJson(request.ContentType)
                    ? await CheckJsonAsync(request, context.RequestAborted)
                    : new BadInput(null, "Unsupported media type.", NotJson: true);
            }
            else if (IsForm(request.ContentType))
            {
                refused = await CheckFormAsync(request, context.RequestAborted);
            }
        }

        if (refused is null)
        {
            await next();
            return;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EdgeInput));
        LogRefused(logger, context.Request.Method, (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)", refused.Field ?? "(body)", refused.Message);
        await (shape ?? BadInputShape.Problem).Answer(refused).ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Refused at the edge: {Method} {Route} {Field}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string route, string field, string reason);

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is > 0
        || (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);

    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Value is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static bool IsForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks the raw query: the server's decoder turns invalid UTF-8 into U+FFFD and keeps NUL, so decode it here.</summary>
    public static BadInput? CheckQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return null;
        }

        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var nameProblem = CheckEncoded(name);
            if (nameProblem is not null)
            {
                return new BadInput("query", nameProblem);
            }

            if (equals >= 0 && CheckEncoded(pair[(equals + 1)..]) is { } valueProblem)
            {
                return new BadInput(Uri.UnescapeDataString(name.Replace('+', ' ')), valueProblem);
            }
        }

        return null;
    }

    /// <summary>A percent-encoded component (query or form): its bytes must be UTF-8 without NUL.</summary>
    private static string? CheckEncoded(string component)
    {
        if (component.IndexOf('%', StringComparison.Ordinal) < 0 && !component.Any(c => c > 0x7F))
        {
            return null;
        }

        var bytes = new List<byte>(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (c == '%' && i + 2 < component.Length && Uri.IsHexDigit(component[i + 1]) && Uri.IsHexDigit(component[i + 2]))
            {
                bytes.Add(Convert.ToByte(component.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                if (CheckText(component.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < component.Length ? 2 : 1)) is { } problem)
                {
                    return problem;
                }

                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(component.Substring(i, char.IsHighSurrogate(c) && i + 1 < component.Length ? 2 : 1)));
                i += char.IsHighSurrogate(c) && i + 1 < component.Length ? 1 : 0;
            }
        }

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        return !Utf8.IsValid(span) ? NotUtf8 : span.Contains((byte)0) ? HasNul : null;
    }

    private static BadInput? CheckRouteValues(RouteValueDictionary values)
    {
        foreach (var (name, value) in values)
        {
            if (value is string text && CheckText(text) is { } problem)
            {
                return new BadInput(name, problem);
            }
        }

        return null;
    }

    /// <summary>Decoded text: no NUL, and every surrogate in a pair.</summary>
    public static string? CheckText(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return HasNul;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return NotUnicode;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the body once and puts it back as a stream over the same bytes, so the endpoint reads what was checked
    /// without a second copy (<see cref="BufferedBody"/>); Kestrel's body size limit applies to this read as to any.
    /// </summary>
    private static async Task<ArraySegment<byte>> BufferAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream(request.ContentLength is > 0 and <= 1 << 20 ? (int)request.ContentLength.Value : 256);
        await request.Body.CopyToAsync(copy, cancellationToken);
        var body = new ArraySegment<byte>(copy.GetBuffer(), 0, (int)copy.Length);
        request.Body = new MemoryStream(body.Array!, 0, body.Count, writable: false, publiclyVisible: true);
        return body;
    }

    /// <summary>The body this guard already read, when it did (JSON and form bodies); null otherwise.</summary>
    public static ArraySegment<byte>? BufferedBody(HttpRequest request) =>
        request.Body is MemoryStream { Position: 0 } stream && stream.TryGetBuffer(out var buffer) ? buffer : (ArraySegment<byte>?)null;

    private static async Task<BadInput?> CheckFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await BufferAsync(request, cancellationToken);
        var text = System.Text.Encoding.Latin1.GetString(body.AsSpan());
        return CheckQuery(text) is { } problem ? problem with { Field = problem.Field == "query" ? null : problem.Field } : null;
    }

    /// <summary>
    /// Walks the JSON tokens with the same limits the endpoints parse with: where this walk fails on syntax or depth,
    /// the endpoint's own parser refuses the body in its own words, so only text is judged here.
    /// </summary>
    private static async Task<BadInput?> CheckJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await BufferAsync(request, cancellationToken);
        ReadOnlySpan<byte> span = body.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        if (!Utf8.IsValid(span))
        {
            return new BadInput(null, "The body is not valid UTF-8.");
        }

        return CheckJsonText(span);
    }

    private static BadInput? CheckJsonText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? field = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                var isTopLevelName = reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1;
                if (!reader.ValueIsEscaped)
                {
                    if (isTopLevelName)
                    {
                        field = reader.GetString();
                    }

                    continue;
                }

                string text;
                try
                {
                    text = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    return new BadInput(field, NotUnicode);
                }

                if (CheckText(text) is { } problem)
                {
                    return new BadInput(isTopLevelName ? null : field, problem);
                }

                if (isTopLevelName)
                {
                    field = text;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
