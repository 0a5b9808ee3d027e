using EventOps.Modules.Checkin;
using EventOps.Modules.Sales;
using EventOps.Modules.Scanning;
using EventOps.Shared.Modules;

namespace EventOps.Host;

/// <summary>The one list of modules. <c>Modules:&lt;Name&gt;:Enabled=false</c> leaves one out: its endpoints, pages and jobs.</summary>
internal static class ModuleList
{
    private static IModule[] All() => [new SalesModule(), new CheckinModule(), new ScanningModule()];

    public static IReadOnlyList<IModule> Enabled(IConfiguration configuration) =>
        [.. All().Where(m => configuration.GetValue($"Modules:{m.Name}:Enabled", true))];
}
