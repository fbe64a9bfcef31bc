using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Portal;

/// <summary>The portal through the real app: the HTML shell, static assets and the sign-in requirement.</summary>
public sealed class PortalEndpointTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Get_RootAnonymous_ServesNoPage()
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/");

        // 401 until a cookie scheme is the default, a redirect to /auth/login once it is: never the page.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Redirect, HttpStatusCode.Found });
        Assert.DoesNotContain("data-interactive", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_RootSignedIn_RendersPortalShellWithMudBlazor()
    {
        var tenant = await fixture.NewTenantAsync($"Shell {Guid.NewGuid():N}");
        var user = (await fixture.Get<UserService>().GetAsync(tenant.Owner.Actor.Id))!;
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString, HeaderAuthentication.Add);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, $"{user.Id}|{user.DisplayName}|{user.Email}");

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>ToolBridge</title>", html);
        Assert.Matches(@"_content/MudBlazor/MudBlazor\.min\.\w+\.css", html);
        Assert.Contains("_framework/blazor.web.js", html);
        Assert.Contains("data-interactive=\"false\"", html);
        Assert.Contains(tenant.Tenant.Name, html);
    }

    [Fact]
    public async Task Get_TenantPageSignedInNonMember_ShowsNotAMember()
    {
        var tenant = await fixture.NewTenantAsync($"Private {Guid.NewGuid():N}");
        var outsider = await fixture.Get<UserService>().EnsureAsync($"outsider-{Guid.NewGuid():N}@example.com");
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString, HeaderAuthentication.Add);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, $"{outsider.Id}|{outsider.DisplayName}|{outsider.Email}");

        var html = await client.GetStringAsync($"/t/{tenant.Tenant.Slug}/members");

        Assert.Contains("You are not a member of this tenant", html);
        Assert.DoesNotContain(tenant.Tenant.Name, html);
    }

    [Fact]
    public async Task Get_MudBlazorAssetsOfTheShell_AreServed()
    {
        var user = await fixture.Get<UserService>().EnsureAsync($"assets-{Guid.NewGuid():N}@example.com");
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString, HeaderAuthentication.Add);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, $"{user.Id}|{user.DisplayName}|{user.Email}");
        var html = await client.GetStringAsync("/");
        var stylesheet = Regex.Match(html, @"_content/MudBlazor/MudBlazor\.min\.\w+\.css").Value;

        using var response = await client.GetAsync("/" + stylesheet);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".mud-", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_UnknownPathSignedIn_AnswersTheAppsNotFoundPage()
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString, HeaderAuthentication.Add);
        using var client = await SignedInClientAsync(app, followRedirects: false);

        using var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html);
        Assert.Contains("data-interactive", html);
        Assert.Contains("<main", html);
    }

    [Fact]
    public async Task Get_UnknownPathAnonymous_AsksToSignInFirst()
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/no/such/page");

        // Like every page: nothing of the portal, not even its "Page not found", before signing in.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Redirect, HttpStatusCode.Found });
        Assert.DoesNotContain("data-interactive", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/health/no-such")]
    [InlineData("/auth/no-such")]
    [InlineData("/mcp/no-such")]
    [InlineData("/metrics/no-such")]
    [InlineData("/.well-known/no-such")]
    [InlineData("/no-such.css")]
    [InlineData("/_content/MudBlazor/no-such.js")]
    [InlineData("/_framework/no-such.js")]
    public async Task Get_UnknownPathOutsideThePages_KeepsItsPlainAnswer(string path)
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString, HeaderAuthentication.Add);
        using var client = await SignedInClientAsync(app, followRedirects: false);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_PageWithDarkThemeCookie_IsDarkBeforeTheCircuitStarts()
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString, HeaderAuthentication.Add);
        using var client = await SignedInClientAsync(app);
        var light = await client.GetStringAsync("/tenants");
        client.DefaultRequestHeaders.Add("Cookie", "tb-theme=dark");

        var dark = await client.GetStringAsync("/tenants");

        Assert.Contains("color-scheme: dark", dark);
        Assert.DoesNotContain("color-scheme: dark", light);
        Assert.NotEqual(ThemeVariable(light, "--mud-palette-background"), ThemeVariable(dark, "--mud-palette-background"));
    }

    [Fact]
    public async Task Get_Favicon_IsLinkedAndServed()
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString, HeaderAuthentication.Add);
        using var client = await SignedInClientAsync(app);
        var html = await client.GetStringAsync("/tenants");
        var icon = Regex.Match(html, @"<link rel=""icon""[^>]*href=""([^""]+)""").Groups[1].Value;

        using var response = await client.GetAsync("/" + icon.TrimStart('/'));

        Assert.NotEqual("", icon);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A client of the app signed in as a new person who belongs to no tenant.</summary>
    private async Task<HttpClient> SignedInClientAsync(ToolBridgeAppFactory app, bool followRedirects = true)
    {
        var user = await fixture.Get<UserService>().EnsureAsync($"someone-{Guid.NewGuid():N}@example.com");
        var client = app.CreateClient(new() { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, $"{user.Id}|{user.DisplayName}|{user.Email}");
        return client;
    }

    /// <summary>The value MudBlazor's theme style gives a CSS variable in the server-rendered page.</summary>
    private static string ThemeVariable(string html, string name) => Regex.Match(html, Regex.Escape(name) + @":\s*([^;]+);").Groups[1].Value;

    /// <summary>A stand-in for the sign-in cookie: <c>X-Test-User: id|name|email</c> gives the same claims.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Header = "X-Test-User";
        private const string SchemeName = "TestHeader";

        public static void Add(IServiceCollection services) =>
            services.AddAuthentication(o => o.DefaultScheme = SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(SchemeName, null);

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].ToString().Split('|') is not [var id, var name, var email])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([
                new Claim(ClaimTypes.NameIdentifier, id),
                new Claim(ClaimTypes.Name, name),
                new Claim(ClaimTypes.Email, email),
            ], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
