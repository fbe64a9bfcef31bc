using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// A token's life as the endpoint sees it (docs/mcp-endpoint.md): every refusal is a 401 that says why, and what the token
/// may do follows its scopes, its allow-list and its owner's current standing, checked on every call.
/// </summary>
public sealed class TokenLifecycleTests(McpAppClockFixture app) : IClassFixture<McpAppClockFixture>
{
    private static readonly string[] ReadOnlyTools =
    [
        "health_check", "search", "fetch",
        "list_notes", "get_note", "list_tasks", "get_task", "list_comments", "get_comment",
        "list_chats", "get_chat", "list_chat_messages", "get_chat_message",
    ];

    [Fact]
    public async Task Post_WithoutAuthorizationHeader_Is401SayingATokenIsRequired()
    {
        var response = await app.PostAsync(null, McpAppFixture.ToolsListRequest);

        await AssertRefusedAsync(response, "bearer token is required");
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==")]
    public async Task Post_WithoutABearerToken_Is401SayingHowToSendOne(string authorization)
    {
        using var http = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(McpAppFixture.ToolsListRequest, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));

        var response = await http.SendAsync(request);

        await AssertRefusedAsync(response, "Bearer <token>");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("tb_tooShort")]
    [InlineData("xx_0123456789012345678901234567890123456789012345678")]
    public async Task Post_WithAMalformedToken_Is401Malformed(string secret)
    {
        var response = await app.PostAsync(secret, McpAppFixture.ToolsListRequest);

        await AssertRefusedAsync(response, "malformed");
    }

    [Fact]
    public async Task Post_WithOneCharacterOfARealSecretChanged_Is401BadChecksum()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var chars = issued.Secret.ToCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        var mistyped = new string(chars);

        var response = await app.PostAsync(mistyped, McpAppFixture.ToolsListRequest);

        await AssertRefusedAsync(response, "checksum");
    }

    [Fact]
    public async Task Post_WithAWellFormedSecretNeverIssued_Is401NotRecognised()
    {
        var secret = TokenSecret.Generate();

        var response = await app.PostAsync(secret, McpAppFixture.ToolsListRequest);

        await AssertRefusedAsync(response, "not recognised");
    }

    [Fact]
    public async Task Post_AfterTheTokenExpires_Is401Expired()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, days: 7);
        await AssertAcceptedAsync(issued.Secret);

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        var response = await app.PostAsync(issued.Secret, McpAppFixture.ToolsListRequest);

        await AssertRefusedAsync(response, "expired");
    }

    [Fact]
    public async Task Post_AfterTheTokenIsRevoked_Is401Revoked()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        await AssertAcceptedAsync(issued.Secret);

        var revoked = await app.Get<TokenService>().RevokeAsync(tenant.Member, issued.Token.Id, "leaked");
        var response = await app.PostAsync(issued.Secret, McpAppFixture.ToolsListRequest);

        Assert.True(revoked.IsSuccess, revoked.ToString());
        await AssertRefusedAsync(response, "revoked");
    }

    [Fact]
    public async Task Rotate_WithAGraceWindow_BothSecretsWorkUntilTheWindowEnds()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        await AssertAcceptedAsync(issued.Secret);

        var rotated = await app.Get<TokenService>().RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1));

        Assert.True(rotated.IsSuccess, rotated.ToString());
        var newSecret = rotated.Value!.Secret;
        Assert.NotEqual(issued.Secret, newSecret);
        await AssertAcceptedAsync(issued.Secret);
        await AssertAcceptedAsync(newSecret);
    }

    [Fact]
    public async Task Rotate_AfterTheGraceWindow_PreviousSecretIs401AndNewSecretWorks()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var rotated = await app.Get<TokenService>().RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1));
        Assert.True(rotated.IsSuccess, rotated.ToString());
        await AssertAcceptedAsync(issued.Secret);

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var previous = await app.PostAsync(issued.Secret, McpAppFixture.ToolsListRequest);

        await AssertRefusedAsync(previous, "rotation");
        await AssertAcceptedAsync(rotated.Value!.Secret);
    }

    [Fact]
    public async Task Post_WhileTheTenantIsSuspended_Is401AndWorksAgainOnceReactivated()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var tenants = app.Get<TenantService>();
        await AssertAcceptedAsync(issued.Secret);

        Assert.True((await tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, Actor.System)).IsSuccess);
        var whileSuspended = await app.PostAsync(issued.Secret, McpAppFixture.ToolsListRequest);
        Assert.True((await tenants.SetStatusAsync(tenant.Id, TenantStatus.Active, Actor.System)).IsSuccess);

        await AssertRefusedAsync(whileSuspended, "suspended");
        await AssertAcceptedAsync(issued.Secret);
    }

    [Fact]
    public async Task Post_AfterTheTokensOwnerIsRemovedFromTheTenant_Is401AsRevoked()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        await AssertAcceptedAsync(issued.Secret);

        var removed = await app.Get<MemberService>().RemoveMemberAsync(tenant.Owner, tenant.Member.Actor.Id);
        var response = await app.PostAsync(issued.Secret, McpAppFixture.ToolsListRequest);

        Assert.True(removed.IsSuccess, removed.ToString());
        await AssertRefusedAsync(response, "was revoked");
    }

    [Fact]
    public async Task WriteToken_AfterItsOwnerIsDemotedToViewer_OnlyReads()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, write: true);
        await using (var before = await app.ConnectAsync(issued.Secret))
        {
            Assert.Equal(app.Get<IToolCatalog>().Tools.Count, (await before.ListToolsAsync()).Count);
        }

        var demoted = await app.Get<MemberService>().ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Viewer);
        await using var client = await app.ConnectAsync(issued.Secret);
        var tools = await client.ListToolsAsync();
        var create = await client.CallAsync("create_note", new { title = "Written by a viewer" });
        var list = await client.CallAsync("list_notes");
        var health = await client.CallAsync("health_check");

        Assert.True(demoted.IsSuccess, demoted.ToString());
        Assert.Equal(ReadOnlyTools.Order(), tools.Select(t => t.Name).Order());
        Assert.Equal("forbidden", create.ErrorOf()["error"]!.GetValue<string>());
        Assert.Empty(list.ContentOf().GetProperty("items").EnumerateArray());
        Assert.Equal(["read"], Scopes(health.ContentOf()));
    }

    [Fact]
    public async Task ReadOnlyToken_ListsExactlyTheReadOnlyToolsAndCannotWrite()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, write: false);
        await using var client = await app.ConnectAsync(issued.Secret);

        var tools = await client.ListToolsAsync();
        var create = await client.CallAsync("create_note", new { title = "Written with a read token" });
        var list = await client.CallAsync("list_notes");

        Assert.Equal(13, ReadOnlyTools.Length);
        Assert.All(tools, t => Assert.True(t.Name.StartsWith("list_") || t.Name.StartsWith("get_") || t.Name is "health_check" or "search" or "fetch", t.Name));
        Assert.Equal(ReadOnlyTools.Order(), tools.Select(t => t.Name).Order());
        var error = create.ErrorOf();
        Assert.Equal("forbidden", error["error"]!.GetValue<string>());
        Assert.Contains("write scope", error["message"]!.GetValue<string>());
        Assert.Empty(list.ContentOf().GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AllowListToken_ListsAndCallsOnlyItsTools()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, tools: ["list_notes", "create_note"]);
        await using var client = await app.ConnectAsync(issued.Secret);

        var tools = await client.ListToolsAsync();
        var created = await client.CallAsync("create_note", new { title = "Allowed" });
        var uid = created.ContentOf().GetProperty("uid").GetString();
        var get = await client.CallAsync("get_note", new { uid });
        var list = await client.CallAsync("list_notes");

        Assert.Equal(["create_note", "list_notes"], tools.Select(t => t.Name).Order());
        var error = get.ErrorOf();
        Assert.Equal("forbidden", error["error"]!.GetValue<string>());
        Assert.Contains("get_note", error["message"]!.GetValue<string>());
        Assert.Contains("tool list", error["message"]!.GetValue<string>());
        Assert.Equal(uid, Assert.Single(list.ContentOf().GetProperty("items").EnumerateArray()).GetProperty("uid").GetString());
    }

    [Theory]
    [InlineData(true, new[] { "read", "write" })]
    [InlineData(false, new[] { "read" })]
    public async Task HealthCheck_ReportsTheTokenTheTenantAndTheScopes(bool write, string[] scopes)
    {
        var tenant = await app.NewTenantAsync($"Health tenant {Guid.NewGuid():N}");
        var name = $"Health token {Guid.NewGuid():N}";
        var issued = await app.IssueAsync(tenant.Member, write, name: name);
        await using var client = await app.ConnectAsync(issued.Secret);

        var report = (await client.CallAsync("health_check")).ContentOf();

        Assert.Equal("ok", report.GetProperty("status").GetString());
        Assert.Equal(name, report.GetProperty("token").GetString());
        Assert.Equal(tenant.Tenant.Name, report.GetProperty("tenant").GetString());
        Assert.Equal(scopes, Scopes(report));
    }

    private async Task AssertAcceptedAsync(string secret)
    {
        var response = await app.PostAsync(secret, McpAppFixture.ToolsListRequest);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync())}");
    }

    /// <summary>401, a Bearer challenge naming the reason, a JSON body with the same reason, and nothing else.</summary>
    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"expected 401, got {(int)response.StatusCode}: {Shorten(body)}");

        var challenge = Assert.Single(response.Headers.GetValues("WWW-Authenticate"));
        Assert.StartsWith("Bearer ", challenge);
        Assert.Contains("realm=\"ToolBridge\"", challenge);
        Assert.Contains("error=\"invalid_token\"", challenge);
        var description = Regex.Match(challenge, "error_description=\"([^\"]*)\"");
        Assert.True(description.Success, challenge);
        Assert.Contains(reason, description.Groups[1].Value, StringComparison.OrdinalIgnoreCase);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["error", "error_description"], json.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("invalid_token", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(description.Groups[1].Value, json.RootElement.GetProperty("error_description").GetString());
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private static string[] Scopes(JsonElement report) =>
        report.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray();
}
