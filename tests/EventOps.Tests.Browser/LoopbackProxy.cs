using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EventOps.Tests.Browser;

/// <summary>
/// A TCP relay on a loopback port in front of the Host, whose "offline" is real: while it is set, every new connection
/// is reset at once and every open one (keep-alive, a snapshot half sent) is cut, so nothing reaches the Host whatever
/// the browser's own offline emulation lets through. Counts what it passed and what it dropped.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint upstream;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Server)> open = new();
    private readonly Task accepting;
    private int nextId;
    private volatile bool offline;
    private int passed;
    private int dropped;

    public LoopbackProxy(Uri target)
    {
        upstream = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>Connections relayed to the Host.</summary>
    public int Passed => passed;

    /// <summary>Connections refused while offline.</summary>
    public int Dropped => dropped;

    public bool Offline
    {
        get => offline;
        set
        {
            offline = value;
            if (value)
            {
                foreach (var (id, pair) in open)
                {
                    Reset(pair.Client);
                    pair.Server.Dispose();
                    open.TryRemove(id, out _);
                }
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            if (offline)
            {
                Interlocked.Increment(ref dropped);
                Reset(client);
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        var id = Interlocked.Increment(ref nextId);
        try
        {
            await server.ConnectAsync(upstream, stopping.Token);
            if (offline)
            {
                Interlocked.Increment(ref dropped);
                Reset(client);
                return;
            }

            Interlocked.Increment(ref passed);
            open[id] = (client, server);
            var fromClient = client.GetStream().CopyToAsync(server.GetStream(), stopping.Token);
            var fromServer = server.GetStream().CopyToAsync(client.GetStream(), stopping.Token);
            await Task.WhenAny(fromClient, fromServer);
        }
        catch (Exception)
        {
            // A cut connection ends its copies with an exception; that is the point of going offline.
        }
        finally
        {
            open.TryRemove(id, out _);
            server.Dispose();
            client.Dispose();
        }
    }

    /// <summary>Closes with RST rather than FIN, as a dropped network looks to the browser (no graceful end of response).</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
        }
        catch (Exception)
        {
            // Already closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Offline = true;
        try
        {
            await accepting;
        }
        catch (Exception)
        {
        }

        stopping.Dispose();
    }
}
