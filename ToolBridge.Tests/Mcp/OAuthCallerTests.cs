using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Auth;
using ToolBridge.Tests.Support;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// OAuth clients on /mcp (docs/decisions/0014-oauth-clients-through-authkit.md): an AuthKit token acts as its WorkOS
/// user in the tenant linked to the organization it names, with the member's current role, re-checked on every call;
/// beside portal-issued tokens on the same endpoint. Tokens come from the WorkOS double, calls go through the real app.
/// </summary>
public sealed class OAuthCallerTests(OAuthFixture app) : IClassFixture<OAuthFixture>
{
    private const string Client = "https://claude.ai/oauth/mcp-client-metadata";

    [Fact]
    public async Task Member_OfTheLinkedTenant_WritesThereAsTheConnectionAndATokenOfAnotherTenantSeesNoneOfIt()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        var other = await TestTenant.CreateAsync(app.Factory.Services, "Other tenant");
        var oauth = await app.AuthKitTokenAsync(tenant.Member, organization, Client);
        var token = (await app.Get<TokenService>().IssueAsync(other.Member, new TokenIssueInput { Name = "Other", Write = true, ExpiresInDays = 30 })).Value!.Secret;
        using var http = app.Factory.CreateClient();

        var created = await McpAppFixture.CallToolAsync(http, oauth, "create_note", new { title = "Through OAuth" });
        var listed = await McpAppFixture.CallToolAsync(http, oauth, "list_notes", null);
        var elsewhere = await McpAppFixture.CallToolAsync(http, token, "list_notes", null);

        Assert.True(created.IsOk, created.ToString());
        Assert.Equal(["Through OAuth"], Titles(listed));
        Assert.Empty(Titles(elsewhere));
        await using var db = await app.Database.DbAsync();
        var connection = await db.ApiTokens.IgnoreQueryFilters().SingleAsync(t => t.TenantId == tenant.Id && t.OAuthClientId == Client);
        Assert.Equal((tenant.Member.Actor.Id, "claude.ai", (byte[]?)null), (connection.OwnerUserId, connection.Name, connection.SecretHash));
        var audit = await db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.TenantId == tenant.Id && e.Action == "note.create");
        Assert.Equal((ActorKind.Token, (Guid?)connection.Id, "claude.ai"), (audit.ActorKind, audit.ActorId, audit.ActorName));

        // The connection is not a token: the Tokens page does not list it.
        Assert.DoesNotContain(await app.Get<TokenService>().ListAsync(tenant.Owner), t => t.Id == connection.Id);
    }

    [Fact]
    public async Task Viewer_ReadsButCannotWrite()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        var oauth = await app.AuthKitTokenAsync(tenant.Viewer, organization, Client);
        using var http = app.Factory.CreateClient();

        var listed = await McpAppFixture.CallToolAsync(http, oauth, "list_notes", null);
        var created = await McpAppFixture.CallToolAsync(http, oauth, "create_note", new { title = "Not allowed" });

        Assert.True(listed.IsOk, listed.ToString());
        Assert.False(created.IsOk, created.ToString());
        Assert.Equal("forbidden", (string?)created.Error["error"]);
    }

    [Fact]
    public async Task Refused_WhenTheOrganizationIsMissingOrUnlinkedOrTheUserIsNotAMember()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        var member = await app.WorkOsUserAsync(tenant.Member);
        var stranger = "user_" + Guid.NewGuid().ToString("N");

        await AssertRefusedAsync(app.WorkOs.AuthKitToken(member, null, OAuthFixture.Resource, Client), "names no organization");
        await AssertRefusedAsync(app.WorkOs.AuthKitToken(member, "org_" + Guid.NewGuid().ToString("N"), OAuthFixture.Resource, Client), "has no ToolBridge workspace");
        await AssertRefusedAsync(app.WorkOs.AuthKitToken(stranger, organization, OAuthFixture.Resource, Client), "not a member");
    }

    [Fact]
    public async Task Refused_OnceTheMemberIsRemovedOrTheTenantSuspendedOrTheConnectionRevoked()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        using var http = app.Factory.CreateClient();
        var removed = await app.AuthKitTokenAsync(tenant.Member, organization, Client);
        var revoked = await app.AuthKitTokenAsync(tenant.Admin, organization, Client);
        Assert.True((await McpAppFixture.CallToolAsync(http, removed, "list_notes", null)).IsOk);
        Assert.True((await McpAppFixture.CallToolAsync(http, revoked, "list_notes", null)).IsOk);

        Assert.True((await app.Get<MemberService>().RemoveMemberAsync(tenant.Owner, tenant.Member.Actor.Id)).IsSuccess);
        await AssertRefusedAsync(removed, "not a member");

        // Added again, the member's client connects afresh: the removal's revocation was of the old membership.
        string email;
        await using (var users = await app.Database.DbAsync())
        {
            email = await users.Users.Where(u => u.Id == tenant.Member.Actor.Id).Select(u => u.Email).SingleAsync();
        }

        Assert.True((await app.Get<MemberService>().AddMemberAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Member })).IsSuccess);
        Assert.True((await McpAppFixture.CallToolAsync(http, removed, "list_notes", null)).IsOk);

        await using (var db = await app.Database.DbAsync())
        {
            var connection = await db.ApiTokens.IgnoreQueryFilters().SingleAsync(t => t.TenantId == tenant.Id && t.OwnerUserId == tenant.Admin.Actor.Id);
            Assert.True((await app.Get<TokenService>().RevokeAsync(tenant.Owner, connection.Id, "not this app")).IsSuccess);
        }

        await AssertRefusedAsync(revoked, "revoked this app's access");

        var owner = await app.AuthKitTokenAsync(tenant.Owner, organization, Client);
        Assert.True((await McpAppFixture.CallToolAsync(http, owner, "list_notes", null)).IsOk);
        Assert.True((await app.Get<TenantService>().SetStatusAsync(tenant.Id, TenantStatus.Suspended, Actor.System)).IsSuccess);
        await AssertRefusedAsync(owner, "suspended");
    }

    [Fact]
    public async Task Refused_WhileTheTenantDoesNotAllowOAuthClients_AndServedOnceItDoesAgain()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        var oauth = await app.AuthKitTokenAsync(tenant.Member, organization, Client);
        using var http = app.Factory.CreateClient();
        Assert.True((await McpAppFixture.CallToolAsync(http, oauth, "list_notes", null)).IsOk);
        var tenants = app.Get<TenantService>();

        Assert.True((await tenants.UpdateSettingsAsync(tenant.Owner, new TenantSettingsInput { Name = tenant.Tenant.Name, OAuthClientsAllowed = false })).IsSuccess);
        await AssertRefusedAsync(oauth, "does not allow OAuth clients");

        Assert.True((await tenants.UpdateSettingsAsync(tenant.Owner, new TenantSettingsInput { Name = tenant.Tenant.Name, OAuthClientsAllowed = true })).IsSuccess);
        Assert.True((await McpAppFixture.CallToolAsync(http, oauth, "list_notes", null)).IsOk);
    }

    [Fact]
    public async Task TenantsToolList_LimitsEveryOAuthClient_AndAChangeReachesAnOpenClientAtOnce()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        var tenants = app.Get<TenantService>();
        Assert.True((await tenants.UpdateSettingsAsync(tenant.Owner, new TenantSettingsInput { Name = tenant.Tenant.Name, OAuthClientTools = ["list_notes", "create_note"] })).IsSuccess);
        await using var client = await McpAppFixture.ConnectAsync(app.Factory, await app.AuthKitTokenAsync(tenant.Member, organization, Client));

        var tools = await client.ListToolsAsync();
        var created = await client.CallAsync("create_note", new { title = "Allowed" });
        var refused = (await client.CallAsync("get_note", new { uid = created.ContentOf().GetProperty("uid").GetString() })).ErrorOf();

        Assert.Equal(["create_note", "list_notes"], tools.Select(t => t.Name).Order());
        Assert.Equal("forbidden", (string?)refused["error"]);
        Assert.Contains("get_note", (string?)refused["message"]);

        // The list is the tenant's, not the token's: a portal-issued token of the same member sees every tool.
        var issued = (await app.Get<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = "Header", Write = true, ExpiresInDays = 30, Toolset = "all" })).Value!;
        await using (var header = await McpAppFixture.ConnectAsync(app.Factory, issued.Secret))
        {
            Assert.Equal(app.Get<IToolCatalog>().Tools.Count, (await header.ListToolsAsync()).Count);
        }

        // Without a list, OAuth clients are shown the tenant's toolset for them (core unless changed) and may call every tool.
        Assert.True((await tenants.UpdateSettingsAsync(tenant.Owner, new TenantSettingsInput { Name = tenant.Tenant.Name })).IsSuccess);
        var core = TokenAccess.VisibleTools(app.Get<IToolCatalog>(), canWrite: true, allowList: null, Toolset.Core).Select(t => t.Name).Order();
        Assert.Equal(core, (await client.ListToolsAsync()).Select(t => t.Name).Order());
        var got = await client.CallAsync("get_note", new { uid = created.ContentOf().GetProperty("uid").GetString() });
        Assert.Equal("Allowed", got.ContentOf().GetProperty("title").GetString());
    }

    [Fact]
    public async Task TenantsToolset_IsWhatEveryOAuthClientIsShown()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        var tenants = app.Get<TenantService>();
        await using var client = await McpAppFixture.ConnectAsync(app.Factory, await app.AuthKitTokenAsync(tenant.Member, organization, Client));
        Assert.Contains("search", (await client.ListToolsAsync()).Select(t => t.Name));

        Assert.True((await tenants.UpdateSettingsAsync(tenant.Owner, new TenantSettingsInput { Name = tenant.Tenant.Name, OAuthClientToolset = "notes" })).IsSuccess);

        Assert.Equal(
            ["archive_note", "create_note", "delete_note", "get_note", "health_check", "list_notes", "patch_note", "process_note", "update_note"],
            (await client.ListToolsAsync()).Select(t => t.Name).Order());
        Assert.Equal(Toolset.Notes, (await tenants.GetAsync(tenant.Id))!.OAuthClientToolset);
    }

    [Fact]
    public async Task Refused_WithTheValidatorsReasonForATokenOfAnotherResource()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        var elsewhere = app.WorkOs.AuthKitToken(await app.WorkOsUserAsync(tenant.Member), organization, "https://other.example.com/mcp", Client);

        await AssertRefusedAsync(elsewhere, "Resource Indicator");
    }

    [Fact]
    public async Task McpClient_WithOAuth_DiscoversRegistersAuthorizesCallsAndRefreshes()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        app.WorkOs.NextUser = await app.WorkOsUserAsync(tenant.Member);
        app.WorkOs.NextOrganization = organization;
        var registered = app.WorkOs.RegisteredClients.Count;
        var lifetime = app.WorkOs.AccessTokenLifetime;

        // Tokens that the client sees expire at once, so its second call refreshes (the endpoint allows 30 s of skew).
        app.WorkOs.AccessTokenLifetime = TimeSpan.FromSeconds(1);
        try
        {
            using var http = new HttpClient(new PublicAddressHandler(app.Factory.Server.CreateHandler()));
            await using var client = await ConnectWithOAuthAsync(http, new ClientOAuthOptions
            {
                RedirectUri = new Uri("http://127.0.0.1:9/callback"),
                DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "Test connector" },
                AuthorizationCallbackHandler = FollowConsentAsync,
            });

            var tools = await client.ListToolsAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var created = await client.CallAsync("create_note", new { title = "Through the OAuth flow" });

            Assert.Contains(tools, t => t.Name == "create_note");
            Assert.False(created.IsError is true, created.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text);
            Assert.Equal(registered + 1, app.WorkOs.RegisteredClients.Count);
            Assert.True(app.WorkOs.TokenGrants.GetValueOrDefault("refresh_token") >= 1, "the client never refreshed its token");
            var notes = await app.Get<ToolBridge.Data.Notes.NoteService>().ListAsync(tenant.Owner, new ToolBridge.Data.Notes.NoteListQuery());
            Assert.Equal(["Through the OAuth flow"], notes.Value!.Items.Select(n => n.Title));
        }
        finally
        {
            app.WorkOs.AccessTokenLifetime = lifetime;
        }
    }

    [Fact]
    public async Task McpClient_WithATokenHeader_IsServedWithoutAnyOAuthExchange()
    {
        var tenant = await TestTenant.CreateAsync(app.Factory.Services, "Header tenant");
        var token = (await app.Get<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = "Header", Write = true, ExpiresInDays = 30 })).Value!.Secret;
        int OAuthRequests() => app.WorkOs.Requests.Count(r => r.Contains("/oauth2/") || r.Contains("/.well-known/"));
        var before = OAuthRequests();

        await using var client = await McpAppFixture.ConnectAsync(app.Factory, token);
        var tools = await client.ListToolsAsync();
        var created = await client.CallAsync("create_note", new { title = "Through the header" });

        Assert.Contains(tools, t => t.Name == "create_note");
        Assert.False(created.IsError is true);
        Assert.Equal(before, OAuthRequests());
    }

    [Fact]
    public async Task McpClient_RegisteredByItsMetadataDocument_ConnectsUnderItsHost()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        app.WorkOs.NextUser = await app.WorkOsUserAsync(tenant.Member);
        app.WorkOs.NextOrganization = organization;
        using var http = new HttpClient(new PublicAddressHandler(app.Factory.Server.CreateHandler()));

        await using var client = await ConnectWithOAuthAsync(http, new ClientOAuthOptions
        {
            RedirectUri = new Uri(WorkOsDouble.ClientMetadataRedirectUri),
            ClientMetadataDocumentUri = new Uri(WorkOsDouble.ClientMetadataUrl),
            AuthorizationCallbackHandler = FollowConsentAsync,
        });
        var listed = await client.CallAsync("list_notes", new { });

        Assert.False(listed.IsError is true);
        var connection = Assert.Single(await app.Get<TokenService>().ListOAuthClientsAsync(tenant.Owner));
        Assert.Equal((WorkOsDouble.ClientMetadataUrl, "connector.test"), (connection.OAuthClientId, connection.Name));
    }

    private static async Task<McpClient> ConnectWithOAuthAsync(HttpClient http, ClientOAuthOptions oauth) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(OAuthFixture.Resource),
            TransportMode = HttpTransportMode.StreamableHttp,
            OAuth = oauth,
        }, http, ownsHttpClient: false));

    // The browser's part of the consent: AuthKit's authorize page answers with a redirect carrying the code.
    private static async Task<AuthorizationResult?> FollowConsentAsync(AuthorizationCallbackContext context, CancellationToken cancellationToken)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var answer = await browser.GetAsync(context.AuthorizationUri, cancellationToken);
        var location = answer.Headers.Location ?? throw new InvalidOperationException($"authorize answered {(int)answer.StatusCode} without a redirect");
        Assert.StartsWith(context.RedirectUri.ToString(), location.ToString());
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        return new AuthorizationResult { Code = query["code"], State = query["state"], Iss = query["iss"] };
    }

    /// <summary>Requests to the public address go to the app under test; the rest (AuthKit: the double) over the network.</summary>
    private sealed class PublicAddressHandler(HttpMessageHandler app) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly HttpMessageInvoker _app = new(app);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.Host == new Uri(OAuthFixture.PublicBaseUrl).Host ? _app.SendAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);
    }

    private async Task AssertRefusedAsync(string bearer, string because)
    {
        using var http = app.Factory.CreateClient();
        using var response = await McpAppFixture.PostAsync(http, bearer, McpAppFixture.ToolsListRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(because, json.RootElement.GetProperty("error_description").GetString());
    }

    private static List<string?> Titles(ToolReply reply) =>
        reply.Content["items"]!.AsArray().Select(i => (string?)i!["title"]).ToList();
}
