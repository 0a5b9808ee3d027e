using System.Net;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;

namespace EventOps.Tests.Integration.Scanning;

/// <summary>The scanner surfaces are described in the OpenAPI document (the <c>.json</c> twins are not).</summary>
public abstract class ScanningOpenApiTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task OpenApi_DescribesEveryScanningSurface()
    {
        var (status, document) = await Host.Client().GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var path in new[]
        {
            "/api/v1/organizers/{organizer}/devices", "/api/v1/organizers/{organizer}/devices/{id}", "/api/v1/organizers/{organizer}/scans",
            "/scanner/me", "/scanner/device", "/scanner/events", "/scanner/events/{slug}/snapshot", "/scanner/events/{slug}/tickets", "/scanner/tickets", "/scanner/search",
            "/scanner/tickets/{identifier}", "/scanner/events/{slug}/tickets/{identifier}/redemption", "/scanner/tickets/{identifier}/redemption",
            "/scanner/redemption_attempts", "/api/venue/{venue_id}/tickets/items/verify", "/api/venue/{venue_id}/tickets/items/histories",
            "/tickets/{ticket_id}/scan",
        })
        {
            Assert.True(paths.Contains(path), $"{path} missing from {string.Join(", ", paths.Order())}");
        }

        Assert.DoesNotContain("/scanner/me.json", paths);
    }

    /// <summary>What an offline scanner needs to refuse a ticket whose product its list does not admit is in the document.</summary>
    [Fact]
    public async Task OpenApi_DescribesWhatADevicesListAdmits_AndTheTicketsProductAndVariation()
    {
        var (_, document) = await Host.Client().GetJsonAsync("/openapi/v1.json");
        var device = document!["paths"]!["/scanner/device"]!["get"]!;
        Assert.Contains("limit_variation_products", device.Value<string>("description"), StringComparison.Ordinal);
        var pairing = Schema(document, device["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
        var list = Schema(document, pairing["properties"]!["checkin_list"]);
        foreach (var field in new[] { "date_id", "all_products", "limit_products", "limit_variations", "limit_variation_products" })
        {
            Assert.True(list["properties"]![field] is not null, $"checkin_list.{field} missing from {list.ToJsonString()}");
        }

        var ticket = Schema(document, document["paths"]!["/scanner/tickets/{identifier}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
        var snapshot = Schema(document, document["paths"]!["/scanner/events/{slug}/snapshot"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
        var snapshotTicket = Schema(document, snapshot["properties"]!["tickets"]!["items"]);
        foreach (var field in new[] { "product_id", "variation_id" })
        {
            Assert.True(ticket["properties"]![field] is not null, $"{field} missing from the ticket");
            Assert.True(snapshotTicket["properties"]![field] is not null, $"{field} missing from the snapshot ticket");
        }
    }

    /// <summary>A schema with its <c>$ref</c> (and a nullable <c>oneOf</c> / <c>anyOf</c> wrapper) followed.</summary>
    private static JsonNode Schema(JsonNode document, JsonNode? schema)
    {
        for (var i = 0; i < 5 && schema is not null; i++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = document["components"]!["schemas"]![reference.Split('/')[^1]];
            }
            else if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
            {
                schema = choices.FirstOrDefault(c => c?["$ref"] is not null) ?? choices.FirstOrDefault(c => c?["properties"] is not null);
            }
            else
            {
                break;
            }
        }

        Assert.NotNull(schema);
        return schema;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ScanningOpenApiSqliteTests(SqliteHost host) : ScanningOpenApiTests(host);
