using Microsoft.AspNetCore.Builder;

namespace EventOps.Shared.Http;

/// <summary>
/// The scan endpoints (every redeem surface and the offline sync) pass one in-process gate that lets a bounded number
/// run at once and queues the rest in arrival order. On a saturated server, 64 scanners each holding a PostgreSQL
/// backend made the backends contend for the same index pages and for the CPU: PostgreSQL's CPU per redeem rose by half
/// from 16 to 64 clients and p99 tripled, while with at most 12 at once it stayed flat (bench/run.sh, docs/benchmarks.md).
/// A smaller connection pool would do the same but can deadlock a request that holds one connection while asking for
/// another; this gate counts requests, not connections. The Host defines the limit (<c>Door:ConcurrentScans</c>).
/// </summary>
public static class DoorTraffic
{
    public const string Policy = "door";

    public static TBuilder AtTheDoor<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRateLimiting(Policy);
}
