using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Auth;

/// <summary>In Development without WorkOS settings, a local "sign in as" page replaces WorkOS (portal.md §1).</summary>
public sealed partial class DevelopmentSignInTests : IAsyncLifetime
{
    private ToolBridgeAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        // Development migrates and seeds at start-up: it gets a database of its own.
        var connectionString = DatabaseFixture.NewDatabaseConnectionString("tb_devsignin");
        _app = new ToolBridgeAppFactory(connectionString, settings: new Dictionary<string, string?>(), environment: "Development");
        _ = _app.Server;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Login_WithoutWorkOs_OffersTheSeededUsersAndSignsInAsTheChosenOne()
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var login = await browser.GetAsync("/auth/login?returnUrl=/tenants");
        var page = await browser.GetAsync(login.Headers.Location!.OriginalString);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        var signIn = await browser.PostAsync("/auth/dev", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = "carol@example.com",
            ["returnUrl"] = "/tenants",
        }));
        var tenants = await browser.GetAsync("/tenants");

        Assert.Equal("/auth/dev?returnUrl=%2Ftenants", login.Headers.Location!.OriginalString);
        Assert.Contains("alice@example.com", html);
        Assert.Contains("dave@example.com", html);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/tenants", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, tenants.StatusCode);
        Assert.Contains("Acme Demo", await tenants.Content.ReadAsStringAsync());
        Assert.NotNull((await _app.Services.GetRequiredService<UserService>().FindByEmailAsync("carol@example.com"))!.LastSignInAt);
    }

    [Fact]
    public async Task DevSignIn_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var signIn = await browser.PostAsync("/auth/dev", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "alice@example.com" }));

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(".ToolBridge.Session="));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
