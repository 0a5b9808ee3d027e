using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

// Figures against a running Host on PostgreSQL (bench/run.sh starts everything): seeds paid tickets through the
// management API, measures redeem throughput and latency through the four surfaces with 16 and 64 keep-alive clients
// (every request a distinct ticket), each beside the floor (bench/Floor: HTTP + JSON + one INSERT on the same cluster,
// measured with the same client right before it), then the snapshot, the offline sync and POS sale -> auto check-in.
// CPU per request is the process's own (/proc) plus PostgreSQL's (the postmaster and its children), per side.
//   dotnet bench/EventOps.Bench/bin/Release/net10.0/EventOps.Bench.dll --url http://127.0.0.1:5089 --token T \
//     --host-pid PID [--floor-url http://127.0.0.1:5191 --floor-pid PID] [--pg-pid POSTMASTER_PID] [--tickets 100000]
//     [--per-run 3000] [--clients 16,64] [--surfaces pretix,usetix,tickable,showpass]
var o = Options.Parse(args);
var inv = CultureInfo.InvariantCulture;
var deadline = Stopwatch.StartNew();
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(30), AutomaticDecompression = DecompressionMethods.None };
using var http = new HttpClient(handler) { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromSeconds(120) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", o.Token);
var eventBase = $"/api/v1/organizers/{o.Organizer}/events/{o.Event}";

var ev = await GetAsync(http, $"{eventBase}/");
var venue = ev["venue"]!["id"]!.GetValue<long>();
var items = await GetAsync(http, $"{eventBase}/items/");
var item = items["results"]!.AsArray().First(i => i!["admission"]!.GetValue<bool>() && i["multiscan_limit"]!.GetValue<int>() == 1)!["id"]!.GetValue<long>();
var lists = await GetAsync(http, $"{eventBase}/checkinlists/");
var list = lists["results"]![0]!["id"]!.GetValue<long>();
var device = await PostAsync(http, $"/api/v1/organizers/{o.Organizer}/devices/", new { name = "bench door" }, HttpStatusCode.Created);
var deviceToken = device["token"]!.GetValue<string>();

// Seed: orders of 100 paid positions (the API's maximum) from 8 concurrent clients.
async Task<Ticket[]> SeedAsync(int count, int perOrder)
{
    var seed = Stopwatch.StartNew();
    var seeded = new Ticket[count];
    var orders = (count + perOrder - 1) / perOrder;
    var nextOrder = -1;
    var progressEvery = Math.Max(1, 10_000 / perOrder);
    await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
    {
        int n;
        while ((n = Interlocked.Increment(ref nextOrder)) < orders)
        {
            var size = Math.Min(perOrder, count - (n * perOrder));
            var order = await PostAsync(http, $"{eventBase}/orders/", new
            {
                email = "bench@example.com", name = "Bench", sales_channel = "web", payment_provider = "cash",
                positions = Enumerable.Range(0, size).Select(_ => new { item }).ToArray(),
            }, HttpStatusCode.Created);
            var positions = order["positions"]!.AsArray();
            for (var i = 0; i < size; i++)
            {
                var p = positions[i]!;
                seeded[(n * perOrder) + i] = new Ticket(p["id"]!.GetValue<long>(), p["uuid"]!.GetValue<string>(), p["public_id"]!.GetValue<string>(), p["secret"]!.GetValue<string>());
            }

            if (n % progressEvery == progressEvery - 1)
            {
                Console.WriteLine($"  seeded {(n + 1) * perOrder:N0} tickets, {seed.Elapsed.TotalSeconds:F0} s");
            }
        }
    }));
    Figure($"seed: {count:N0} paid tickets via {orders} orders of {perOrder} (management API, 8 clients) in {seed.Elapsed.TotalSeconds:F1} s");
    return seeded;
}

// The event holds --tickets in all (the snapshot's figure is of that many): the orders of 4 below come out of them.
var smallCount = o.Surfaces.Length == 0 || o.Surfaces.Any(f => "tickable scan of 4".StartsWith(f, StringComparison.Ordinal))
    ? o.Warmup + Options.Rewarm + (o.PerRun * o.Clients.Length)
    : 0;
var tickets = await SeedAsync(o.Tickets - smallCount, 100);
var used = 0;
Ticket[] Take(int n)
{
    var slice = tickets.AsSpan(used, n).ToArray();
    used += n;
    return slice;
}

// Tickable answers every other ticket of the order; the orders of 100 above make that 99 per scan. Its second run
// scans tickets of orders of 4, a family's or a group of friends' purchase, the common case at a door.
Ticket[] small = [];
var usedSmall = 0;
Ticket[] TakeSmall(int n)
{
    var slice = small.AsSpan(usedSmall, n).ToArray();
    usedSmall += n;
    return slice;
}

var allSurfaces = new (string Name, string Auth, Func<Ticket, HttpRequestMessage> Request, HttpStatusCode Ok, Func<int, Ticket[]> Tickets)[]
{
    ("pretix redeem", o.Token, t => Json(HttpMethod.Post, $"{eventBase}/checkinlists/{list}/positions/{t.Secret}/redeem/", "{}"), HttpStatusCode.Created, Take),
    ("usetix redemption", deviceToken, t => Json(HttpMethod.Post, $"/scanner/events/{o.Event}/tickets/{t.PublicId}/redemption", "{}"), HttpStatusCode.OK, Take),
    ("tickable scan", deviceToken, t => Json(HttpMethod.Post, $"/tickets/{t.Uuid}/scan", "{}"), HttpStatusCode.OK, Take),
    ("tickable scan of 4", deviceToken, t => Json(HttpMethod.Post, $"/tickets/{t.Uuid}/scan", "{}"), HttpStatusCode.OK, TakeSmall),
    ("showpass pickup", deviceToken, t => Json(HttpMethod.Post, $"/api/venue/{venue}/tickets/items/histories/",
        $"{{\"item\":{t.Id},\"action\":\"pickup\",\"scanner_device\":\"bench\",\"barcode_type\":\"static\",\"barcode_string\":\"{t.Secret}\"}}"), HttpStatusCode.Created, Take),
};

var surfaces = allSurfaces.Where(s => o.Surfaces.Length == 0 || o.Surfaces.Any(f => s.Name.StartsWith(f, StringComparison.Ordinal))).ToArray();
if (smallCount > 0)
{
    small = await SeedAsync(smallCount, 4);
}

// The floor's own tickets (secrets floor-000000 …), each used once like the Host's.
using var floorHttp = o.FloorUrl is null ? null : new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, AutomaticDecompression = DecompressionMethods.None })
{
    BaseAddress = new Uri(o.FloorUrl), Timeout = TimeSpan.FromSeconds(120),
};
var floorUsed = 0;
Ticket[] TakeFloor(int n) => [.. Enumerable.Range(Interlocked.Add(ref floorUsed, n) - n, n).Select(i => new Ticket(i, "", "", $"floor-{i:D6}"))];
async Task<double[]?> FloorAsync(int count, int clients, bool quiet = false) => floorHttp is null ? null : await RunAsync(
    "floor redeem", floorHttp, o.FloorPid, null, t => Json(HttpMethod.Post, "/floor/redeem", $"{{\"secret\":\"{t.Secret}\"}}"), HttpStatusCode.Created, TakeFloor(count), clients, 0, quiet);

// Warm-up: connection pools, the query caches and, above all, tiered JIT settle before anything is measured. On two
// shared cores the background tier-1 compiler needs tens of seconds of traffic (thousands of requests per surface);
// measured earlier, the same Host spends twice the CPU per request.
await FloorAsync(o.Warmup, 16, quiet: true);
foreach (var s in surfaces)
{
    await RunAsync(s.Name, http, o.HostPid, s.Auth, s.Request, s.Ok, s.Tickets(o.Warmup), 16, 0, quiet: true);
}

// The warm-up filled tables that were empty when PostgreSQL last looked at them; until autovacuum analyzes them (within
// about a minute of traffic in production) the cached plans of the by-ticket reads scan them whole. And the seed's
// 100,000 new tickets leave autovacuum a table to vacuum, whose CPU would land in whichever run comes first (measured:
// PostgreSQL 0.52 ms per pretix redeem at 16 clients against 0.27 at 64, 0.29 for both once vacuumed). run.sh passes
// VACUUM (ANALYZE) here, so the figures are the steady state's, not the first minute's.
async Task AfterWarmupAsync()
{
    if (o.AfterWarmup is { } command)
    {
        using var analyze = Process.Start("/bin/sh", ["-c", command]);
        await analyze.WaitForExitAsync();
        Figure($"after warm-up: `{command}` exited {analyze.ExitCode}");
    }
}

await AfterWarmupAsync();

// VACUUM and ANALYZE invalidate every pooled connection's prepared plans, on the Host's side and the floor's: each
// connection plans its statements again on first use. Measured, that doubled PostgreSQL's CPU per request in whichever
// run came first (0.18-0.22 ms for the floor at 16 clients against 0.09-0.11 later), so a short round at the most
// clients touches every connection before anything is measured.
await FloorAsync(Options.Rewarm, o.Clients.Max(), quiet: true);
foreach (var s in surfaces)
{
    await RunAsync(s.Name, http, o.HostPid, s.Auth, s.Request, s.Ok, s.Tickets(Options.Rewarm), o.Clients.Max(), 0, quiet: true);
}

var results = new List<(string Surface, int Clients, double[] Host, double[]? Floor)>();
foreach (var clients in o.Clients)
{
    foreach (var s in surfaces)
    {
        if (deadline.Elapsed > o.Budget)
        {
            Figure($"time budget of {o.Budget.TotalSeconds:F0} s used up, skipping {s.Name} x{clients}");
            continue;
        }

        // The floor right before each surface, so both see the same machine (load, cluster state) as nearly as can be.
        var floor = await FloorAsync(o.PerRun, clients);
        var r = await RunAsync(s.Name, http, o.HostPid, s.Auth, s.Request, s.Ok, s.Tickets(o.PerRun), clients, 0);
        results.Add((s.Name, clients, r, floor));
    }
}

// Paced: the target's "p99 < 20 ms at 1,000 redemptions/s" as an open-loop schedule on the pretix surface.
if (o.Rate > 0)
{
    await RunAsync("pretix redeem paced", http, o.HostPid, o.Token, allSurfaces[0].Request, allSurfaces[0].Ok, Take(o.Rate * 3), 64, o.Rate);
}

// Both servers are CPU-bound on these cores, so the req/s ratio is about the floor's CPU per request over the Host's;
// the CPU ratio beside it is that figure measured directly, and moves less when the machine's speed does (the floor's
// own req/s moved between 6,000 and 11,000 within one run).
Console.WriteLine("== side by side: each surface over the floor measured just before it (same client, cluster and client count)");
Console.WriteLine("   surface            clients   req/s  floor req/s  ratio  CPU ratio   p99 ms  floor p99   CPU ms/req: Host + PostgreSQL = all   floor + PostgreSQL = all");
foreach (var (surface, clients, host, floor) in results)
{
    var f = floor ?? [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN];
    Console.WriteLine(string.Create(inv,
        $"   {surface,-18} x{clients,-7} {host[0],6:F0}  {f[0],11:F0}  {host[0] / f[0],5:F2}  {(f[4] + f[5]) / (host[4] + host[5]),9:F2}  {host[3],7:F1}  {f[3],9:F1}   {host[4],5:F2} + {host[5],4:F2} = {host[4] + host[5],4:F2}              {f[4],4:F2} + {f[5],4:F2} = {f[4] + f[5],4:F2}"));
    Console.WriteLine(string.Create(inv, $"RESULT {surface.Replace(' ', '_')} {clients} {string.Join(' ', host.Concat(f).Select(v => v.ToString("F2", inv)))}"));
}

// Snapshot: plain and gzip, with the Host's peak resident set (VmHWM, reset just before through clear_refs).
using var deviceHttp = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromMinutes(5) };
deviceHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", deviceToken);
foreach (var gzip in new[] { false, true, false })
{
    var rssBefore = Proc(o.HostPid, "VmRSS");
    ResetPeak(o.HostPid);
    using var request = new HttpRequestMessage(HttpMethod.Get, $"/scanner/events/{o.Event}/snapshot");
    if (gzip)
    {
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
    }

    var watch = Stopwatch.StartNew();
    using var response = await deviceHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    var first = watch.Elapsed;
    await using var body = await response.Content.ReadAsStreamAsync();
    var bytes = 0L;
    var chunk = new byte[81920];
    int read;
    while ((read = await body.ReadAsync(chunk)) > 0)
    {
        bytes += read;
    }

    watch.Stop();
    Figure($"snapshot {o.Tickets:N0} tickets{(gzip ? " gzip" : string.Empty)}: {(int)response.StatusCode} in {watch.Elapsed.TotalMilliseconds:F0} ms (headers after {first.TotalMilliseconds:F0} ms), "
        + $"{bytes:N0} bytes; Host VmRSS before {rssBefore / 1024} MiB, peak (VmHWM) during {Proc(o.HostPid, "VmHWM") / 1024} MiB");
}

// Offline sync: 10,000 attempts on distinct tickets in batches of 1,000 from one device. The endpoint is called only a
// few times, so a fresh Host runs much of it in unoptimized (tier-0) code: --sync-warmup sends that many attempts on
// other tickets first, and both figures are printed.
async Task<(double Ms, double CpuMs, int Accepted)> SyncAsync(Ticket[] batchTickets, string prefix)
{
    var cpuBefore = CpuMs(o.HostPid);
    var watch = Stopwatch.StartNew();
    var accepted = 0;
    for (var batch = 0; batch < batchTickets.Length / 1000; batch++)
    {
        var payload = new
        {
            attempts = batchTickets.Skip(batch * 1000).Take(1000).Select((t, i) => new { client_id = $"{prefix}-{batch}-{i}", event_slug = o.Event, public_id = t.PublicId }).ToArray(),
        };
        var answer = await PostAsync(deviceHttp, "/scanner/redemption_attempts", payload, HttpStatusCode.OK);
        accepted += answer["redemption_attempts"]!.AsArray().Count(r => r!["result"]!.GetValue<string>() == "accepted");
    }

    return (watch.Elapsed.TotalMilliseconds, CpuMs(o.HostPid) - cpuBefore, accepted);
}

if (o.SyncWarmup > 0)
{
    var warm = await SyncAsync(Take(o.SyncWarmup), "warmup");
    Figure($"offline sync warm-up: {o.SyncWarmup:N0} attempts in {o.SyncWarmup / 1000} batches of 1,000 in {warm.Ms:F0} ms, Host CPU {warm.CpuMs:F0} ms");
    await AfterWarmupAsync();
}

var sync = await SyncAsync(Take(o.Sync), "bench");
Figure($"offline sync: {o.Sync:N0} attempts in {o.Sync / 1000} batches of 1,000 in {sync.Ms:F0} ms, {sync.Accepted:N0} accepted, Host CPU {sync.CpuMs:F0} ms");

// POS cash sale -> auto check-in (Hangfire job on the Host): time until the check-in shows on the list.
var pos = new List<double>();
for (var i = 0; i < 5; i++)
{
    var watch = Stopwatch.StartNew();
    var order = await PostAsync(http, $"{eventBase}/orders/", new
    {
        email = "pos@example.com", name = "POS", sales_channel = "pos", payment_provider = "cash", positions = new[] { new { item } },
    }, HttpStatusCode.Created);
    var position = order["positions"]![0]!["id"]!.GetValue<long>();
    var seen = false;
    while (watch.Elapsed < TimeSpan.FromSeconds(30) && !seen)
    {
        var p = await GetAsync(http, $"{eventBase}/checkinlists/{list}/positions/{position}/");
        seen = p["checkins"]!.AsArray().Count > 0;
        if (!seen)
        {
            await Task.Delay(10);
        }
    }

    pos.Add(seen ? watch.Elapsed.TotalMilliseconds : double.NaN);
}

Figure($"POS cash sale -> auto-checked-in: {string.Join(", ", pos.Select(p => p.ToString("F0", inv)))} ms (5 sales, polled every 10 ms)");
return 0;

// The figures: req/s, p50, p95, p99, the server process's CPU ms per request, PostgreSQL's CPU ms per request.
async Task<double[]> RunAsync(
    string name, HttpClient client, int pid, string? auth, Func<Ticket, HttpRequestMessage> build, HttpStatusCode ok, Ticket[] batch, int clients, int rate, bool quiet = false)
{
    var next = -1;
    var latencies = new double[batch.Length];
    var failed = 0;
    string? sample = null;
    var cpuBefore = CpuMs(pid);
    var pgBefore = PostgresCpuMs(o.PgPid);
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < batch.Length)
        {
            if (rate > 0)
            {
                // Open loop: request i is due at i/rate; latency counts from when it was due.
                var due = TimeSpan.FromSeconds((double)i / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }
            }

            var started = rate > 0 ? clock.Elapsed.TotalMilliseconds - ((double)i / rate * 1000) : 0;
            var begin = Stopwatch.GetTimestamp();
            using var request = build(batch[i]);
            if (auth is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue(name.StartsWith("showpass", StringComparison.Ordinal) || name.StartsWith("pretix", StringComparison.Ordinal) ? "Token" : "Bearer", auth);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            latencies[i] = Math.Max(0, started) + Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
            if (response.StatusCode != ok)
            {
                Interlocked.Increment(ref failed);
                sample ??= $"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}";
            }
        }
    }));
    var elapsed = clock.Elapsed.TotalSeconds;
    // Host CPU time per request: far less sensitive to the other load on a shared machine than requests/s.
    var cpuPerRequest = (CpuMs(pid) - cpuBefore) / batch.Length;
    var pgPerRequest = (PostgresCpuMs(o.PgPid) - pgBefore) / batch.Length;
    Array.Sort(latencies);
    double P(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
    var rps = batch.Length / elapsed;
    if (!quiet || failed > 0)
    {
        Figure($"{(quiet ? "warm-up " : string.Empty)}{name} x{clients}{(rate > 0 ? $" at {rate}/s scheduled" : string.Empty)}: {batch.Length} requests, {rps:F0} req/s, "
            + $"p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {latencies[^1]:F1} ms, {(name.StartsWith("floor", StringComparison.Ordinal) ? "Floor" : "Host")} CPU {cpuPerRequest:F2} + PostgreSQL {pgPerRequest:F2} ms/request, not-ok {failed}{(sample is null ? string.Empty : $" (first: {sample})")}");
    }

    return [rps, P(0.50), P(0.95), P(0.99), cpuPerRequest, pgPerRequest];
}

static HttpRequestMessage Json(HttpMethod method, string path, string json) =>
    new(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

static void Figure(string line) => Console.WriteLine($"{line}  [load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}]");

static double CpuMs(int pid)
{
    if (pid <= 0)
    {
        return 0;
    }

    // /proc/<pid>/stat: utime and stime (fields 14 and 15) in clock ticks of 10 ms.
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
}

// PostgreSQL's CPU: the postmaster's own and its reaped children's (cutime, cstime) plus every live child's, so a
// backend that exits during the run still counts.
static double PostgresCpuMs(int postmaster)
{
    if (postmaster <= 0)
    {
        return 0;
    }

    static long[] Stat(string path)
    {
        var stat = File.ReadAllText(path);
        return [.. stat[(stat.LastIndexOf(')') + 2)..].Split(' ').Select(f => long.TryParse(f, CultureInfo.InvariantCulture, out var v) ? v : 0)];
    }

    var own = Stat($"/proc/{postmaster}/stat");
    var ticks = own[11] + own[12] + own[13] + own[14];
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(dir), out _))
        {
            continue;
        }

        try
        {
            var child = Stat(Path.Combine(dir, "stat"));
            if (child[1] == postmaster)
            {
                ticks += child[11] + child[12];
            }
        }
        catch (IOException)
        {
            // The process ended between listing and reading; its time is in the postmaster's cutime now.
        }
    }

    return ticks * 10.0;
}

static long Proc(int pid, string field)
{
    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

static void ResetPeak(int pid)
{
    try
    {
        File.WriteAllText($"/proc/{pid}/clear_refs", "5");
    }
    catch (IOException)
    {
        // Older kernels: VmHWM then is the peak since the Host started.
    }
    catch (UnauthorizedAccessException)
    {
    }
}

static async Task<JsonNode> GetAsync(HttpClient http, string path)
{
    using var response = await http.GetAsync(path);
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
}

static async Task<JsonNode> PostAsync(HttpClient http, string path, object body, HttpStatusCode expected)
{
    using var response = await http.PostAsJsonAsync(path, body);
    var text = await response.Content.ReadAsStringAsync();
    return response.StatusCode == expected ? JsonNode.Parse(text)! : throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text[..Math.Min(500, text.Length)]}");
}

internal sealed record Ticket(long Id, string Uuid, string PublicId, string Secret);

internal sealed record Options(
    string Url, string Token, string Organizer, string Event, int Tickets, int PerRun, int Warmup, int[] Clients, int Rate, int HostPid, TimeSpan Budget, int Sync,
    string[] Surfaces, int SyncWarmup, string? FloorUrl, int FloorPid, int PgPid, string? AfterWarmup)
{
    /// <summary>Requests per surface (and the floor) after the warm-up's VACUUM, before anything is measured.</summary>
    public const int Rewarm = 1000;

    public static Options Parse(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var at = Array.IndexOf(args, "--" + name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
        }

        int Int(string name, string fallback) => int.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);
        var options = new Options(
            Arg("url", "http://127.0.0.1:5089"), Arg("token"), Arg("organizer", "demo"), Arg("event", "demo-conf"),
            Int("tickets", "100000"), Int("per-run", "3000"), Int("warmup", "5000"),
            [.. Arg("clients", "16,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
            Int("rate", "1000"), Int("host-pid", "0"), TimeSpan.FromSeconds(Int("budget", "600")), Int("sync", "10000"),
            Arg("surfaces", "all") == "all" ? [] : Arg("surfaces", "all").Split(','), Int("sync-warmup", "0"),
            Arg("floor-url", "") is { Length: > 0 } floorUrl ? floorUrl : null, Int("floor-pid", "0"), Int("pg-pid", "0"),
            Arg("after-warmup", "") is { Length: > 0 } afterWarmup ? afterWarmup : null);
        var surfaceCount = options.Surfaces.Length == 0 ? 4 : options.Surfaces.Length;
        var needed = ((options.Warmup + Rewarm) * (surfaceCount + 1)) + (options.PerRun * (surfaceCount + 1) * options.Clients.Length) + (options.Rate * 3) + options.Sync + options.SyncWarmup;
        return needed <= options.Tickets ? options : throw new ArgumentException($"--tickets must be at least {needed} for these settings");
    }
}
