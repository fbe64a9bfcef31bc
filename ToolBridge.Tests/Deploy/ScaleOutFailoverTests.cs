using System.Diagnostics;
using ToolBridge.Tests.Browser;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Deploy;

/// <summary>
/// docs/scaling.md: a Blazor circuit lives on the machine that holds its WebSocket. When that machine goes away (a
/// deploy, a scale-down, a crash), the browser reconnects through the proxy to another machine, which does not know the
/// circuit; the page then starts a new circuit there, and the sign-in (a cookie every machine reads) is kept.
/// </summary>
public sealed class ScaleOutFailoverTests(ScaleOutFixture app, ITestOutputHelper output) : IClassFixture<ScaleOutFixture>
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Portal_InstanceHoldingTheCircuitGoesAway_PageComesBackOnTheOtherStillSignedIn()
    {
        var page = await app.NewPageAsync();
        page.Console += (_, message) => output.WriteLine($"browser {message.Type}: {message.Text}");
        var tenantName = await app.SignInAsync(page);
        await BrowserFixture.WaitInteractiveAsync(page);
        var onFirst = app.FirstCircuits.Open > 0;
        Assert.Equal(1, app.FirstCircuits.Open + app.SecondCircuits.Open);
        var (holder, survivor) = onFirst ? (app.First, app.SecondCircuits) : (app.Second, app.FirstCircuits);
        var openedBefore = survivor.Opened;
        var watch = Stopwatch.StartNew();

        await holder.DisposeAsync();

        while (survivor.Opened == openedBefore && watch.Elapsed < RecoveryLimit)
        {
            await Task.Delay(100);
        }

        output.WriteLine($"instance {(onFirst ? 1 : 2)} held the circuit and stopped; a new circuit opened on the other after {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(survivor.Opened > openedBefore, $"no new circuit on the surviving instance within {RecoveryLimit}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByText(tenantName).First.WaitForAsync();
        Assert.DoesNotContain("/auth/", page.Url);
    }
}
