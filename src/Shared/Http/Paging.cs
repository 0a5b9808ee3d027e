using Microsoft.AspNetCore.Http;

namespace EventOps.Shared.Http;

/// <summary>pretix-style page: <c>{count, next, previous, results}</c>.</summary>
public sealed record Page<T>(int Count, string? Next, string? Previous, IReadOnlyList<T> Results);

public readonly record struct PageRequest(int Number, int Size)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 1000;

    public int Skip => (Number - 1) * Size;

    /// <summary>Reads <c>page</c> and <c>page_size</c>; null with an error message when they are not positive integers.</summary>
    public static PageRequest? From(HttpRequest request, out string? error)
    {
        error = null;
        var number = 1;
        var size = DefaultSize;
        if (request.Query.TryGetValue("page", out var pageText) && (!int.TryParse(pageText, out number) || number < 1 || number > 1_000_000))
        {
            error = "Invalid page.";
            return null;
        }

        if (request.Query.TryGetValue("page_size", out var sizeText) && (!int.TryParse(sizeText, out size) || size < 1))
        {
            error = "Invalid page size.";
            return null;
        }

        return new PageRequest(number, Math.Min(size, MaxSize));
    }

    public Page<T> ToPage<T>(HttpRequest request, int count, IReadOnlyList<T> results)
    {
        string Link(int page)
        {
            var query = new Microsoft.AspNetCore.Http.Extensions.QueryBuilder(
                request.Query.Where(kv => kv.Key != "page")
                    .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string>(kv.Key, v ?? string.Empty))));
            query.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{query}";
        }

        var next = Skip + results.Count < count ? Link(Number + 1) : null;
        var previous = Number > 1 ? Link(Number - 1) : null;
        return new Page<T>(count, next, previous, results);
    }
}
