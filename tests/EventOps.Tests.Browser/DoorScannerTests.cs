using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventOps.Tests.Browser;

/// <summary>
/// The browser door scanner (/scan) behind a loopback proxy that really drops the network: paired from the devices
/// page, deciding 20 codes offline, syncing with a conflict from another door, reloading offline; once per database kind.
/// </summary>
public abstract class DoorScannerTests(AdminHost host)
{

    [Fact]
    public async Task Offline_TwentyCodesDecidedLocally_ThenSyncedWithTheConflictShown_AndTheDeviceTimesKept()
    {
        SetDefaultExpectTimeout(20_000);
        await using var proxy = new LoopbackProxy(host.BaseAddress);
        using var api = host.ApiClient();
        var shop = await DoorShop.CreateSeriesAsync(api, "Door Tour");
        var tonightDoor = await shop.ListOfDateAsync("Tonight door", shop.Tonight);
        var paid = new List<DoorTicket>();
        for (var i = 0; i < 12; i++)
        {
            paid.Add(await shop.OrderAsync(shop.Admission, "cash", $"Guest {i:00}"));
        }

        var dayPass = await shop.OrderAsync(shop.DayPass, "cash", "Day Passer");
        var unpaid = await shop.OrderAsync(shop.Admission, "bank_transfer", "Pending Payer");
        var refunded = await shop.OrderAsync(shop.Admission, "cash", "Refunded Rita");
        await shop.RefundAsync(refunded);
        var shirt = await shop.OrderAsync(shop.Shirt, "cash", "Shirt Buyer");
        var tomorrow = await shop.OrderOnDateAsync(shop.Admission, shop.Tomorrow, "Early Bird");
        var otherDoor = paid[3];

        // Pair from the admin, through the proxy like the phone, so the pairing link names the proxy.
        var admin = await host.NewPageAsync(proxy.Address);
        await AdminHost.LoginAsync(admin);
        await admin.GotoAsync("/Scanning/Devices");
        await admin.GetByLabel("Device name").FillAsync("Door A phone");
        await admin.GetByLabel("Scans for").SelectOptionAsync(new SelectOptionValue { Label = $"{shop.EventName} only" });
        await admin.GetByLabel("Check-in list").SelectOptionAsync(new SelectOptionValue { Label = $"{shop.EventName} · Tonight door" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Pair device" }).ClickAsync();
        await Expect(admin.GetByTestId("pairing-qr").Locator("svg")).ToBeVisibleAsync();
        var link = await admin.GetByTestId("pairing-link").GetAttributeAsync("href");
        Assert.StartsWith($"{proxy.Address}scan/pair#token=eod_", link, StringComparison.Ordinal);
        await host.ScreenshotAsync(admin, "door-pairing-qr");
        await admin.Context.CloseAsync();

        var page = await host.NewPageAsync(proxy.Address);
        await page.SetViewportSizeAsync(412, 915);
        await page.GotoAsync(link!);
        await Expect(page.GetByTestId("pair-state")).ToContainTextAsync("Door A phone");
        await Expect(page.GetByTestId("pair-details")).ToContainTextAsync(shop.EventName);
        await Expect(page.GetByTestId("pair-details")).ToContainTextAsync("Demo Organizer");
        await Expect(page.GetByTestId("pair-details")).ToContainTextAsync("Tonight door");
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        await host.ScreenshotAsync(page, "door-paired");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start scanning" }).ClickAsync();
        await Expect(page.GetByTestId("snapshot-info")).ToContainTextAsync($"Snapshot: {paid.Count + 5} tickets");
        await Expect(page.GetByTestId("pairing")).ToContainTextAsync(shop.EventName);
        await WaitForOfflineCopyAsync(page);

        await GoOfflineAsync(proxy, page);
        var passedBefore = proxy.Passed;
        var codes = new List<(string Code, string Verdict, string? Reason, string? Name)>
        {
            (paid[0].Display, "Admitted", null, "Guest 00"),
            (paid[0].Display, "Already used", "Used here at", "Guest 00"),
            (paid[1].PublicId, "Admitted", null, "Guest 01"),
            (unpaid.Display, "Not valid", "Unpaid", "Pending Payer"),
            (refunded.Display, "Not valid", "Refunded", "Refunded Rita"),
            (paid[2].Secret, "Admitted", null, "Guest 02"),
            ("ZZZZ-ZZZZ", "Not valid", "Unknown ticket", null),
            (otherDoor.CheckInCode.ToLowerInvariant(), "Admitted", null, "Guest 03"),
            (paid[2].Secret, "Already used", "Used here at", "Guest 02"),
            (dayPass.Display, "Admitted", "Entry 1 of 2", "Day Passer"),
            (dayPass.PublicId, "Admitted", "Entry 2 of 2", "Day Passer"),
            (dayPass.Display, "Already used", "Used here at", "Day Passer"),
            (paid[4].Display, "Admitted", null, "Guest 04"),
            (paid[5].Display, "Admitted", null, "Guest 05"),
            (paid[6].Display, "Admitted", null, "Guest 06"),
            (paid[7].Display, "Admitted", null, "Guest 07"),
            (shirt.Display, "Not valid", "Not an admission ticket", "Shirt Buyer"),
            (tomorrow.Display, "Not valid", "Other date", "Early Bird"),
            (paid[4].PublicId, "Already used", "Used here at", "Guest 04"),
            ("not a ticket at all", "Not valid", "Unknown ticket", null),
        };
        var decisionMs = new List<double>();
        for (var i = 0; i < codes.Count; i++)
        {
            var (code, verdict, reason, name) = codes[i];
            decisionMs.Add(await ScanAsync(page, i + 1, code, verdict, reason, name));
            if (i == 0)
            {
                // The ticket's date of the series is shown with the verdict.
                await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Tonight");
                await host.ScreenshotAsync(page, "door-admitted");
            }
            else if (i == 1)
            {
                await host.ScreenshotAsync(page, "door-already-used");
            }
            else if (i == 4)
            {
                await host.ScreenshotAsync(page, "door-not-valid");
            }
            else if (i == 7)
            {
                // Meanwhile another door on the same list admits the same ticket through the pretix API.
                var redeemed = await api.PostAsJsonAsync("/api/v1/organizers/demo/checkinrpc/redeem/", new { secret = otherDoor.Secret, lists = new[] { tonightDoor } });
                Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
            }
        }

        const int Admitted = 10;
        await Expect(page.GetByTestId("count-queued")).ToHaveTextAsync(Admitted.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("count-device")).ToHaveTextAsync(Admitted.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("network")).ToHaveTextAsync("Offline");

        // Reload with no network at all: the service worker serves the page, IndexedDB still has snapshot and queue.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ready");
        await Expect(page.GetByTestId("count-queued")).ToHaveTextAsync(Admitted.ToString(CultureInfo.InvariantCulture));
        decisionMs.Add(await ScanAsync(page, codes.Count + 1, paid[10].Display, "Admitted", null, "Guest 10"));
        await host.ScreenshotAsync(page, "door-offline-queue");
        Assert.Equal(passedBefore, proxy.Passed);
        Console.WriteLine($"door scanner ({GetType().Name}): {decisionMs.Count} offline decisions, median {Median(decisionMs):F1} ms, max {decisionMs.Max():F1} ms ({string.Join(" ", decisionMs.Select(ms => ms.ToString("F0", CultureInfo.InvariantCulture)))}); proxy dropped {proxy.Dropped} connections while offline");
        Assert.All(decisionMs, ms => Assert.InRange(ms, 0, 5000));

        await GoOnlineAsync(proxy, page);
        await Expect(page.GetByTestId("count-queued")).ToHaveTextAsync("0", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("count-synced")).ToHaveTextAsync((Admitted + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("count-conflicts")).ToHaveTextAsync("1");
        var conflict = page.GetByTestId("conflicts").Locator("li");
        await Expect(conflict).ToHaveCountAsync(1);
        await Expect(conflict).ToContainTextAsync(otherDoor.Display);
        await Expect(conflict).ToContainTextAsync("Already used");
        await Expect(page.GetByTestId("last-refresh")).Not.ToHaveTextAsync("never");
        await host.ScreenshotAsync(page, "door-conflict");

        // The API shows every offline admission that the server accepted, at the device's time.
        var scans = await page.EvaluateAsync<JsonElement>("() => window.doorScanner.scans()");
        var admittedHere = scans.EnumerateArray().Where(s => s.GetProperty("verdict").GetString() == "admitted").ToList();
        Assert.Equal(Admitted + 1, admittedHere.Count);
        var history = await api.GetFromJsonAsync<JsonNode>($"/api/v1/organizers/demo/scans/?event={shop.Slug}&page_size=100");
        var records = history!["results"]!.AsArray().Select(r => r!).Where(r => r["surface"]!.GetValue<string>() == "usetix_offline").ToList();
        Assert.Equal(Admitted + 1, records.Count);
        foreach (var scan in admittedHere)
        {
            var scannedAt = DateTimeOffset.Parse(scan.GetProperty("scanned_at").GetString()!, CultureInfo.InvariantCulture);
            var accepted = scan.GetProperty("server_result").GetString() == "accepted";
            var record = records.SingleOrDefault(r => r["client_time"] is { } t && DateTimeOffset.Parse(t.GetValue<string>(), CultureInfo.InvariantCulture) == scannedAt);
            Assert.True(record is not null, $"no scan record at the device's time {scannedAt:O} in {string.Join(", ", records.Select(r => r.ToJsonString()))}");
            Assert.Equal(accepted ? "ok" : "already_redeemed", record["result"]!.GetValue<string>());
        }

        Assert.Single(admittedHere, s => s.GetProperty("server_result").GetString() == "conflict");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Offline_AProductOrVariationTheListLeavesOut_IsNotOnThisList_AndTheServerAgreesAfterSync()
    {
        SetDefaultExpectTimeout(20_000);
        await using var proxy = new LoopbackProxy(host.BaseAddress);
        using var api = host.ApiClient();
        var shop = await DoorShop.CreateAsync(api, "List Night");
        var (festival, festivalVariations) = await shop.ItemWithVariationsAsync("Festival Pass", "Adult", "Student");
        var list = await shop.ListOfProductsAsync("Main door", [shop.Admission, festival], [festivalVariations[0]]);
        var general = await shop.OrderAsync(shop.Admission, "cash", "General Gina");
        var dayPass = await shop.OrderAsync(shop.DayPass, "cash", "Pass Paul");
        var adult = await shop.OrderVariationAsync(festival, festivalVariations[0], "Adult Ada");
        var student = await shop.OrderVariationAsync(festival, festivalVariations[1], "Student Sam");
        var (_, token) = await shop.DeviceAsync("List phone", list);

        var page = await host.NewPageAsync(proxy.Address);
        await page.GotoAsync($"/scan/pair#token={token}");
        await Expect(page.GetByTestId("pair-details")).ToContainTextAsync("Main door");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start scanning" }).ClickAsync();
        await Expect(page.GetByTestId("snapshot-info")).ToContainTextAsync("Snapshot: 4 tickets");
        await WaitForOfflineCopyAsync(page);

        await GoOfflineAsync(proxy, page);
        var passedBefore = proxy.Passed;
        await ScanAsync(page, 1, dayPass.Display, "Not valid", "Not on this list", "Pass Paul");
        await host.ScreenshotAsync(page, "door-not-on-this-list");
        await ScanAsync(page, 2, general.Display, "Admitted", null, "General Gina");
        await ScanAsync(page, 3, student.Secret, "Not valid", "Not on this list", "Student Sam");
        await ScanAsync(page, 4, adult.PublicId, "Admitted", null, "Adult Ada");
        await Expect(page.GetByTestId("count-queued")).ToHaveTextAsync("2");
        Assert.Equal(passedBefore, proxy.Passed);

        // Only the two admissions go up; the server accepts both, so nothing this door decided turns into a conflict.
        await GoOnlineAsync(proxy, page);
        await Expect(page.GetByTestId("count-queued")).ToHaveTextAsync("0", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("count-synced")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("count-conflicts")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("conflicts").Locator("li")).ToHaveCountAsync(0);
        var scans = (await page.EvaluateAsync<JsonElement>("() => window.doorScanner.scans()")).EnumerateArray().ToList();
        var refusals = scans.Where(s => s.GetProperty("verdict").GetString() == "invalid").ToList();
        Assert.Equal(new[] { dayPass.PublicId, student.PublicId }.Order(), refusals.Select(s => s.GetProperty("public_id").GetString()).Order());
        Assert.All(refusals, s => Assert.Equal("Not on this list", s.GetProperty("reason").GetString()));
        Assert.All(scans.Where(s => s.GetProperty("verdict").GetString() == "admitted"), s => Assert.Equal("accepted", s.GetProperty("server_result").GetString()));
        await Expect(page.GetByTestId("recent").Locator("li").Filter(new() { HasText = "Pass Paul" })).ToContainTextAsync("Not valid (Not on this list)");

        // The server, asked by the same device, refuses both for the same reason.
        using var device = new HttpClient { BaseAddress = host.BaseAddress };
        device.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        foreach (var refused in new[] { dayPass, student })
        {
            var answer = await device.PostAsJsonAsync($"/scanner/events/{shop.Slug}/tickets/{refused.PublicId}/redemption", new { });
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.UnprocessableEntity, body);
            Assert.Equal("Not valid for this check-in list", JsonNode.Parse(body)!["error"]!.GetValue<string>());
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RevokedDevice_IsToldAtItsNextSync_KeepsItsScans_AndUnpairingForgetsTheToken()
    {
        SetDefaultExpectTimeout(20_000);
        using var api = host.ApiClient();
        var shop = await DoorShop.CreateAsync(api, "Revoke Night");
        var first = await shop.OrderAsync(shop.Admission, "cash", "Early Guest");
        var second = await shop.OrderAsync(shop.Admission, "cash", "Late Guest");
        var (deviceId, token) = await shop.DeviceAsync("Stolen phone");
        var page = await host.NewPageAsync();
        await page.GotoAsync($"/scan/pair#token={token}");
        await Expect(page.GetByTestId("pair-state")).ToContainTextAsync("Stolen phone");
        await page.GotoAsync("/scan");
        await Expect(page.GetByTestId("snapshot-info")).ToContainTextAsync("Snapshot: 2 tickets");
        await ScanAsync(page, 1, first.Display, "Admitted", null, "Early Guest");
        await Expect(page.GetByTestId("count-synced")).ToHaveTextAsync("1");

        var revoked = await api.DeleteAsync($"/api/v1/organizers/demo/devices/{deviceId}/");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await ScanAsync(page, 2, second.Display, "Admitted", null, "Late Guest");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This device is no longer paired");
        await Expect(page.GetByTestId("count-queued")).ToHaveTextAsync("1");
        await host.ScreenshotAsync(page, "door-revoked");

        // Unpairing forgets token, snapshot and queue (after a warning about the unsynced scan, accepted here).
        await page.GetByRole(AriaRole.Button, new() { Name = "Unpair this browser" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This browser is not paired" })).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("""
            () => new Promise((resolve) => {
              const open = indexedDB.open('eventops-door');
              open.onsuccess = () => { const get = open.result.transaction('meta').objectStore('meta').get('token'); get.onsuccess = () => resolve(get.result ?? null); };
            })
            """));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StaffSession_PairsThisBrowser_AndItScans()
    {
        SetDefaultExpectTimeout(20_000);
        using var api = host.ApiClient();
        var shop = await DoorShop.CreateAsync(api, "Staff Night");
        var ticket = await shop.OrderAsync(shop.Admission, "cash", "Staff Guest");
        var page = await host.NewPageAsync();
        await AdminHost.LoginAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Door scanner" }).ClickAsync();

        // A forged form (an event that is not there, a list of another event) is refused with the reason, nothing paired.
        await page.Locator("#scan-event option").First.EvaluateAsync("o => o.value = '999999'");
        await page.Locator("#scan-event").SelectOptionAsync("999999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan with this browser" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Choose the event this browser scans for.");
        await page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = $"{shop.EventName} · {shop.Starts:d MMM yyyy}" });
        await page.Locator("#scan-list option").Last.EvaluateAsync("o => o.value = '888888'");
        await page.Locator("#scan-list").SelectOptionAsync("888888");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan with this browser" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That check-in list belongs to another event.");
        await page.GetByLabel("Event").SelectOptionAsync(new SelectOptionValue { Label = $"{shop.EventName} · {shop.Starts:d MMM yyyy}" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan with this browser" }).ClickAsync();
        await Expect(page.GetByTestId("pair-state")).ToContainTextAsync(AdminHost.AdminEmail);
        await Expect(page.GetByTestId("pair-details")).ToContainTextAsync(shop.EventName);
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Start scanning" }).ClickAsync();
        await Expect(page.GetByTestId("snapshot-info")).ToContainTextAsync("Snapshot: 1 tickets");
        await ScanAsync(page, 1, ticket.Display, "Admitted", null, "Staff Guest");
        await Expect(page.GetByTestId("count-synced")).ToHaveTextAsync("1");

        // A keyboard-wedge scanner types after a click elsewhere on the page: the code still lands in the field.
        await page.GetByRole(AriaRole.Heading, new() { Name = "Counts" }).ClickAsync();
        await page.Keyboard.TypeAsync(ticket.Secret);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-seq", "2");
        await Expect(page.GetByRole(AriaRole.Status).Locator(".verdict-word")).ToHaveTextAsync("Already used");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Camera_ReadsATicketsQr_AndAdmitsIt()
    {
        SetDefaultExpectTimeout(20_000);
        using var api = host.ApiClient();
        var shop = await DoorShop.CreateAsync(api, "Camera Night");
        var ticket = await shop.OrderAsync(shop.Admission, "cash", "Camera Guest");
        var token = await shop.DeviceTokenAsync("Camera phone");
        var video = FakeCamera.WriteQrVideo(ticket.Secret);
        await using var browser = await host.LaunchAsync("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-video-capture={video}");
        try
        {
            var page = await host.NewPageAsync(browser: browser);
            await page.Context.GrantPermissionsAsync(["camera"]);
            await page.GotoAsync($"/scan/pair#token={token}");
            await Expect(page.GetByTestId("pair-state")).ToContainTextAsync("Camera phone");
            await page.GotoAsync("/scan");
            await Expect(page.GetByTestId("snapshot-info")).ToContainTextAsync("Snapshot: 1 tickets");

            await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
            var status = page.GetByRole(AriaRole.Status);
            await Expect(status.Locator(".verdict-word")).ToHaveTextAsync("Admitted");
            await Expect(status).ToContainTextAsync("Camera Guest");
            await Expect(page.Locator("#camera-state")).ToContainTextAsync("Camera on");
            await page.GetByRole(AriaRole.Button, new() { Name = "Stop camera" }).ClickAsync();
            await Expect(page.GetByTestId("count-synced")).ToHaveTextAsync("1");
        }
        finally
        {
            File.Delete(video);
        }
    }

    private static async Task<double> ScanAsync(IPage page, int seq, string code, string verdict, string? reason, string? name)
    {
        var input = page.GetByLabel("Ticket code");
        await input.FillAsync(code);
        await input.PressAsync("Enter");
        var status = page.GetByRole(AriaRole.Status);
        await Expect(status).ToHaveAttributeAsync("data-seq", seq.ToString(CultureInfo.InvariantCulture));
        await Expect(status.Locator(".verdict-word")).ToHaveTextAsync(verdict);
        if (reason is not null)
        {
            await Expect(status.Locator(".verdict-reason")).ToContainTextAsync(reason);
        }

        if (name is not null)
        {
            await Expect(status).ToContainTextAsync(name);
        }

        return double.Parse((await status.GetAttributeAsync("data-decision-ms"))!, CultureInfo.InvariantCulture);
    }

    internal static async Task WaitForOfflineCopyAsync(IPage page)
    {
        const string Cached = """
            async () => {
              await navigator.serviceWorker.ready;
              for (const key of await caches.keys()) {
                const cache = await caches.open(key);
                if (await cache.match('/scan') && await cache.match('/_content/EventOps.Modules.Scanning/scan/app.js')) return true;
              }
              return false;
            }
            """;
        for (var i = 0; i < 100 && !await page.EvaluateAsync<bool>(Cached); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await page.EvaluateAsync<bool>(Cached), "the service worker did not cache the page");
    }

    private static async Task GoOfflineAsync(LoopbackProxy proxy, IPage page)
    {
        proxy.Offline = true;
        await page.Context.SetOfflineAsync(true);
        await Expect(page.GetByTestId("network")).ToHaveTextAsync("Offline");
    }

    private static async Task GoOnlineAsync(LoopbackProxy proxy, IPage page)
    {
        proxy.Offline = false;
        await page.Context.SetOfflineAsync(false);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class DoorScannerSqliteTests(SqliteAdminHost host) : DoorScannerTests(host);

[Collection(PostgresBrowserCollection.Name)]
public sealed class DoorScannerPostgresTests(PostgresAdminHost host) : DoorScannerTests(host);
