using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EventOps.Host.Startup;

internal static class OpenTelemetrySetup
{
    /// <summary>
    /// Metrics and traces go out by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Without it the SDK is not
    /// added at all: it would still start an activity and record the request histograms on every request for nobody
    /// (2-3 % of a redeem's Host CPU in the profile). The meters and activity sources stay, so dotnet-counters,
    /// dotnet-trace or any in-process listener still see them.
    /// </summary>
    public static void AddOpenTelemetryWhenExported(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(EventOps.Shared.Telemetry.Name))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(EventOps.Shared.Telemetry.Name))
            .UseOtlpExporter();
    }
}
