using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Shared;

namespace ToolBridge.Tests.Portal.Shared;

public sealed class PortalErrorBoundaryTests : BunitContext
{
    private readonly LogCapture _logs = new();

    public PortalErrorBoundaryTests()
    {
        Services.AddMudServices();
        Services.AddLogging(logging => logging.AddProvider(_logs));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Bug_InAPage_ShowsATraceIdAndLogsTheExceptionUnderIt()
    {
        var page = Render<PortalErrorBoundary>(p => p.AddChildContent<Throwing>());

        var alert = page.Find("[data-testid=portal-error]");
        var traceId = alert.QuerySelector("code")!.TextContent;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.DoesNotContain("database password", alert.TextContent);
        var logged = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(traceId, logged.Values["TraceId"]);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    private sealed class Throwing : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("database password is hunter2");
    }
}
