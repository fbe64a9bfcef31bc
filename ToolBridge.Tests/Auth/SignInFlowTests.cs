using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Auth;

namespace ToolBridge.Tests.Auth;

/// <summary>Sign-in with WorkOS (docs/architecture.md, "Sign-in") against the WorkOS double: the real client, the real endpoints.</summary>
public sealed class SignInFlowTests(SignInFixture app) : IClassFixture<SignInFixture>
{
    [Fact]
    public async Task Login_RedirectsToAuthKitWithStateAndAPkceS256Challenge()
    {
        using var browser = app.Browser();

        var login = await browser.GetAsync("/auth/login?returnUrl=/tenants");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var location = login.Headers.Location!;
        Assert.StartsWith($"{app.WorkOs.BaseUrl}/user_management/authorize?", location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(WorkOsDouble.ClientId, query["client_id"]);
        Assert.Equal("https://localhost/auth/callback", query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("authkit", query["provider"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.True(query["state"].ToString().Length >= 32);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".ToolBridge.SignIn="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(query["state"].ToString(), cookie);
    }

    [Fact]
    public async Task Callback_NewUser_IsCreatedSignedInAndSentToTheReturnUrl()
    {
        var person = app.WorkOs.AddUser($"new-{Guid.NewGuid():N}@example.com", "Nadia", "Novak");
        app.WorkOs.NextUser = (string)person["id"]!;
        using var browser = app.Browser();

        var callback = await app.SignInAsync(browser, "/tenants");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/tenants", callback.Headers.Location!.OriginalString);
        var session = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".ToolBridge.Session="));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        var user = await app.UserAsync((string)person["email"]!);
        Assert.NotNull(user);
        Assert.Equal((string)person["id"]!, user.WorkOsUserId);
        Assert.Equal("Nadia Novak", user.DisplayName);
        Assert.NotNull(user.LastSignInAt);
    }

    [Fact]
    public async Task Callback_ReturningUser_IsTheSameUserWithWorkOsDetailsRefreshed()
    {
        var person = app.WorkOs.AddUser($"back-{Guid.NewGuid():N}@example.com", "Old", "Name");
        app.WorkOs.NextUser = (string)person["id"]!;
        using (var first = app.Browser())
        {
            await app.SignInAsync(first);
        }

        var before = await app.UserAsync((string)person["email"]!);
        person["first_name"] = "New";

        using var second = app.Browser();
        var callback = await app.SignInAsync(second);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var after = await app.UserAsync((string)person["email"]!);
        Assert.Equal(before!.Id, after!.Id);
        Assert.Equal("New Name", after.DisplayName);
        Assert.True(after.LastSignInAt > before.LastSignInAt);
    }

    [Fact]
    public async Task Callback_PersonAddedByEmailBefore_SignsInAsThatUserWithTheMembership()
    {
        var email = $"invited-{Guid.NewGuid():N}@example.com";
        var tenant = await TestTenant.CreateAsync(app.Factory.Services, "Invited Co");
        Assert.True((await app.Get<MemberService>().AddMemberAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Member })).IsSuccess);
        var pending = await app.UserAsync(email);
        var person = app.WorkOs.AddUser(email);
        app.WorkOs.NextUser = (string)person["id"]!;

        using var browser = app.Browser();
        await app.SignInAsync(browser);

        var user = await app.UserAsync(email);
        Assert.Equal(pending!.Id, user!.Id);
        Assert.Equal((string)person["id"]!, user.WorkOsUserId);
        Assert.Contains(await app.Get<TenantService>().ListForUserAsync(user.Id), t => t.Tenant.Id == tenant.Id);
    }

    [Fact]
    public async Task Callback_UnverifiedEmailOfAPersonAddedByEmail_IsRefusedAndLinksNobody()
    {
        var email = $"unverified-{Guid.NewGuid():N}@example.com";
        var tenant = await TestTenant.CreateAsync(app.Factory.Services, "Unverified Co");
        Assert.True((await app.Get<MemberService>().AddMemberAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Member })).IsSuccess);
        var person = app.WorkOs.AddUser(email, emailVerified: false);
        app.WorkOs.NextUser = (string)person["id"]!;
        using var browser = app.Browser();

        var callback = await app.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        var html = await callback.Content.ReadAsStringAsync();
        Assert.Contains("Verify your email", html);
        Assert.Contains("sign in again", html);
        Assert.False(callback.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".ToolBridge.Session=")));
        var pending = await app.UserAsync(email);
        Assert.Null(pending!.WorkOsUserId);
        Assert.Null(pending.LastSignInAt);
    }

    [Fact]
    public async Task Callback_UnverifiedEmailListedAsPlatformAdmin_SignsNobodyIn()
    {
        var person = app.WorkOs.AddUser(SignInFixture.PlatformAdmin, emailVerified: false);
        app.WorkOs.NextUser = (string)person["id"]!;
        using var browser = app.Browser();

        var callback = await app.SignInAsync(browser, "/tenants");

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.False(callback.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".ToolBridge.Session=")));
        Assert.Null(await app.UserAsync(SignInFixture.PlatformAdmin));
    }

    [Fact]
    public async Task Callback_SyncsMembershipsOfLinkedTenants_AddingAndRemoving()
    {
        var person = app.WorkOs.AddUser($"sync-{Guid.NewGuid():N}@example.com");
        var userId = (string)person["id"]!;
        app.WorkOs.NextUser = userId;
        var tenants = app.Get<TenantService>();
        var linked = new List<TestTenant>();
        for (var i = 0; i < 3; i++)
        {
            linked.Add(await TestTenant.CreateAsync(app.Factory.Services, $"Linked {i}", $"org_{Guid.NewGuid():N}"));
        }

        var orgs = new List<string>();
        foreach (var tenant in linked)
        {
            orgs.Add((await tenants.GetAsync(tenant.Id))!.WorkOsOrganizationId!);
        }

        var asAdmin = app.WorkOs.AddMembership(userId, orgs[0], "admin");
        app.WorkOs.AddMembership(userId, orgs[1]);
        app.WorkOs.AddMembership(userId, orgs[2]);

        using (var browser = app.Browser())
        {
            await app.SignInAsync(browser);
        }

        var local = await app.UserAsync((string)person["email"]!);
        var first = (await tenants.ListForUserAsync(local!.Id)).ToDictionary(t => t.Tenant.Id, t => t.Role);
        app.WorkOs.Memberships.TryRemove(asAdmin, out _);
        using (var browser = app.Browser())
        {
            await app.SignInAsync(browser);
        }

        var second = (await tenants.ListForUserAsync(local.Id)).ToDictionary(t => t.Tenant.Id, t => t.Role);
        Assert.Equal(MemberRole.Admin, first[linked[0].Id]);
        Assert.Equal(MemberRole.Member, first[linked[1].Id]);
        Assert.Equal(MemberRole.Member, first[linked[2].Id]);
        Assert.False(second.ContainsKey(linked[0].Id));
        Assert.Equal(2, second.Count);
        var audit = await AuditActionsAsync(linked[0].Id);
        Assert.Contains("member.remove", audit);
    }

    [Fact]
    public async Task Callback_WorkOsError_ShowsAFriendlyPageAndSignsNobodyIn()
    {
        app.WorkOs.NextAuthorizeError = ("access_denied", "The user cancelled the sign-in.");
        try
        {
            using var browser = app.Browser();

            var callback = await app.SignInAsync(browser);

            Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
            Assert.Equal("text/html", callback.Content.Headers.ContentType!.MediaType);
            Assert.Contains("The user cancelled the sign-in.", await callback.Content.ReadAsStringAsync());
            Assert.False(callback.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".ToolBridge.Session=") && !c.Contains("expires=Thu, 01 Jan 1970")));
        }
        finally
        {
            app.WorkOs.NextAuthorizeError = null;
        }
    }

    [Fact]
    public async Task Callback_ForgedErrorLink_ShowsOnlyAGenericMessage()
    {
        using var browser = app.Browser();

        var callback = await browser.GetAsync("/auth/callback?error=access_denied&error_description=" + Uri.EscapeDataString("Your account is locked. Call +1 555 0100 to unlock it."));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        var html = await callback.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Call +1 555 0100", html);
        Assert.DoesNotContain("locked", html);
        Assert.Contains("Sign-in did not complete", html);
    }

    [Fact]
    public async Task Callback_ErrorWithAStateOfAnotherSignIn_ShowsOnlyAGenericMessage()
    {
        using var browser = app.Browser();
        await browser.GetAsync("/auth/login");

        var callback = await browser.GetAsync("/auth/callback?state=forged&error=access_denied&error_description=" + Uri.EscapeDataString("Call +1 555 0100 now."));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.DoesNotContain("Call +1 555 0100", await callback.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Callback_WithoutTheBrowsersStateCookie_IsRefused()
    {
        var person = app.WorkOs.AddUser($"nostate-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        using var victim = app.Browser();
        var login = await victim.GetAsync("/auth/login");
        var callback = await app.FollowToCallbackAsync(login.Headers.Location!);
        using var attacker = app.Browser();

        var response = await attacker.GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Sign-in expired", await response.Content.ReadAsStringAsync());
        Assert.Null(await app.UserAsync((string)person["email"]!));
    }

    [Fact]
    public async Task Callback_WithAStateThatDoesNotMatch_IsRefused()
    {
        var person = app.WorkOs.AddUser($"badstate-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        using var browser = app.Browser();
        var login = await browser.GetAsync("/auth/login");
        var callback = await app.FollowToCallbackAsync(login.Headers.Location!);
        var query = QueryHelpers.ParseQuery(callback.Query);

        var response = await browser.GetAsync($"/auth/callback?code={query["code"]}&state=forged");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await app.UserAsync((string)person["email"]!));
    }

    [Fact]
    public async Task Callback_ReplayedCode_IsRefusedByWorkOsAndShownAsAFriendlyPage()
    {
        var person = app.WorkOs.AddUser($"replay-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        using var browser = app.Browser();
        var login = await browser.GetAsync("/auth/login");
        var callback = await app.FollowToCallbackAsync(login.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(callback.PathAndQuery)).StatusCode);
        var oldCode = QueryHelpers.ParseQuery(callback.Query)["code"];
        var secondLogin = await browser.GetAsync("/auth/login");
        var state = QueryHelpers.ParseQuery(secondLogin.Headers.Location!.Query)["state"];

        var replay = await browser.GetAsync($"/auth/callback?code={oldCode}&state={state}");

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("did not accept this sign-in", await replay.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("foreign key")]
    [InlineData("wrong issuer")]
    public async Task Callback_AccessTokenThatDoesNotVerify_IsRefused(string problem)
    {
        var person = app.WorkOs.AddUser($"badtoken-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        switch (problem)
        {
            case "expired": app.WorkOs.AccessTokenLifetime = TimeSpan.FromMinutes(-10); break;
            case "foreign key": app.WorkOs.SignWithForeignKey = true; break;
            case "wrong issuer": app.WorkOs.AccessTokenIssuer = "https://evil.example"; break;
        }

        try
        {
            using var browser = app.Browser();

            var callback = await app.SignInAsync(browser);

            Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
            Assert.Contains("could not be verified", await callback.Content.ReadAsStringAsync());
            Assert.Null(await app.UserAsync((string)person["email"]!));
        }
        finally
        {
            app.WorkOs.AccessTokenLifetime = TimeSpan.FromMinutes(5);
            app.WorkOs.SignWithForeignKey = false;
            app.WorkOs.AccessTokenIssuer = null;
        }
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example/steal")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\t/evil.example/steal")]
    [InlineData("/\r/evil.example/steal")]
    [InlineData("/\n/evil.example/steal")]
    [InlineData("/ok\u0000/evil")]
    public async Task Login_ReturnUrlToAnotherSite_EndsOnTheHomePage(string returnUrl)
    {
        var person = app.WorkOs.AddUser($"redirect-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        using var browser = app.Browser();

        var callback = await app.SignInAsync(browser, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logout_PostWithTheAntiforgeryToken_ClearsTheCookieAndEndsTheWorkOsSession()
    {
        var (cookie, user) = await SignedInAsync("logout");
        using var client = Plain();

        using var logout = await client.SendAsync(SignInFixture.LogoutRequest(app.Factory.Services, cookie, user.Id));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var location = logout.Headers.Location!;
        Assert.StartsWith($"{app.WorkOs.BaseUrl}/user_management/sessions/logout?", location.ToString());
        Assert.StartsWith("session_", QueryHelpers.ParseQuery(location.Query)["session_id"].ToString());
        Assert.Contains(logout.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".ToolBridge.Session=;") && c.Contains("expires=Thu, 01 Jan 1970"));
    }

    [Fact]
    public async Task Logout_Get_IsNotAllowedAndLeavesTheUserSignedIn()
    {
        var (cookie, _) = await SignedInAsync("logoutget");
        using var client = Plain();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/logout");
        request.Headers.Add("Cookie", cookie);

        using var logout = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, logout.StatusCode);
        Assert.False(logout.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".ToolBridge.Session=")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusWithCookieAsync(cookie));
    }

    [Fact]
    public async Task Logout_PostWithoutTheAntiforgeryToken_IsRefusedAndLeavesTheUserSignedIn()
    {
        var (cookie, user) = await SignedInAsync("logoutcsrf");
        using var client = Plain();

        using var logout = await client.SendAsync(SignInFixture.LogoutRequest(app.Factory.Services, cookie, user.Id, withToken: false));

        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.False(logout.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".ToolBridge.Session=")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusWithCookieAsync(cookie));
    }

    [Fact]
    public async Task SessionCookie_ReplayedAfterLogout_IsRefused()
    {
        var (cookie, user) = await SignedInAsync("replaycookie");
        Assert.Equal(HttpStatusCode.NotFound, await StatusWithCookieAsync(cookie));
        using var client = Plain();
        using var logout = await client.SendAsync(SignInFixture.LogoutRequest(app.Factory.Services, cookie, user.Id));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var replayed = await StatusWithCookieAsync(cookie);

        Assert.Equal(HttpStatusCode.Redirect, replayed);
    }

    [Fact]
    public async Task SessionCookie_WhoseSessionExpired_IsRefused()
    {
        var (cookie, user) = await SignedInAsync("expired");
        Assert.Equal(HttpStatusCode.NotFound, await StatusWithCookieAsync(cookie));
        await using var db = await app.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateDbContextAsync();
        await db.PortalSessions.Where(s => s.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));

        var status = await StatusWithCookieAsync(cookie);

        Assert.Equal(HttpStatusCode.Redirect, status);
    }

    [Fact]
    public async Task SessionCookie_UsedWithLessThanHalfItsLifetimeLeft_ExtendsTheSession()
    {
        var (cookie, user) = await SignedInAsync("sliding");
        await using var db = await app.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateDbContextAsync();
        var session = db.PortalSessions.Where(s => s.UserId == user.Id);
        var signedInFor = (await session.SingleAsync()).ExpiresAt - DateTimeOffset.UtcNow;
        await session.ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal(HttpStatusCode.NotFound, await StatusWithCookieAsync(cookie));

        Assert.InRange(signedInFor, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8));
        Assert.True((await session.AsNoTracking().SingleAsync()).ExpiresAt > DateTimeOffset.UtcNow.AddHours(7.9));
    }

    [Fact]
    public async Task OpenPage_SessionSignedOutElsewhere_IsSignedOutAtTheNextRevalidation()
    {
        var (cookie, user) = await SignedInAsync("circuit");
        var cookieOptions = app.Get<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var principal = cookieOptions.TicketDataFormat.Unprotect(cookie[(cookie.IndexOf('=') + 1)..])!.Principal;
        await using var circuit = app.Factory.Services.CreateAsyncScope();
        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        Assert.IsType<PortalAuthenticationStateProvider>(provider);
        var signedOut = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true)
            {
                signedOut.TrySetResult(await state);
            }
        };
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(signedOut.Task.IsCompleted, "the session is active: the page stays signed in");

        using var client = Plain();
        using var logout = await client.SendAsync(SignInFixture.LogoutRequest(app.Factory.Services, cookie, user.Id));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var state = await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(state.User.Identity?.IsAuthenticated);
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task SignIn_LogsNoKeyCodeOrToken()
    {
        var person = app.WorkOs.AddUser($"quiet-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        app.WorkOs.FailNext("/user_management/organization_memberships", 503);
        using var browser = app.Browser();
        var login = await browser.GetAsync("/auth/login");
        var callback = await app.FollowToCallbackAsync(login.Headers.Location!);
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(callback.PathAndQuery)).StatusCode);

        var logged = string.Join("\n", app.Logs.Entries.Select(e => e.Message + " " + e.Exception));
        Assert.Contains("organization_memberships", logged);
        Assert.DoesNotContain(WorkOsDouble.ApiKey, logged);
        Assert.DoesNotContain(code, logged);
        Assert.DoesNotContain("eyJ", logged);
        Assert.DoesNotContain("refresh_", logged);
    }

    [Fact]
    public async Task DevelopmentSignIn_IsNotAvailableOutsideDevelopment()
    {
        using var browser = app.Browser();

        var page = await browser.GetAsync("/auth/dev");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    /// <summary>Signs a new person in; returns the session cookie and the local user.</summary>
    private async Task<(string Cookie, UserItem User)> SignedInAsync(string prefix)
    {
        var person = app.WorkOs.AddUser($"{prefix}-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        using var browser = app.Browser();
        var callback = await app.SignInAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return (SignInFixture.SessionCookie(callback), (await app.UserAsync((string)person["email"]!))!);
    }

    /// <summary>A client that sends only the cookies a test puts on a request.</summary>
    private HttpClient Plain() => app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = false,
    });

    /// <summary>
    /// The status of a signed-in-only endpoint with this cookie: 404 (no such tenant) when the cookie signs someone in,
    /// a redirect to the sign-in when it does not.
    /// </summary>
    private async Task<HttpStatusCode> StatusWithCookieAsync(string cookie)
    {
        using var client = Plain();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/no-such-{Guid.NewGuid():N}/activity.csv");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Contains("/auth/login", response.Headers.Location!.ToString());
        }

        return response.StatusCode;
    }

    private async Task<List<string>> AuditActionsAsync(Guid tenantId)
    {
        await using var db = await app.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();
        return await db.AuditEvents.Where(e => e.TenantId == tenantId).Select(e => e.Action).ToListAsync();
    }
}
