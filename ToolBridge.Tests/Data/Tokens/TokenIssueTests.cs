using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>
/// Issuing a token (docs/mcp-endpoint.md, "Tokens"): its secret, expiry and allow-list, and who may issue what (docs/security.md,
/// "Roles"), on the app's own services with a clock the tests move.
/// </summary>
public sealed class TokenIssueTests(McpAppClockFixture app) : TokenTestBase, IClassFixture<McpAppClockFixture>
{
    protected override McpAppClockFixture App => app;

    [Fact]
    public async Task IssueAsync_ValidInput_ReturnsTheSecretWithTheToken()
    {
        var tenant = await app.NewTenantAsync();

        var issued = ResultAssert.Ok(await Tokens.IssueAsync(tenant.Member, Input(name: "  Laptop  ", write: true, days: 7)));

        Assert.Equal(TokenSecret.Shape.Valid, TokenSecret.Check(issued.Secret));
        var token = issued.Token;
        Assert.Equal("Laptop", token.Name);
        Assert.Equal(tenant.Member.Actor.Id, token.OwnerUserId);
        Assert.Equal([TokenRules.Read, TokenRules.Write], token.Scopes);
        Assert.Null(token.Tools);
        Assert.Equal(TokenStatus.Active, token.Status);
        Assert.Equal(Clock.GetUtcNow(), token.CreatedAt);
        Assert.Equal(Clock.GetUtcNow().AddDays(7), token.ExpiresAt);
        Assert.Equal(TokenSecret.Hint(issued.Secret), token.Hint);
        Assert.DoesNotContain(issued.Secret, JsonSerializer.Serialize(token, Json.Options));
    }

    [Fact]
    public async Task IssueAsync_ValidInput_StoresOnlyTheSecretsHash()
    {
        var tenant = await app.NewTenantAsync();

        var issued = await app.IssueAsync(tenant.Member);

        var row = await McpAppData.RawRowAsync(app.ConnectionString, "api_tokens", issued.Token.Id);
        Assert.Equal(Convert.ToHexString(TokenSecret.Hash(issued.Secret)), row["secret_hash"]);
        Assert.All(row.Where(c => c.Value is not null), column => AssertHoldsNoSecret(column.Value!, issued.Secret, hashAllowed: column.Key == "secret_hash"));
    }

    [Fact]
    public async Task IssueAsync_ValidInput_AuditsWithoutTheSecretOrItsHash()
    {
        var tenant = await app.NewTenantAsync();

        var issued = await app.IssueAsync(tenant.Member, name: "Audited");

        var audit = Assert.Single(await app.AuditAsync(tenant.Id), e => e.Action == "token.issue");
        Assert.Equal(issued.Token.Id, audit.EntityUid);
        Assert.Equal(tenant.Member.Actor.Id, audit.ActorId);
        Assert.Contains("Audited", audit.Changes);
        AssertHoldsNoSecret(audit.Changes, issued.Secret);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task IssueAsync_NameMissing_IsInvalid(string name)
    {
        var tenant = await app.NewTenantAsync();

        var result = await Tokens.IssueAsync(tenant.Member, Input(name: name));

        ResultAssert.Invalid(result, "name");
        Assert.Empty(await Tokens.ListAsync(tenant.Member));
    }

    [Fact]
    public async Task IssueAsync_NameTooLong_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();

        var tooLong = await Tokens.IssueAsync(tenant.Member, Input(name: new string('n', TokenRules.NameMax + 1)));
        var longest = await Tokens.IssueAsync(tenant.Member, Input(name: new string('n', TokenRules.NameMax)));

        ResultAssert.Invalid(tooLong, "name");
        ResultAssert.Ok(longest);
    }

    [Fact]
    public async Task IssueAsync_NoExpiry_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();

        var result = await Tokens.IssueAsync(tenant.Member, Input(days: null));

        ResultAssert.Invalid(result, "expires_in_days");
    }

    [Fact]
    public async Task IssueAsync_BothExpiryKinds_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();
        var input = Input(days: 30);
        input.ExpiresAt = Clock.GetUtcNow().AddDays(30);

        var result = await Tokens.IssueAsync(tenant.Member, input);

        ResultAssert.Invalid(result, "expires_in_days");
    }

    [Fact]
    public async Task IssueAsync_ExpiryInThePast_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();
        var past = Input(days: null);
        past.ExpiresAt = Clock.GetUtcNow().AddMinutes(-1);
        var now = Input(days: null);
        now.ExpiresAt = Clock.GetUtcNow();

        var pastResult = await Tokens.IssueAsync(tenant.Member, past);
        var nowResult = await Tokens.IssueAsync(tenant.Member, now);
        var zeroDays = await Tokens.IssueAsync(tenant.Member, Input(days: 0));
        var negativeDays = await Tokens.IssueAsync(tenant.Member, Input(days: -5));

        ResultAssert.Invalid(pastResult, "expires_at");
        ResultAssert.Invalid(nowResult, "expires_at");
        ResultAssert.Invalid(zeroDays, "expires_in_days");
        ResultAssert.Invalid(negativeDays, "expires_in_days");
    }

    [Fact]
    public async Task IssueAsync_ExpiresAt_IsStoredAsGiven()
    {
        var tenant = await app.NewTenantAsync();
        var input = Input(days: null);
        input.ExpiresAt = Clock.GetUtcNow().AddDays(3).ToOffset(TimeSpan.FromHours(2));

        var issued = ResultAssert.Ok(await Tokens.IssueAsync(tenant.Member, input));

        Assert.Equal(input.ExpiresAt, issued.Token.ExpiresAt);
        Assert.Equal(input.ExpiresAt, Assert.Single(await Tokens.ListAsync(tenant.Member)).ExpiresAt);
    }

    [Fact]
    public async Task IssueAsync_BeyondTheTenantsMaximumLifetime_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();
        ResultAssert.Ok(await Tenants.UpdateSettingsAsync(tenant.Owner, new TenantSettingsInput { Name = tenant.Tenant.Name, TokenMaxLifetimeDays = 30 }));
        var lateDate = Input(days: null);
        lateDate.ExpiresAt = Clock.GetUtcNow().AddDays(30).AddMinutes(1);

        var tooManyDays = await Tokens.IssueAsync(tenant.Member, Input(days: 31));
        var tooLate = await Tokens.IssueAsync(tenant.Member, lateDate);
        var atTheLimit = await Tokens.IssueAsync(tenant.Member, Input(days: 30));

        var error = ResultAssert.Invalid(tooManyDays, "expires_in_days");
        Assert.Contains("30 days", error.Message);
        ResultAssert.Invalid(tooLate, "expires_at");
        ResultAssert.Ok(atTheLimit);
    }

    [Fact]
    public async Task IssueAsync_DefaultPolicy_CapsAt365Days()
    {
        var tenant = await app.NewTenantAsync();

        var overAYear = await Tokens.IssueAsync(tenant.Member, Input(days: 366));
        var aYear = await Tokens.IssueAsync(tenant.Member, Input(days: 365));

        ResultAssert.Invalid(overAYear, "expires_in_days");
        ResultAssert.Ok(aYear);
    }

    [Fact]
    public async Task IssueAsync_UnknownToolNames_IsInvalidNamingThem()
    {
        var tenant = await app.NewTenantAsync();

        var result = await Tokens.IssueAsync(tenant.Member, Input(tools: ["list_notes", "drop_database", "List_Notes"]));

        var error = ResultAssert.Invalid(result, "tools");
        Assert.Contains("drop_database", error.Message);
        Assert.Contains("List_Notes", error.Message);
        Assert.DoesNotContain("list_notes,", error.Message);
    }

    [Fact]
    public async Task IssueAsync_WriteToolInAReadOnlyTokensAllowList_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();

        var readOnly = await Tokens.IssueAsync(tenant.Member, Input(write: false, tools: ["list_notes", "create_note"]));
        var readWrite = await Tokens.IssueAsync(tenant.Member, Input(write: true, tools: ["list_notes", "create_note"]));

        var error = ResultAssert.Invalid(readOnly, "tools");
        Assert.Contains("create_note", error.Message);
        ResultAssert.Ok(readWrite);
    }

    [Fact]
    public async Task IssueAsync_AllowList_IsStoredSortedWithoutDuplicates()
    {
        var tenant = await app.NewTenantAsync();

        var issued = ResultAssert.Ok(await Tokens.IssueAsync(tenant.Member, Input(write: false, tools: ["list_notes", "get_note", "list_notes"])));

        Assert.Equal(["get_note", "list_notes"], issued.Token.Tools);
        await using var db = await app.DbAsync();
        Assert.Equal(["get_note", "list_notes"], (await db.ApiTokens.SingleAsync(t => t.Id == issued.Token.Id)).Tools);
        Assert.Equal(["get_note", "list_notes"], Identity(await Authenticator.AuthenticateAsync(issued.Secret, null)).Tools);
    }

    [Fact]
    public async Task IssueAsync_ViewerAsksForWrite_IsForbidden()
    {
        var tenant = await app.NewTenantAsync();

        var result = await Tokens.IssueAsync(tenant.Viewer, Input(write: true));

        ResultAssert.Fails(ErrorKind.Forbidden, result);
        Assert.Empty(await Tokens.ListAsync(tenant.Owner));
    }

    [Fact]
    public async Task IssueAsync_ViewersReadToken_Authenticates()
    {
        var tenant = await app.NewTenantAsync();

        var issued = ResultAssert.Ok(await Tokens.IssueAsync(tenant.Viewer, Input(write: false)));

        Assert.Equal([TokenRules.Read], issued.Token.Scopes);
        var identity = Identity(await Authenticator.AuthenticateAsync(issued.Secret, "192.0.2.1"));
        Assert.False(identity.CanWrite);
        Assert.Equal(MemberRole.Viewer, identity.OwnerRole);
        Assert.Equal([TokenRules.Read], identity.Scopes);
    }

    [Fact]
    public async Task IssueAsync_ThroughAToken_IsForbidden()
    {
        var tenant = await app.NewTenantAsync();
        var identity = Identity(await Authenticator.AuthenticateAsync((await app.IssueAsync(tenant.Owner)).Secret, null));

        var result = await Tokens.IssueAsync(identity.Scope, Input());

        ResultAssert.Fails(ErrorKind.Forbidden, result);
        Assert.Single(await Tokens.ListAsync(tenant.Owner));
    }

    [Fact]
    public async Task IssueAsync_SuspendedTenant_IsForbidden()
    {
        var tenant = await app.NewTenantAsync();
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));
        var scope = await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id);

        var result = await Tokens.IssueAsync(scope!, Input(write: false));

        ResultAssert.Fails(ErrorKind.Forbidden, result);
    }
}
