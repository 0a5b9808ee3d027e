using Microsoft.Playwright;

namespace EventOps.Tests.Browser;

/// <summary>A browser test with its own context and page on the shared Host of its database kind.</summary>
public abstract class PageTests(AdminHost host) : IAsyncLifetime
{
    protected AdminHost Host { get; } = host;

    protected IPage Page { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        Page = await Host.NewPageAsync();
    }

    public async Task DisposeAsync() => await Page.Context.CloseAsync();
}
