using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace EventOps.Host.Startup;

/// <summary>
/// Hangfire keeps its log provider in a process-wide static. When two Hosts share a process (tests, or a host
/// restarted in place) and the first one is disposed, its logger factory must not take the other one down.
/// </summary>
internal sealed class HangfireLogBridge(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return new SilentLog();
        }
    }

    private sealed class SilentLog : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
