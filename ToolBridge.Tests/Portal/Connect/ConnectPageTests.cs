using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Connect;
using ToolBridge.Web.Mcp;
using ToolBridge.Web.Mcp.OAuth;
using static ToolBridge.Tests.Portal.InsightsPageSteps;

namespace ToolBridge.Tests.Portal.Connect;

/// <summary>The Connect page: the tenant's MCP URL, the steps, and each client's set-up with a placeholder for the secret.</summary>
public sealed class ConnectPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Ready = ".connect-url, .tenant-denied";

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task Render_AnyRole_ShowsTheMcpUrlAndEveryClientsSetUp(MemberRole role)
    {
        var (context, tenant) = await SetUpAsync(fixture, role);
        await using var _ = context;
        var mcpUrl = McpUrlOf(context);

        var cut = RenderPage<ConnectPage>(context, tenant, Ready);

        Assert.Equal(mcpUrl, cut.Text(".connect-url"));
        var snippets = cut.FindAll(".client-snippet");
        Assert.Equal(["Claude Desktop", "Claude Code", "VS Code", "Cursor"], snippets.Select(s => s.GetAttribute("data-client")));
        Assert.All(snippets, s =>
        {
            var text = s.QuerySelector("pre")!.TextContent;
            Assert.Contains(mcpUrl, text);
            Assert.Contains("Bearer <your token>", text);
        });
    }

    [Fact]
    public async Task Render_Member_ListsTheStepsFromIssuingATokenToAFirstQuestion()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;

        var cut = RenderPage<ConnectPage>(context, tenant, Ready);

        var steps = cut.FindAll(".connect-steps li").Select(li => li.TextContent).ToList();
        Assert.Equal(4, steps.Count);
        Assert.Contains("Issue a token on the Tokens page", steps[0]);
        Assert.Contains("<your token>", steps[1]);
        Assert.Contains("Restart the client", steps[2]);
        Assert.Contains("list my notes", steps[3]);
        Assert.Equal($"/t/{tenant.Tenant.Slug}/tokens", cut.Find(".connect-tokens-link").GetAttribute("href"));
        Assert.Equal(ClientSetup.InspectorCommand(McpUrlOf(context), "<your token>"), cut.Text(".connect-inspector"));
    }

    [Fact]
    public async Task Render_Viewer_IsToldTheirTokensAreReadOnly()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;

        var cut = RenderPage<ConnectPage>(context, tenant, Ready);

        Assert.Contains("as a viewer, a read-only one", cut.Find(".connect-steps li").TextContent);
    }

    [Fact]
    public async Task CopyUrl_Click_CopiesTheUrlAndSaysSo()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage<ConnectPage>(context, tenant, Ready);

        cut.Find("button.copy-url").Click();

        cut.WaitForAssertion(() => Assert.Single(context.JSInterop.Invocations["navigator.clipboard.writeText"]));
        var copy = context.JSInterop.VerifyInvoke("navigator.clipboard.writeText");
        Assert.Equal(McpUrlOf(context), copy.Arguments[0]);
        Assert.Contains("The endpoint URL was copied to the clipboard.", context.Snackbars);
    }

    [Fact]
    public async Task Render_NonMember_IsDenied()
    {
        var tenant = await fixture.NewTenantAsync("Private connect");
        await using var context = new PortalTestContext(fixture);
        context.RenderProviders();
        await context.SignInAsNewUserAsync();

        var cut = RenderPage<ConnectPage>(context, tenant, Ready);

        Assert.Contains("You are not a member of this tenant", cut.Text(".tenant-denied"));
        Assert.Empty(cut.FindAll(".connect-url"));
    }

    private static string McpUrlOf(PortalTestContext context) =>
        context.Services.GetRequiredService<NavigationManager>().BaseUri.TrimEnd('/') + McpEndpoint.Path;

    [Fact]
    public async Task Render_OAuthOn_ShowsTheConnectorStepsWithTheUrl_OrWhyNot()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        Assert.Empty(RenderPage<ConnectPage>(context, tenant, Ready).FindAll(".connect-oauth"));
        var oauth = context.Services.GetRequiredService<IOptions<OAuthOptions>>().Value;
        oauth.Enabled = true;
        oauth.AuthKitDomain = "https://acme.authkit.app";

        // Not linked to an organization: a connector could not find it.
        Assert.NotNull(RenderPage<ConnectPage>(context, tenant, Ready).Find(".connect-oauth-unlinked"));

        await using (var db = await fixture.DbAsync())
        {
            await db.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.WorkOsOrganizationId, "org_" + Guid.NewGuid().ToString("N")));
        }

        var steps = RenderPage<ConnectPage>(context, tenant, Ready).Find(".connect-oauth-steps");
        Assert.Contains("Add custom connector", steps.TextContent);
        Assert.Contains(McpUrlOf(context), steps.TextContent);
        Assert.Empty(RenderPage<ConnectPage>(context, tenant, Ready).FindAll(".connect-oauth-tools"));

        Assert.True((await context.Tenants.UpdateSettingsAsync(tenant.Owner, new ToolBridge.Data.Tenants.TenantSettingsInput { Name = tenant.Tenant.Name, OAuthClientTools = ["list_notes", "get_note"] })).IsSuccess);
        Assert.Contains("only these tools: get_note, list_notes", RenderPage<ConnectPage>(context, tenant, Ready).Find(".connect-oauth-tools").TextContent);

        Assert.True((await context.Tenants.UpdateSettingsAsync(tenant.Owner, new ToolBridge.Data.Tenants.TenantSettingsInput { Name = tenant.Tenant.Name, OAuthClientsAllowed = false })).IsSuccess);
        Assert.NotNull(RenderPage<ConnectPage>(context, tenant, Ready).Find(".connect-oauth-refused"));
    }
}
