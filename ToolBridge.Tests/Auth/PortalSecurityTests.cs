using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Auth;

/// <summary>
/// docs/security.md: security headers on every response, Data Protection keys shared through PostgreSQL (read and
/// written through the context factory: the container hands out no context).
/// </summary>
public sealed class PortalSecurityTests(SignInFixture app) : IClassFixture<SignInFixture>
{
    [Theory]
    [InlineData("/auth/login")]
    [InlineData("/health/live")]
    [InlineData("/")]
    public async Task Responses_CarryTheSecurityHeaders(string path)
    {
        using var browser = app.Browser();

        using var response = await browser.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains($"form-action 'self' {new Uri(app.WorkOs.BaseUrl).GetLeftPart(UriPartial.Authority)}", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("/auth/login")]
    [InlineData("/health/live")]
    public async Task HttpsResponses_OutsideDevelopment_CarryStrictTransportSecurity(string path)
    {
        using var browser = app.Browser();

        using var response = await browser.GetAsync(path);

        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        Assert.Matches(@"^max-age=\d{7,}", hsts);
        Assert.True(long.Parse(hsts["max-age=".Length..].Split(';')[0]) >= 31536000 / 2);
    }

    [Fact]
    public async Task HttpResponses_CarryNoStrictTransportSecurity()
    {
        using var browser = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });

        using var response = await browser.GetAsync("/health/live");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task SessionCookie_IssuedByOneInstance_IsAcceptedByAnotherOnTheSameDatabase()
    {
        var person = app.WorkOs.AddUser($"two-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        using var first = app.Browser();
        var callback = await app.SignInAsync(first);
        var cookie = callback.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".ToolBridge.Session=")).Split(';')[0];
        await using var other = new ToolBridgeAppFactory(app.ConnectionString, settings: app.WorkOs.AppSettings);
        using var second = other.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });

        var user = await app.UserAsync((string)person["email"]!);
        using var logout = await second.SendAsync(SignInFixture.LogoutRequest(other.Services, cookie, user!.Id));

        // Only a session the second instance can read carries the WorkOS session id to end.
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith($"{app.WorkOs.BaseUrl}/user_management/sessions/logout", logout.Headers.Location!.ToString());
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var keys = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys", connection);
        Assert.True((long)(await keys.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task DataProtectionKeys_OfOneInstance_UnprotectOnAnotherOnTheSameDatabase()
    {
        var protectedByFirst = app.Get<IDataProtectionProvider>().CreateProtector("PortalSecurityTests").Protect("shared");
        var firstKeys = app.Get<IKeyManager>().GetAllKeys().Select(k => k.KeyId).ToHashSet();
        await using var other = new ToolBridgeAppFactory(app.ConnectionString, settings: app.WorkOs.AppSettings);

        var unprotected = other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("PortalSecurityTests").Unprotect(protectedByFirst);

        Assert.Equal("shared", unprotected);
        Assert.Subset(other.Services.GetRequiredService<IKeyManager>().GetAllKeys().Select(k => k.KeyId).ToHashSet(), firstKeys);
    }

    [Fact]
    public void Container_HandsOutNoDbContext()
    {
        using var scope = app.Factory.Services.CreateScope();

        Assert.Null(scope.ServiceProvider.GetService<ToolBridgeDbContext>());
        Assert.Null(app.Factory.Services.GetService<ToolBridgeDbContext>());
        Assert.NotNull(scope.ServiceProvider.GetService<IDbContextFactory<ToolBridgeDbContext>>());
    }
}
