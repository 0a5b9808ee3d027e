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

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
