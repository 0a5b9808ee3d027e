using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventOps.Tests.Integration.Infrastructure;
using EventOps.Tests.Integration.Scanning;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace EventOps.Tests.Integration.Robustness;

/// <summary>
/// For every operation in /openapi/v1.json (so a new endpoint is in the matrix the day it is documented):
/// another organizer's token naming this organizer's data gets 404 (seed 001: 403) and changes nothing;
/// a read token on a write operation is refused (401 on the Usetix /scanner surface, seed 004; 403 elsewhere);
/// a revoked device token is refused everywhere with 401 (seed 001: 403, its answer to any bad key).
/// </summary>
public abstract partial class TenancyMatrixTests(HostFixture host, ITestOutputHelper output) : HostTests(host)
{
    private const string SeedOnePath = "/api/tickets/";

    [Fact]
    public async Task EveryOperation_RefusesOtherOrganizers_ReadTokensOnWrites_AndRevokedDevices()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var other = await Host.CreateOrganizerAsync("evil");
        var order = await s.S.OrderAsync("manual", "web", s.S.AdmissionItem);
        var ticket = ScanningScenario.Ticket(order, 0);
        var (_, lists) = await s.S.Client.GetJsonAsync($"{s.S.EventBase}/checkinlists/");
        var (_, question) = await s.S.Client.PostJsonAsync($"{s.S.EventBase}/questions/", new { question = "Size?", type = "S", required = false, products = new[] { s.S.AdmissionItem } });
        var (_, tokens) = await s.S.Client.GetJsonAsync($"{s.S.Base}/tokens/");
        var device = await s.DeviceAsync();
        var revoked = await s.DeviceAsync("Lost phone");
        Assert.Equal(HttpStatusCode.NoContent, (await s.S.Client.SendAsync(HttpMethod.Delete, $"{s.S.Base}/devices/{revoked.Id}/")).Status);

        string Id(string collection) => collection switch
        {
            "checkinlists" => lists.Value<long>("results.0.id").ToString(System.Globalization.CultureInfo.InvariantCulture),
            "positions" => ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "devices" => device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "tokens" => tokens.Value<long>("results.0.id").ToString(System.Globalization.CultureInfo.InvariantCulture),
            "questions" => question.Value<long>("id").ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "1",
        };

        string Value(string name, string previousSegment) => name switch
        {
            "organizer" => s.S.Organizer.Slug,
            "event" => s.S.EventSlug,
            "code" => order.Value<string>("code"),
            "sale_id" => ticket.SaleId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "ticket_id" => ticket.Uuid.ToString(),
            "secret" => ticket.Secret,
            "identifier" => ticket.PublicId,
            "list" => Id("checkinlists"),
            _ when name.Contains("venue", StringComparison.Ordinal) => s.VenueId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Id(previousSegment),
        };

        var (_, document) = await Host.Client().GetJsonAsync("/openapi/v1.json");
        var failures = new List<string>();
        var tried = 0;
        foreach (var (path, item) in document!["paths"]!.AsObject())
        {
            var url = ParameterPattern().Replace(path, m =>
            {
                var before = path[..m.Index].TrimEnd('/');
                return Value(m.Groups[1].Value, before[(before.LastIndexOf('/') + 1)..]);
            });
            var namesOurData = ParameterPattern().IsMatch(path);
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description")
                {
                    continue;
                }

                var verb = method.ToUpperInvariant();
                var body = operation!["requestBody"] is null ? null : SampleBody(operation, ticket).ToJsonString();
                var isWrite = verb != "GET";
                var operationName = $"{verb} {path}";

                // Another organizer's token (with write rights) aimed at this organizer's data.
                var before = await FingerprintAsync(s.S.Organizer.Id);
                var foreign = await SendAsync(verb, url, body, other.WriteToken);
                tried++;
                var expected = path.StartsWith(SeedOnePath, StringComparison.Ordinal) ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
                if ((int)foreign >= 500 || (namesOurData && foreign != expected))
                {
                    failures.Add($"other organizer: {operationName} -> {(int)foreign}, expected {(int)expected}");
                }

                if (before != await FingerprintAsync(s.S.Organizer.Id))
                {
                    failures.Add($"other organizer changed our data: {operationName} -> {(int)foreign}");
                }

                if (isWrite)
                {
                    before = await FingerprintAsync(s.S.Organizer.Id);
                    var read = await SendAsync(verb, url, body, s.S.Organizer.ReadToken);
                    tried++;
                    var refused = path.StartsWith("/scanner/", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                    if (read != refused)
                    {
                        failures.Add($"read token: {operationName} -> {(int)read}, expected {(int)refused}");
                    }

                    if (before != await FingerprintAsync(s.S.Organizer.Id))
                    {
                        failures.Add($"read token changed data: {operationName}");
                    }
                }

                var gone = await SendAsync(verb, url, body, revoked.Token);
                tried++;

                // Seed 001 answers every bad key with 403 ("Verify API key is valid").
                var unknown = path.StartsWith(SeedOnePath, StringComparison.Ordinal) ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
                if (gone != unknown)
                {
                    failures.Add($"revoked device: {operationName} -> {(int)gone}, expected {(int)unknown}");
                }
            }
        }

        output.WriteLine($"tenancy matrix: {tried} requests over {document["paths"]!.AsObject().Count} paths");
        Assert.True(tried > 50, $"only {tried} requests");
        Assert.True(failures.Count == 0, $"{failures.Count} cells wrong:\n" + string.Join("\n", failures));
    }

    private async Task<HttpStatusCode> SendAsync(string method, string url, string? body, string token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        // Seed 001 clients send X-API-Key; the Usetix and Tickable apps send Bearer; pretix and Showpass clients send Token.
        if (url.StartsWith(SeedOnePath, StringComparison.Ordinal))
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", token);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Authorization", (url.StartsWith("/scanner/", StringComparison.Ordinal) || url.StartsWith("/tickets/", StringComparison.Ordinal) ? "Bearer " : "Token ") + token);
        }

        using var response = await Host.Client().SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A body that would succeed for the owner: it names the owner's ticket wherever a ticket is asked for.</summary>
    private static JsonObject SampleBody(JsonNode operation, PaidTicket ticket)
    {
        var body = new JsonObject();
        var properties = operation["requestBody"]?["content"]?["application/json"]?["schema"]?["properties"]?.AsObject();
        // A scanner id the owner does not have would be refused before the ticket is looked at; without one the caller's scanner is used.
        foreach (var (name, _) in (properties ?? []).Where(p => p.Key != "scanner_id"))
        {
            body[name] = name switch
            {
                "action" => "mark_paid",
                "email" => "matrix@example.com",
                "positions" => new JsonArray(new JsonObject { ["item"] = 1 }),
                "date_from" or "date_to" or "datetime" => "2027-01-01T10:00:00Z",
                "default_price" => "10.00",
                "secret" or "barcode_string" => ticket.Secret,
                "item" => ticket.Id,
                "public_id" => ticket.PublicId,
                "attempts" => new JsonArray(new JsonObject { ["client_id"] = "matrix", ["event_slug"] = "conf", ["public_id"] = ticket.PublicId }),
                "lists" => new JsonArray(1),
                "admission" or "force" or "ignore_unpaid" => true,
                _ => "matrix",
            };
        }

        return body;
    }

    /// <summary>Every row the organizer owns (tables with organizer_id), and the whole of the tables without one.</summary>
    private async Task<string> FingerprintAsync(long organizerId)
    {
        var sqlite = Host.Provider == EventOps.Shared.Modules.DatabaseProvider.Sqlite;
        await using var connection = sqlite ? (DbConnection)new SqliteConnection(Host.ConnectionString) : new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Name, bool Owned)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = sqlite
                ? "SELECT m.name, EXISTS(SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'organizer_id') FROM sqlite_master m WHERE m.type='table' AND (m.name LIKE 'sales_%' OR m.name LIKE 'checkin_%' OR m.name LIKE 'scanning_%') AND m.name NOT LIKE '%EFMigrations%' ORDER BY 1"
                : "SELECT t.table_schema || '.\"' || t.table_name || '\"', EXISTS(SELECT 1 FROM information_schema.columns c WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'organizer_id') FROM information_schema.tables t WHERE t.table_schema IN ('sales','checkin','scanning') AND t.table_name <> '__EFMigrationsHistory' ORDER BY 1";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), Convert.ToBoolean(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (table, owned) in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}{(owned ? $" WHERE organizer_id = {organizerId}" : string.Empty)} ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    // last_used moves on every authenticated call; it is bookkeeping, not data another caller changed.
                    if (reader.GetName(i) is "last_used" or "last_used_at")
                    {
                        continue;
                    }

                    hash.AppendData(Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) + "|"));
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [GeneratedRegex("{([^}]+)}")]
    private static partial Regex ParameterPattern();
}

[Collection(SqliteCollection.Name)]
public sealed class TenancyMatrixSqliteTests(SqliteHost host, ITestOutputHelper output) : TenancyMatrixTests(host, output);

[Collection(PostgresCollection.Name)]
public sealed class TenancyMatrixPostgresTests(PostgresHost host, ITestOutputHelper output) : TenancyMatrixTests(host, output);
