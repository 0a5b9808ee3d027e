using EventOps.Modules.Scanning.Scans;
using EventOps.Shared.Contracts.Sales;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Modules.Scanning.Usetix;

/// <summary>
/// The snapshot's first download after a start paid for compiling its queries and jitting its code on the scanner's
/// time. This runs the same writer once at start-up for an organizer and event that do not exist (id 0), into nowhere:
/// on a 1,600-ticket event the first download went from 190-360 to 100-120 ms. Then it writes made-up tickets, since an
/// event without tickets never reaches the per-ticket code. What it cannot do is prepare the page queries on every
/// pooled connection, so with 100,000 tickets the first download still costs more than the next (docs/benchmarks.md).
/// </summary>
internal static class SnapshotWarmUp
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Response.Body = Stream.Null;
        var nobody = new ScanCaller(0, IsDevice: true, DeviceId: 0, TokenId: null, "warm-up", CanWrite: false, EventId: null, CheckinListId: null);
        var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
        await ScannerEndpoints.EventAsync(sender, nobody, "warm-up", cancellationToken);
        var nowhere = new EventSummary(0, "warm-up", "warm-up", DateTimeOffset.UnixEpoch, null, null, null, null, HasSubevents: true);
        await scope.ServiceProvider.GetRequiredService<SnapshotWriter>().WriteSnapshotAsync(context, nobody, nowhere, cancellationToken);

        // A page without tickets skips the admission states; a page with some reads them as one id range.
        await scope.ServiceProvider.GetRequiredService<Admissions>().StatesAsync(nobody, 0, [0], cancellationToken, (-1, 0));
        await SnapshotWriter.WarmUpTicketsAsync(cancellationToken);
    }
}
