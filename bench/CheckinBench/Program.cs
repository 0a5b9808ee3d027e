using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

// Redeem throughput against a running Host (seed 003 redeem over HTTP): creates paid tickets through the management
// API, then redeems each once with N concurrent clients (all "ok"), then again (all "already_redeemed"), and prints
// requests/s and latency percentiles for both passes.
//   dotnet run -c Release --project bench/CheckinBench -- --url http://127.0.0.1:5088 --token <write token> \
//     [--organizer demo] [--event demo-conf] [--tickets 2000] [--clients 16]
var options = Options.Parse(args);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", options.Token);
var eventBase = $"/api/v1/organizers/{options.Organizer}/events/{options.Event}";

var items = await GetAsync(http, $"{eventBase}/items/");
var item = items["results"]!.AsArray().First(i => i!["admission"]!.GetValue<bool>() && i["multiscan_limit"]!.GetValue<int>() == 1)!["id"]!.GetValue<long>();
var lists = await GetAsync(http, $"{eventBase}/checkinlists/");
var list = lists["results"]![0]!["id"]!.GetValue<long>();

var setup = Stopwatch.StartNew();
var secrets = new List<string>();
while (secrets.Count < options.Tickets)
{
    var count = Math.Min(100, options.Tickets - secrets.Count);
    using var response = await http.PostAsJsonAsync($"{eventBase}/orders/", new
    {
        email = "bench@example.com",
        name = "Bench",
        sales_channel = "web",
        payment_provider = "cash",
        positions = Enumerable.Range(0, count).Select(_ => new { item, attendee_name = "Bench" }).ToArray(),
    });
    response.EnsureSuccessStatusCode();
    var order = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    secrets.AddRange(order["positions"]!.AsArray().Select(p => p!["secret"]!.GetValue<string>()));
}

Console.WriteLine($"setup: {secrets.Count} paid tickets on list {list} in {setup.ElapsedMilliseconds} ms");
var url = $"{eventBase}/checkinlists/{list}/positions/{{0}}/redeem/";
// Warm-up: a fifth of the tickets, so that JIT tiering and connection pools settle before anything is measured.
var warm = secrets.Count / 5;
await RunAsync("warm-up", secrets.Take(warm).ToList(), HttpStatusCode.Created);
var fresh = secrets.Skip(warm).ToList();
await RunAsync("redeem ok (201)", fresh, HttpStatusCode.Created);
await RunAsync("redeem again, already_redeemed (400)", fresh, HttpStatusCode.BadRequest);

async Task RunAsync(string name, List<string> tickets, HttpStatusCode expected)
{
    var next = -1;
    var latencies = new double[tickets.Count];
    var unexpected = 0;
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, options.Clients).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < tickets.Count)
        {
            var started = Stopwatch.GetTimestamp();
            using var content = JsonContent.Create(new { nonce = Guid.NewGuid().ToString("N") });
            using var response = await http.PostAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, Uri.EscapeDataString(tickets[i])), content);
            await response.Content.ReadAsByteArrayAsync();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != expected)
            {
                Interlocked.Increment(ref unexpected);
            }
        }
    }).ToList();
    await Task.WhenAll(workers);
    var elapsed = clock.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
    Console.WriteLine(
        $"{name}: {tickets.Count} requests, {options.Clients} clients, {tickets.Count / elapsed:F0} req/s, " +
        $"p50 {Percentile(0.50):F1} ms, p90 {Percentile(0.90):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms, unexpected status {unexpected}");
}

static async Task<JsonNode> GetAsync(HttpClient http, string path)
{
    using var response = await http.GetAsync(path);
    response.EnsureSuccessStatusCode();
    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}

internal sealed record Options(string Url, string Token, string Organizer, string Event, int Tickets, int Clients)
{
    public static Options Parse(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var at = Array.IndexOf(args, "--" + name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
        }

        return new Options(
            Arg("url", "http://127.0.0.1:5088"), Arg("token"), Arg("organizer", "demo"), Arg("event", "demo-conf"),
            int.Parse(Arg("tickets", "2000"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Arg("clients", "16"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
