using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EventOps.Tests.Integration.Infrastructure;
using EventOps.Tests.Integration.Scanning;

namespace EventOps.Tests.Integration.Host;

/// <summary>
/// What the edge refuses for every endpoint before any module sees it: text that is not Unicode (lone surrogates,
/// invalid UTF-8), NUL characters, bodies not declared JSON, and tokens under a scheme no document names.
/// Each answer is a 4xx in the surface's own shape, and nothing changes.
/// </summary>
public abstract class EdgeInputTests(HostFixture host) : HostTests(host)
{
    // JSON text with the escape \ud800 (a lone high surrogate) or \udc00 (a lone low one), as a client would send it.
    private const string LoneHigh = "\\ud800";
    private const string LoneLow = "\\udc00";

    private static HttpContent JsonText(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null);
    }

    private static HttpClient ApiKey(HostFixture host, string token)
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", token);
        return client;
    }

    [Fact]
    public async Task LoneSurrogates_InJsonBodies_Are4xxInEachSurfacesShape_AndChangeNothing()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync(provider: "manual");
        var before = (await s.S.GetOrderAsync(ticket.Order.Value<string>("code"))).Compact();

        foreach (var bad in new[] { LoneHigh, LoneLow, "a" + LoneHigh + "b" })
        {
            // Seed 001: 422 {"message", "errors": {field: [...]}}.
            foreach (var field in new[] { "name", "email" })
            {
                var (status, body) = await SendAsync(ApiKey(Host, s.S.Organizer.WriteToken), HttpMethod.Patch, $"/api/tickets/{ticket.SaleId}",
                    JsonText($"{{\"action\":\"mark_paid\",\"{field}\":\"{bad}\"}}"));
                Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
                Assert.NotNull(body!["message"]);
                Assert.NotNull(body["errors"]![field]);
            }

            var (actionStatus, _) = await SendAsync(ApiKey(Host, s.S.Organizer.WriteToken), HttpMethod.Patch, $"/api/tickets/{ticket.SaleId}",
                JsonText($"{{\"action\":\"{bad}\"}}"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, actionStatus);

            // Management API (pretix): 400 {field: [...]}.
            var (created, createdBody) = await SendAsync(s.S.Client, HttpMethod.Post, $"{s.S.Base}/events/",
                JsonText($"{{\"slug\":\"x{bad}\",\"name\":\"n\",\"date_from\":\"2027-01-01T10:00:00Z\",\"venue\":{{\"name\":\"{bad}\"}}}}"));
            Assert.Equal(HttpStatusCode.BadRequest, created);
            Assert.NotNull(createdBody!["slug"]);

            // Tickable (seed 002): RFC 9457 validation problem.
            var (scan, scanBody) = await SendAsync(s.Bearer(), HttpMethod.Post, $"/tickets/{ticket.Uuid}/scan", JsonText($"{{\"scanner_id\":\"{bad}\"}}"));
            Assert.Equal(HttpStatusCode.BadRequest, scan);
            Assert.NotNull(scanBody!["errors"]!["scanner_id"]);

            // Usetix (seed 004): 400 {"error": ...}.
            var (sync, syncBody) = await SendAsync(s.Bearer(), HttpMethod.Post, "/scanner/redemption_attempts",
                JsonText($"{{\"attempts\":[{{\"client_id\":\"{bad}\",\"identifier\":\"{ticket.PublicId}\"}}]}}"));
            Assert.Equal(HttpStatusCode.BadRequest, sync);
            Assert.NotNull(syncBody!["error"]);

            // A lone surrogate in a property name is refused too.
            var (named, _) = await SendAsync(s.Token(), HttpMethod.Post, s.Histories, JsonText($"{{\"item\":{ticket.Id},\"action\":\"pickup\",\"{bad}\":1}}"));
            Assert.Equal(HttpStatusCode.BadRequest, named);
        }

        var (_, events) = await s.S.Client.GetJsonAsync($"{s.S.Base}/events/");
        Assert.Equal(1, events.Value<int>("count"));
        Assert.Equal(before, (await s.S.GetOrderAsync(ticket.Order.Value<string>("code"))).Compact());
    }

    [Fact]
    public async Task InvalidUtf8AndNul_InBodiesAndQueries_Are4xx_AndChangeNothing()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync(provider: "manual");
        var before = (await s.S.GetOrderAsync(ticket.Order.Value<string>("code"))).Compact();

        foreach (var bytes in new byte[][] { [.. "{\"action\":\"mark_paid\",\"name\":\""u8, 0xFF, 0xFE, .. "\"}"u8], [.. "{\"action\":\"mark_paid\",\"name\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8] })
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var (status, body) = await SendAsync(ApiKey(Host, s.S.Organizer.WriteToken), HttpMethod.Patch, $"/api/tickets/{ticket.SaleId}", content);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.NotNull(body!["errors"]);
        }

        var (nulBody, _) = await SendAsync(ApiKey(Host, s.S.Organizer.WriteToken), HttpMethod.Patch, $"/api/tickets/{ticket.SaleId}",
            JsonText("{\"action\":\"mark_paid\",\"name\":\"a\\u0000b\"}"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nulBody);

        var invalidUtf8 = new ByteArrayContent([.. "{\"slug\":\"x"u8, 0xC3, 0x28, .. "\",\"name\":\"n\",\"date_from\":\"2027-01-01T10:00:00Z\"}"u8]);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(s.S.Client, HttpMethod.Post, $"{s.S.Base}/events/", invalidUtf8)).Status);

        // Queries: NUL, an encoded lone surrogate (CESU-8) and invalid UTF-8, on the surfaces' GET operations.
        foreach (var query in new[] { "%00", "a%00b", "%ED%A0%80", "%FF", "%C3%28" })
        {
            foreach (var url in new[]
            {
                $"{s.S.EventBase}/orders/?search={query}",
                $"{s.S.EventBase}/checkinlists/?name={query}",
                $"/scanner/search?q={query}",
                $"/scanner/tickets?query={query}",
                $"{s.Verify("x")}{query}",
                $"{s.S.Base}/checkinrpc/search/?search={query}",
                $"{s.S.Base}/events/?{query}=1",
            })
            {
                var client = url.StartsWith("/scanner", StringComparison.Ordinal) ? s.Bearer() : s.S.Client;
                var (status, body) = await SendAsync(client, HttpMethod.Get, url, null);
                Assert.True(status == HttpStatusCode.BadRequest, $"{url}: {(int)status} {body.Compact()}");
                Assert.NotNull(body);
            }
        }

        Assert.Equal(before, (await s.S.GetOrderAsync(ticket.Order.Value<string>("code"))).Compact());
    }

    [Fact]
    public async Task NonJsonContentTypes_AreRefused_WithTheSurfacesShape_AndChangeNothing()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var before = (await s.S.GetOrderAsync(ticket.Order.Value<string>("code"))).Compact();
        foreach (var contentType in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null })
        {
            HttpContent Body(string json)
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
                if (contentType is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }

                return content;
            }

            var (refund, refundBody) = await SendAsync(ApiKey(Host, s.S.Organizer.WriteToken), HttpMethod.Patch, $"/api/tickets/{ticket.SaleId}", Body("{\"action\":\"refund\"}"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refund);
            Assert.NotNull(refundBody!["errors"]);

            var (events, eventsBody) = await SendAsync(s.S.Client, HttpMethod.Post, $"{s.S.Base}/events/",
                Body("{\"slug\":\"other\",\"name\":\"Other\",\"date_from\":\"2027-01-01T10:00:00Z\"}"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, events);
            Assert.NotNull(eventsBody!["detail"]);

            var (scan, scanBody) = await SendAsync(s.Bearer(), HttpMethod.Post, $"/tickets/{ticket.Uuid}/scan", Body("{}"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, scan);
            Assert.Equal(415, scanBody.Value<int>("status"));

            var (redeem, redeemBody) = await SendAsync(s.Bearer(), HttpMethod.Post, $"/scanner/events/{s.S.EventSlug}/tickets/{ticket.PublicId}/redemption", Body("{}"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, redeem);
            Assert.NotNull(redeemBody!["error"]);

            var (pickup, _) = await SendAsync(s.Token(), HttpMethod.Post, s.Histories, Body($"{{\"item\":{ticket.Id},\"action\":\"pickup\"}}"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, pickup);
        }

        Assert.Equal(before, (await s.S.GetOrderAsync(ticket.Order.Value<string>("code"))).Compact());
        var (_, list) = await s.S.Client.GetJsonAsync($"{s.S.Base}/events/");
        Assert.Equal(1, list.Value<int>("count"));

        // Declared JSON, with a charset or as a +json type, is read.
        var (ok, _) = await SendAsync(ApiKey(Host, s.S.Organizer.WriteToken), HttpMethod.Patch, $"/api/tickets/{ticket.SaleId}",
            new StringContent("{\"action\":\"mark_unpaid\"}", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, ok);
    }

    [Fact]
    public async Task Tokens_AreAcceptedOnlyUnderTheNamedSchemes_CaseInsensitive()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var before = (await s.S.GetOrderAsync(ticket.Order.Value<string>("code"))).Compact();
        var token = s.S.Organizer.WriteToken;
        foreach (var header in new[] { $"Basic {token}", $"Tokenx {token}", $"Bearerx {token}", $"Digest {token}", token, $"Token{token}", $"X {token}" })
        {
            var client = Host.Client();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"{s.S.Base}/events/")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/scanner/events/{s.S.EventSlug}/tickets/{ticket.PublicId}/redemption", JsonText("{}"))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/tickets/{ticket.Uuid}/scan", JsonText("{}"))).StatusCode);
            var refund = await client.PatchAsync($"/api/tickets/{ticket.SaleId}", JsonText("{\"action\":\"refund\"}"));
            Assert.False(refund.IsSuccessStatusCode, header);
        }

        Assert.Equal(before, (await s.S.GetOrderAsync(ticket.Order.Value<string>("code"))).Compact());

        foreach (var scheme in new[] { "token", "TOKEN", "bearer", "BEARER", "Bearer", "Token" })
        {
            var client = Host.Client();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"{scheme} {token}");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{s.S.Base}/events/")).StatusCode);
        }
    }

    [Fact]
    public async Task ScannerSearch_WithABlankOrWhitespaceQuery_ReturnsNoTickets()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        await s.PaidTicketAsync();
        foreach (var url in new[] { "/scanner/search?q=", "/scanner/search?q=%20%20", "/scanner/search?q=%09", "/scanner/search", "/scanner/search.json?q=+",
                     $"/scanner/search?event_slug={s.S.EventSlug}&q=", $"/scanner/search?event_slug={s.S.EventSlug}&q=%20", $"/scanner/search?event_slug={s.S.EventSlug}" })
        {
            var (status, body) = await s.Bearer().GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(body!["tickets"]!.AsArray().Count == 0, $"{url}: {body.Compact()}");
        }

        // The event's ticket cache keeps its documented blank-query behaviour.
        var (_, cache) = await s.Bearer().GetJsonAsync($"/scanner/events/{s.S.EventSlug}/tickets?query=");
        Assert.Single(cache!["tickets"]!.AsArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EdgeInputSqliteTests(SqliteHost host) : EdgeInputTests(host);

[Collection(PostgresCollection.Name)]
public sealed class EdgeInputPostgresTests(PostgresHost host) : EdgeInputTests(host);
