using OpenTelemetry;

namespace EventOps.Host.Startup;

internal static class OpenTelemetrySetup
{
    /// <summary>Exports metrics and traces by OTLP only when an endpoint is configured; otherwise they stay in process.</summary>
    public static IOpenTelemetryBuilder UseOtlpExporterWhenConfigured(this IOpenTelemetryBuilder builder, IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? builder : builder.UseOtlpExporter();
}
