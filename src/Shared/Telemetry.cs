using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EventOps.Shared;

/// <summary>
/// The one meter and activity source of EventOps; modules add their instruments here so the Host exports them
/// all (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set) without knowing the modules.
/// </summary>
public static class Telemetry
{
    public const string Name = "EventOps";

    public const string SurfaceTag = "surface";
    public const string ResultTag = "result";
    public const string JobTag = "job";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Every redeem decision, by the surface that asked and its result ("ok" or the refusal reason).</summary>
    public static readonly Counter<long> Redemptions = Meter.CreateCounter<long>("eventops.redemptions", "{redemption}", "Redeem decisions by surface and result.");

    public static readonly Histogram<double> RedeemDuration = Meter.CreateHistogram<double>(
        "eventops.redeem.duration", "ms", "Time of one redeem decision in the Checkin engine, by surface.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 50, 100, 250, 1000] });

    public static readonly Histogram<int> OfflineSyncBatchSize = Meter.CreateHistogram<int>(
        "eventops.offline_sync.batch_size", "{attempt}", "Attempts per offline redemption_attempts request.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 50, 100, 250, 500, 1000] });

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("eventops.job.duration", "ms", "Run time of a background job, by job.");

    /// <summary>Records one redeem decision; the caller measured its time with <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public static void RecordRedeem(string surface, string result, long startTimestamp) =>
        RecordRedeem(surface, result, Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    /// <summary>Records one redeem decision that took <paramref name="milliseconds"/> (a batch's share, when decided in one).</summary>
    public static void RecordRedeem(string surface, string result, double milliseconds)
    {
        var surfaceTag = new KeyValuePair<string, object?>(SurfaceTag, surface);
        Redemptions.Add(1, surfaceTag, new KeyValuePair<string, object?>(ResultTag, result));
        RedeemDuration.Record(milliseconds, surfaceTag);
    }

    /// <summary>A span and a duration measurement around one run of a job: <c>using var _ = Telemetry.Job("sales.expire-due");</c></summary>
    public static JobScope Job(string name) => new(name, Source.StartActivity("job " + name), Stopwatch.GetTimestamp());

    public readonly struct JobScope(string name, Activity? activity, long started) : IDisposable
    {
        public void Dispose()
        {
            JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>(JobTag, name));
            activity?.Dispose();
        }
    }
}
