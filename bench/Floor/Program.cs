using System.Text.Json.Serialization;
using Npgsql;

// The floor (issue 17): one endpoint, POST /floor/redeem {"secret": "..."}, that runs one prepared
// INSERT … ON CONFLICT DO NOTHING RETURNING against a table of tickets and answers a small JSON object. Nothing the
// Host does per redeem can be cheaper than this on the same machine, cluster and client.
//   dotnet bench/Floor/bin/Release/net10.0/EventOps.Floor.dll --connection "Host=…;Database=…" [--tickets 100000]
// Its tickets' secrets are floor-000000 … floor-099999; start-up (re)creates the tables, so every run starts unused.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FloorJson.Default));
var connection = builder.Configuration["connection"] ?? throw new ArgumentException("--connection is required");
var tickets = int.Parse(builder.Configuration["tickets"] ?? "100000", System.Globalization.CultureInfo.InvariantCulture);
await using var dataSource = new NpgsqlDataSourceBuilder(connection.TrimEnd(';') + ";Max Auto Prepare=8;No Reset On Close=true").Build();

await using (var setup = dataSource.CreateCommand(
    $"""
    DROP TABLE IF EXISTS floor_checkins; DROP TABLE IF EXISTS floor_tickets;
    CREATE TABLE floor_tickets (id bigint PRIMARY KEY, secret text NOT NULL UNIQUE);
    CREATE TABLE floor_checkins (ticket_id bigint PRIMARY KEY REFERENCES floor_tickets (id), at timestamptz NOT NULL);
    INSERT INTO floor_tickets SELECT g, 'floor-' || lpad(g::text, 6, '0') FROM generate_series(0, {tickets - 1}) g;
    """))
{
    await setup.ExecuteNonQueryAsync();
}

await using (var vacuum = dataSource.CreateCommand("VACUUM ANALYZE floor_tickets"))
{
    await vacuum.ExecuteNonQueryAsync();
}

const string Redeem = """
    INSERT INTO floor_checkins (ticket_id, at) SELECT id, now() FROM floor_tickets WHERE secret = $1
    ON CONFLICT DO NOTHING RETURNING ticket_id, at
    """;

var app = builder.Build();
app.MapPost("/floor/redeem", async (FloorRequest request, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrEmpty(request.Secret))
    {
        return Results.BadRequest(new FloorAnswer("error", null, null));
    }

    await using var command = dataSource.CreateCommand(Redeem);
    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Secret });
    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
    return await reader.ReadAsync(cancellationToken)
        ? Results.Json(new FloorAnswer("ok", reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)), FloorJson.Default.FloorAnswer, statusCode: 201)
        : Results.Json(new FloorAnswer("error", null, null), FloorJson.Default.FloorAnswer, statusCode: 400);
});
app.MapGet("/health", () => "ok");
await app.RunAsync();

internal sealed record FloorRequest(string? Secret);

internal sealed record FloorAnswer(string Status, long? Ticket, DateTimeOffset? Datetime);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FloorRequest))]
[JsonSerializable(typeof(FloorAnswer))]
internal sealed partial class FloorJson : JsonSerializerContext;
