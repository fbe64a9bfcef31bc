using Bunit;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Tokens;
using static ToolBridge.Tests.Portal.Tokens.TokensPageSteps;

namespace ToolBridge.Tests.Portal.Tokens;

/// <summary>The Tokens table, and which controls each role gets on it.</summary>
public sealed class TokensPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Render_NoTokens_ExplainsWhatToDo()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        Assert.Contains("No tokens yet — issue one to connect Claude Desktop", cut.Find(".tokens-empty").TextContent);
        Assert.Empty(cut.FindAll(".token-name"));
    }

    [Fact]
    public async Task Render_Token_ShowsEveryColumn()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var issued = await IssueAsync(context, tenant.Member, "Laptop", write: true, tools: ["get_note", "create_note"]);
        Assert.NotNull((await context.Authenticator.AuthenticateAsync(issued.Secret, "203.0.113.7")).Identity);
        var email = (await context.Users.GetAsync(tenant.Member.Actor.Id))!.Email;

        var cut = RenderPage(context, tenant);

        var row = Row(cut, "Laptop");
        Assert.Equal(email, row.QuerySelector(".token-owner")!.TextContent.Trim());
        Assert.Equal(issued.Token.Hint, row.QuerySelector(".token-hint")!.TextContent.Trim());
        Assert.Equal("read + write", row.QuerySelector(".token-scopes")!.TextContent.Trim());
        Assert.Equal("create_note, get_note", row.QuerySelector(".token-tools")!.TextContent.Trim());
        Assert.Equal(issued.Token.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd"), row.QuerySelector(".token-created")!.TextContent.Trim());
        Assert.Equal(issued.Token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd"), row.QuerySelector(".token-expires")!.TextContent.Trim());
        var lastUsed = row.QuerySelector(".token-last-used")!.TextContent;
        Assert.Contains(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"), lastUsed);
        Assert.Contains("from 203.0.113.7", lastUsed);
        Assert.Equal("active", Status(cut, "Laptop"));
        Assert.DoesNotContain(issued.Secret, cut.Markup);
    }

    [Fact]
    public async Task Render_ReadTokenNeverUsed_ShowsAllToolsAndNever()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        await IssueAsync(context, tenant.Member, "Reader");

        var cut = RenderPage(context, tenant);

        var row = Row(cut, "Reader");
        Assert.Equal("read", row.QuerySelector(".token-scopes")!.TextContent.Trim());
        Assert.Equal("all", row.QuerySelector(".token-tools")!.TextContent.Trim());
        Assert.Equal("never", row.QuerySelector(".token-last-used")!.TextContent.Trim());
    }

    [Theory]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task Render_MemberOrViewer_SeesOnlyOwnTokens(MemberRole role)
    {
        var (context, tenant, _) = await SetUpAsync(fixture, role);
        await using var _ = context;
        var me = tenant.As(role);
        var someoneElse = role == MemberRole.Member ? tenant.Viewer : tenant.Member;
        await IssueAsync(context, me, "Mine");
        await IssueAsync(context, someoneElse, "Theirs");
        await IssueAsync(context, tenant.Owner, "Owner's");

        var cut = RenderPage(context, tenant);

        Assert.Equal(["Mine"], NamesShown(cut));
        Assert.DoesNotContain((await context.Users.GetAsync(someoneElse.Actor.Id))!.Email, cut.Markup);
        Assert.Contains("You see the tokens you issued", cut.Find(".tokens-own-note").TextContent);
    }

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    public async Task Render_OwnerOrAdmin_SeesEveryTokenWithItsOwner(MemberRole role)
    {
        var (context, tenant, _) = await SetUpAsync(fixture, role);
        await using var _ = context;
        foreach (var scope in new[] { tenant.Owner, tenant.Admin, tenant.Member, tenant.Viewer })
        {
            await IssueAsync(context, scope, $"Token of {scope.Role}");
        }

        var cut = RenderPage(context, tenant);

        Assert.Equal(4, NamesShown(cut).Count);
        foreach (var scope in new[] { tenant.Owner, tenant.Admin, tenant.Member, tenant.Viewer })
        {
            var email = (await context.Users.GetAsync(scope.Actor.Id))!.Email;
            Assert.Equal(email, Row(cut, $"Token of {scope.Role}").QuerySelector(".token-owner")!.TextContent.Trim());
        }

        Assert.Empty(cut.FindAll(".tokens-own-note"));
    }

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    public async Task Render_OwnerOrAdmin_RotatesOnlyOwnTokensAndRevokesAny(MemberRole role)
    {
        var (context, tenant, _) = await SetUpAsync(fixture, role);
        await using var _ = context;
        await IssueAsync(context, tenant.As(role), "Mine");
        await IssueAsync(context, tenant.Member, "Member's");

        var cut = RenderPage(context, tenant);

        Assert.NotNull(Row(cut, "Mine").QuerySelector("button.rotate-token"));
        Assert.NotNull(Row(cut, "Mine").QuerySelector("button.revoke-token"));
        Assert.Null(Row(cut, "Member's").QuerySelector("button.rotate-token"));
        Assert.NotNull(Row(cut, "Member's").QuerySelector("button.revoke-token"));
        Assert.NotNull(cut.Find("button.issue-token"));
    }

    [Theory]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task Render_MemberOrViewer_RotatesAndRevokesOwnToken(MemberRole role)
    {
        var (context, tenant, _) = await SetUpAsync(fixture, role);
        await using var _ = context;
        await IssueAsync(context, tenant.As(role), "Mine");

        var cut = RenderPage(context, tenant);

        Assert.NotNull(Row(cut, "Mine").QuerySelector("button.rotate-token"));
        Assert.NotNull(Row(cut, "Mine").QuerySelector("button.revoke-token"));
        Assert.NotNull(cut.Find("button.issue-token"));
    }

    [Fact]
    public async Task Render_RevokedAndExpiredTokens_ShowStatusWithoutControls()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var revoked = await IssueAsync(context, tenant.Owner, "Revoked");
        Assert.True((await context.Tokens.RevokeAsync(tenant.Owner, revoked.Token.Id, "Lost the laptop")).IsSuccess);
        var expired = await IssueAsync(context, tenant.Owner, "Expired");
        await ExpireAsync(expired.Token.Id);

        var cut = RenderPage(context, tenant);

        Assert.Equal("revoked", Status(cut, "Revoked"));
        Assert.Equal("Lost the laptop", Row(cut, "Revoked").QuerySelector(".token-revoked-reason")!.TextContent.Trim());
        Assert.Equal("expired", Status(cut, "Expired"));
        Assert.Empty(cut.FindAll("button.rotate-token"));
        Assert.Empty(cut.FindAll("button.revoke-token"));
    }

    // A suspended tenant's tokens used to be shown without any control; revoking is now offered (and allowed) so a
    // leaked token does not come back at reactivation. Issuing and rotating stay off.
    [Fact]
    public async Task Render_SuspendedTenant_OffersOnlyRevoke()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        await IssueAsync(context, tenant.Owner, "Mine");
        await IssueAsync(context, tenant.Member, "Member's");
        Assert.True((await context.Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, Actor.System)).IsSuccess);

        var cut = RenderPage(context, tenant);

        Assert.NotNull(cut.Find(".suspended-banner"));
        Assert.Equal(new[] { "Member's", "Mine" }, NamesShown(cut).Order());
        Assert.Empty(cut.FindAll("button.issue-token"));
        Assert.Empty(cut.FindAll("button.rotate-token"));
        Assert.Equal(2, cut.FindAll("button.revoke-token").Count);
        Assert.Empty(cut.FindAll(".tokens-own-note"));
    }

    // Platform admins read a tenant's content only as its members: this page used to show them the tokens read-only.
    [Fact]
    public async Task Render_PlatformAdminNotMember_IsDeniedByTheGate()
    {
        var tenant = await fixture.NewTenantAsync($"Tokens {Guid.NewGuid():N}");
        var adminEmail = $"platform-{Guid.NewGuid():N}@example.com";
        await using var context = new PortalTestContext(fixture, adminEmail);
        await IssueAsync(context, tenant.Owner, "Owner's");
        context.SignIn(await context.Users.EnsureAsync(adminEmail));
        context.RenderProviders();

        var cut = context.Render<TokensPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));

        cut.WaitForElement(".tenant-denied");
        Assert.Empty(cut.FindAll("button.issue-token"));
        Assert.Empty(cut.FindAll(".token-name"));
        Assert.DoesNotContain("Owner's", cut.Markup);
    }

    private async Task ExpireAsync(Guid tokenId)
    {
        await using var db = await fixture.DbAsync();
        await db.ApiTokens.Where(t => t.Id == tokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
    }
}
