using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Web;

/// <summary>
/// Who is calling is in the log scope of everything a request logs: the tenant and token of an MCP call (and the tool
/// while it runs), the user of a portal request.
/// </summary>
public sealed class LogScopeTests : IAsyncLifetime
{
    private const string EndpointCategory = "Microsoft.AspNetCore.Routing.EndpointMiddleware";
    private readonly DatabaseFixture _database = new();
    private readonly LogCapture _logs = new();
    private WorkOsDouble _workOs = null!;
    private ToolBridgeAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _workOs = await WorkOsDouble.StartAsync();
        var settings = _workOs.AppSettings;

        // "Executing endpoint …" is logged inside the request, after sign-in is known: a line every request has.
        settings[$"Logging:LogLevel:{EndpointCategory}"] = "Information";
        _app = new ToolBridgeAppFactory(_database.ConnectionString, services => services.AddSingleton<ILoggerProvider>(_logs), settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _workOs.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task PortalRequest_SignedIn_LogsUnderTheUsersId()
    {
        var email = $"scoped-{Guid.NewGuid():N}@example.com";
        _workOs.NextUser = (string)_workOs.AddUser(email, "Scoped", "Person")["id"]!;
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        await SignInAsync(browser);
        var user = await _app.Services.GetRequiredService<UserService>().FindByEmailAsync(email);

        using var page = await browser.GetAsync("/tenants");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(_logs.Entries, e => e.Category == EndpointCategory
                                            && Equals(e.ScopeValues.GetValueOrDefault("RequestPath"), "/tenants")
                                            && Equals(e.ScopeValues.GetValueOrDefault("UserId"), user!.Id.ToString()));
    }

    [Fact]
    public async Task McpCall_LogsUnderTenantAndTokenAndTheToolUnderItsName()
    {
        var tenant = await TestTenant.CreateAsync(_app.Services, "Scoped MCP");
        var issued = (await _app.Services.GetRequiredService<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = "s", Write = true, ExpiresInDays = 1 })).Value!;
        await using (var client = await McpAppFixture.ConnectAsync(_app, issued.Secret))
        {
            await client.CallAsync("create_note", new { title = "Scoped" });
        }

        var call = Assert.Single(_logs.Entries, e => e.Category == "ToolBridge.Mcp.Calls" && Equals(e.Values.GetValueOrDefault("TokenId"), issued.Token.Id));
        Assert.Equal(tenant.Id, call.ScopeValues["TenantId"]);
        Assert.Equal(issued.Token.Id, call.ScopeValues["TokenId"]);
        Assert.Equal("create_note", call.ScopeValues["Tool"]);
        Assert.Contains(_logs.Entries, e => e.Category == EndpointCategory && Equals(e.ScopeValues.GetValueOrDefault("TokenId"), issued.Token.Id));
        Assert.DoesNotContain(_logs.Entries, e => e.ScopeValues.Values.Any(v => v is string s && s.Contains(issued.Secret)));
    }

    private async Task SignInAsync(HttpClient browser)
    {
        using var login = await browser.GetAsync("/auth/login?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var workOs = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorized = await workOs.GetAsync(login.Headers.Location!);
        using var callback = await browser.GetAsync(authorized.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
    }
}
