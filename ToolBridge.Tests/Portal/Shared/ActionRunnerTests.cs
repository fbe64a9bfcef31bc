using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Shared;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Shared;

/// <summary>The one way the portal runs a change: busy, the role read right before the call, the outcome reported, the page refreshed.</summary>
public sealed class ActionRunnerTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private NoteService Notes => fixture.Get<NoteService>();

    [Fact]
    public async Task Run_Allowed_ReadsTheRoleThenCallsReportsAndRefreshes()
    {
        var tenant = await fixture.NewTenantAsync($"Runner {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        var steps = new List<string>();
        var runner = Runner(context, steps, tenant.Member);
        var busyDuringCall = false;

        var result = await runner.RunAsync(
            async scope =>
            {
                busyDuringCall = runner.Busy;
                steps.Add("call");
                return await Notes.CreateAsync(scope, new NoteInput { Title = "From the runner" });
            },
            note => $"Created “{note.Title}”.");

        Assert.Equal(["scope", "call", "refresh"], steps);
        Assert.True(busyDuringCall);
        Assert.False(runner.Busy);
        Assert.Equal("From the runner", Ok(result!.Value).Title);
        Assert.Contains("Created “From the runner”.", context.Snackbars);
    }

    [Fact]
    public async Task Run_Refused_SaysWhyAndStillRefreshes()
    {
        var tenant = await fixture.NewTenantAsync($"Runner {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        var steps = new List<string>();
        var runner = Runner(context, steps, tenant.Viewer);

        var result = await runner.RunAsync(scope => Notes.CreateAsync(scope, new NoteInput { Title = "Not allowed" }), _ => "Created.");

        Fails(ErrorKind.Forbidden, result!.Value);
        Assert.Equal(["scope", "refresh"], steps);
        Assert.Equal(["Viewers can read but not change data. Ask an owner or admin for the member role."], context.Snackbars);
    }

    [Fact]
    public async Task Run_NoLongerAMember_CallsNothing()
    {
        await using var context = new PortalTestContext(fixture);
        var steps = new List<string>();
        var runner = Runner(context, steps, scope: null);
        var called = false;

        var result = await runner.RunAsync(_ =>
        {
            called = true;
            return Task.FromResult<Result<NoteItem>>(Error.Forbidden("unreachable"));
        }, _ => "Done.");

        Assert.Null(result);
        Assert.False(called);
        Assert.Equal(["scope"], steps);
        Assert.Empty(context.Snackbars);
        Assert.False(runner.Busy);
    }

    /// <summary>A runner whose scope read and refresh write down that they ran.</summary>
    private static ActionRunner<TenantScope> Runner(PortalTestContext context, List<string> steps, TenantScope? scope) => new(
        context.Services.GetRequiredService<ISnackbar>(),
        () =>
        {
            steps.Add("scope");
            return Task.FromResult(scope);
        },
        () =>
        {
            steps.Add("refresh");
            return Task.CompletedTask;
        },
        () => Task.CompletedTask);
}
