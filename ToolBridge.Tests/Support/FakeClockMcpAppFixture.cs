using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ToolBridge.Tests.Support;

/// <summary>
/// <see cref="McpAppFixture"/> with the app's clock replaced by a <see cref="FakeTimeProvider"/> that starts at the
/// real current time, so tests can move past expiries and grace windows. Advancing it affects every test of the
/// class: tests issue the tokens they need after any advance they make.
/// </summary>
public sealed class FakeClockMcpAppFixture : McpAppFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
