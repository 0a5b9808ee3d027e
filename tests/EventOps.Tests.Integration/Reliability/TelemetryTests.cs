using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using EventOps.Modules.Sales.Expiry;
using EventOps.Shared;
using EventOps.Tests.Integration.Infrastructure;
using EventOps.Tests.Integration.Scanning;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Reliability;

/// <summary>
/// The EventOps meter and activity source, read in process as an OTLP exporter would read them: redemptions by surface
/// and result, redeem latency, offline batch sizes, job durations, a redeem span under the surface's request span,
/// and one structured log line per request. Other tests run at the same time, so the assertions look for what this
/// test caused, not for exact totals.
/// </summary>
public abstract class TelemetryTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task Redemptions_Latency_Batches_Jobs_Spans_AndRequestLogs_AreRecorded()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Telemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
            where T : struct
        {
            var copy = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
        }

        meters.SetMeasurementEventCallback<long>(Record);
        meters.SetMeasurementEventCallback<int>(Record);
        meters.SetMeasurementEventCallback<double>(Record);
        meters.Start();

        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Telemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);

        var s = await ScanningScenario.CreateAsync(Host);
        var ticket = await s.PaidTicketAsync();
        var other = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(ticket.PublicId)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await s.RedeemAsync(ticket.PublicId)).Status);
        var (synced, _) = await s.SyncAsync(new[]
        {
            new { client_id = "telemetry-1", event_slug = "conf", public_id = other.PublicId },
            new { client_id = "telemetry-2", event_slug = "conf", public_id = other.PublicId },
            new { client_id = "telemetry-3", event_slug = "conf", public_id = ticket.PublicId },
        });
        Assert.Equal(HttpStatusCode.OK, synced);
        await using (var scope = Host.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExpireDueSalesJob>().RunAsync(CancellationToken.None);
        }

        meters.RecordObservableInstruments();
        var redemptions = measurements.Where(m => m.Instrument == "eventops.redemptions").ToList();
        Assert.Contains(redemptions, m => m.Tags["surface"] == "usetix" && m.Tags["result"] == "ok" && m.Value == 1);
        Assert.Contains(redemptions, m => m.Tags["surface"] == "usetix" && m.Tags["result"] != "ok");
        Assert.Contains(redemptions, m => m.Tags["surface"] == "usetix_offline" && m.Tags["result"] == "ok");
        Assert.Contains(measurements, m => m.Instrument == "eventops.redeem.duration" && m.Tags["surface"] == "usetix" && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "eventops.offline_sync.batch_size" && m.Value == 3);
        Assert.Contains(measurements, m => m.Instrument == "eventops.job.duration" && m.Tags["job"] == "sales.expire-due");

        // The redeem span (Checkin) is a child of the request span of the surface that asked (Scanning's endpoint).
        var redeem = spans.Where(a => a.OperationName == "checkin.redeem" && (string?)a.GetTagItem("surface") == "usetix").ToList();
        Assert.NotEmpty(redeem);
        Assert.Contains(redeem, a => a.Parent?.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn");
        Assert.Contains(spans, a => a.OperationName == "job sales.expire-due");

        Assert.Contains(Host.Factory.Logs.Lines, l => l.StartsWith("Information EventOps.Requests: POST /scanner/", StringComparison.Ordinal) && l.Contains(" 200 ", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.Factory.Logs.Lines, l => l.StartsWith("Information EventOps.Requests:", StringComparison.Ordinal) && l.Contains(ticket.PublicId, StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TelemetrySqliteTests(SqliteHost host) : TelemetryTests(host);

[Collection(PostgresCollection.Name)]
public sealed class TelemetryPostgresTests(PostgresHost host) : TelemetryTests(host);
