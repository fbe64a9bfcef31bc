using System.Text.Json;
using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Activity;
using static ToolBridge.Tests.Portal.Activity.ActivityPageSteps;

namespace ToolBridge.Tests.Portal.Activity;

/// <summary>
/// A change made by an MCP client (the real client through the real endpoint, with a real token) and one made in the
/// portal both show on the Activity page, each with its actor, channel and diff.
/// </summary>
public sealed class ActivityFromBothDoorsTests(McpAppFixture app, DatabaseFixture fixture) : IClassFixture<McpAppFixture>, IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ChangesThroughMcpAndPortal_ShowWithTheirActorChannelAndDiff()
    {
        var tenant = await app.NewTenantAsync($"Both doors {Guid.NewGuid():N}");
        var token = await app.IssueAsync(tenant.Member, name: "Claude Desktop");
        Guid uid;
        await using (var client = await app.ConnectAsync(token.Secret))
        {
            uid = await McpEntity.For("note").CreateAsync(client);
            var patched = await client.CallAsync("patch_note", new { uid, patch = new { title = "Renamed by Claude", tags = new[] { "mcp" } } });
            Assert.True(patched.IsError != true, McpClientExtensions.Text(patched));
        }

        var notes = app.Get<NoteService>();
        ResultAssert.Ok(await notes.PatchAsync(tenant.Owner, uid, JsonSerializer.SerializeToElement(new { title = "Renamed in the portal" })));
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(tenant.Owner);
        context.RenderProviders();

        var cut = RenderPage(context, tenant);

        var rows = Rows(cut);
        Assert.Equal(["note.patch", "note.patch", "note.create"], Actions(cut).Take(3));
        var ownerEmail = (await context.Users.GetAsync(tenant.Owner.Actor.Id))!.Email;
        Assert.Equal((ownerEmail, "user", "Portal"), (Text(rows[0], ".activity-actor"), Text(rows[0], ".activity-actor-kind"), Text(rows[0], ".activity-channel")));
        Assert.Equal(("Claude Desktop", "token", "MCP"), (Text(rows[1], ".activity-actor"), Text(rows[1], ".activity-actor-kind"), Text(rows[1], ".activity-channel")));
        Assert.Equal(("Claude Desktop", "MCP"), (Text(rows[2], ".activity-actor"), Text(rows[2], ".activity-channel")));

        rows[1].QuerySelector(".activity-expand")!.Click();
        var mcpDiff = DiffShown(cut);
        Assert.Equal([("tags", "[\"a\"]", "[\"mcp\"]"), ("title", "A note", "Renamed by Claude")], mcpDiff);

        Rows(cut)[1].QuerySelector(".activity-expand")!.Click();
        Rows(cut)[0].QuerySelector(".activity-expand")!.Click();
        var portalDiff = DiffShown(cut);
        Assert.Equal([("title", "Renamed by Claude", "Renamed in the portal")], portalDiff);
    }

    /// <summary>The one diff shown, as (field, before, after).</summary>
    private static IReadOnlyList<(string, string, string)> DiffShown(IRenderedComponent<ActivityPage> cut)
    {
        IReadOnlyList<(string, string, string)> diff = [];
        cut.WaitForAssertion(() =>
        {
            var diffs = cut.FindAll(".activity-diff");
            Assert.Single(diffs);
            diff = diffs[0].QuerySelectorAll(".activity-diff-row")
                .Select(r => (Text(r, ".diff-field"), Text(r, ".diff-before"), Text(r, ".diff-after")))
                .ToList();
        });
        return diff;
    }
}
