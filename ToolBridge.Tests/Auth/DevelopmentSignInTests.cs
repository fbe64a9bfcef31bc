using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Auth;

/// <summary>In Development without WorkOS settings, a local "sign in as" page replaces WorkOS (docs/configuration.md, "Sign-in with WorkOS").</summary>
public sealed partial class DevelopmentSignInTests : IAsyncLifetime
{
    private ToolBridgeAppFactory _app = null!;

    /// <summary>The client address the app sees (the in-memory server has none of its own).</summary>
    private IPAddress _remote = IPAddress.Loopback;

    public async Task InitializeAsync()
    {
        // Development migrates and seeds at start-up: it gets a database of its own.
        var connectionString = DatabaseFixture.NewDatabaseConnectionString("tb_devsignin");
        _app = new ToolBridgeAppFactory(connectionString, services => services.AddSingleton<IStartupFilter>(new RemoteAddress(() => _remote)),
            settings: new Dictionary<string, string?>(), environment: "Development");
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

    [Theory]
    [InlineData("10.0.0.7")]
    [InlineData("203.0.113.9")]
    [InlineData("::ffff:192.0.2.1")]
    public async Task DevSignIn_FromAnotherMachine_IsNotOffered(string address)
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var html = await (await browser.GetAsync("/auth/dev")).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        _remote = IPAddress.Parse(address);

        var page = await browser.GetAsync("/auth/dev");
        var signIn = await browser.PostAsync("/auth/dev", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = "alice@example.com",
        }));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(".ToolBridge.Session="));
    }

    [Fact]
    public async Task HttpsResponses_InDevelopment_CarryNoStrictTransportSecurity()
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        using var response = await browser.GetAsync("/auth/login");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>Sets the connection's client address as Kestrel would.</summary>
    private sealed class RemoteAddress(Func<IPAddress> address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address();
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
