using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ToolBridge.Tests.Support;

/// <summary>
/// The app with a clock the test moves: it starts at the real current time, in whole microseconds as PostgreSQL
/// stores them. Advancing it affects every test of the class: tests issue the tokens they need after any advance.
/// </summary>
public sealed class McpAppClockFixture : McpAppFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(DateTimeOffset.UtcNow.UtcTicks / 10 * 10, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
