using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>Small JSON helpers so tests read like the requests a client sends.</summary>
public static class Api
{
    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static StringContent Raw(string body, string contentType = "application/json") => new(body, Encoding.UTF8, contentType);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = Json(body);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false))
        {
            json = JsonNode.Parse(text);
        }

        return (response.StatusCode, json);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string url) => client.SendAsync(HttpMethod.Get, url);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string url, object? body) => client.SendAsync(HttpMethod.Post, url, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PatchJsonAsync(this HttpClient client, string url, object? body) => client.SendAsync(HttpMethod.Patch, url, body);

    public static string Compact(this JsonNode? node) => node?.ToJsonString() ?? "null";

    public static T Value<T>(this JsonNode? node, string path)
    {
        var current = node;
        foreach (var part in path.Split('.'))
        {
            current = int.TryParse(part, out var index) ? current?[index] : current?[part];
        }

        return current is null ? default! : current.GetValue<T>();
    }
}
