using System.Net;
using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Portal.Activity;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Auth;

/// <summary>
/// The portal's whole HTTP surface, enumerated from the app's own endpoint data source so an endpoint added later is
/// covered too: nothing answers with content before sign-in (except the endpoints listed below, each with why), no form
/// post is taken without the antiforgery token of the same session, every answer carries the security headers and every
/// cookie its flags, and a member of one tenant sees nothing of another by changing slugs, uids or query strings.
/// </summary>
public sealed class PortalSurfaceTests(SignInFixture app, DatabaseFixture database, ITestOutputHelper output)
    : IClassFixture<SignInFixture>, IClassFixture<DatabaseFixture>
{
    /// <summary>The endpoints anyone may reach, by route pattern, and why.</summary>
    private static readonly Dictionary<string, string> Public = new()
    {
        ["/health/live"] = "liveness probe: says only that the process answers",
        ["/health/ready"] = "readiness probe: says only whether the database answers",
        ["/mcp"] = "the MCP endpoint: its own bearer-token sign-in (401 JSON without one; 405 for GET and DELETE)",
        ["/.well-known/oauth-protected-resource/mcp"] = "OAuth protected-resource metadata, which MCP clients read before they have a token",
        ["/.well-known/oauth-protected-resource"] = "the same metadata at the root form, which some MCP clients probe first",
        ["/auth/login"] = "starts the sign-in: a redirect to WorkOS",
        ["/auth/callback"] = "where WorkOS sends the browser back; refuses a sign-in this browser did not start",
        ["/auth/logout"] = "sign-out: POST only, refused without the antiforgery token of the session",
        ["/_framework/blazor.web.js"] = "the Blazor script (a static asset)",
        ["/_blazor"] = "the Blazor Server hub: a circuit starts only from components a signed-in page prerendered (data-protected descriptors)",
        ["/_blazor/negotiate"] = "the hub's connection negotiation (as above)",
        ["/_blazor/disconnect"] = "ends a circuit by its id (as above)",
        ["/_blazor/initializers"] = "the list of JavaScript initializers (static)",
        ["/_framework/opaque-redirect"] = "Blazor's redirect for enhanced navigation: follows only an address it protected itself (400 otherwise)",
    };

    [Fact]
    public async Task EveryEndpoint_Anonymous_IsSentToSignInOrRefusedNeverContent()
    {
        var other = await OtherTenantAsync();
        using var browser = Anonymous();
        var checkedCount = 0;
        var staticAssets = 0;
        var failures = new List<string>();

        foreach (var (endpoint, pattern) in Endpoints())
        {
            if (IsStaticAsset(endpoint))
            {
                staticAssets++;
                continue;
            }

            var path = PathOf(pattern, other);
            foreach (var method in MethodsOf(endpoint))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == HttpMethods.Post)
                {
                    request.Content = new FormUrlEncodedContent([]);
                }

                using var response = await browser.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                checkedCount++;
                var problem = IsPublic(pattern)
                    ? Leaks(body, other)
                    : Refused(response, body) ?? Leaks(body, other);
                if (problem is not null)
                {
                    failures.Add($"{method} {path} ({pattern.RawText}): {(int)response.StatusCode} {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCount >= 20, $"only {checkedCount} requests: are the endpoints still found?");
        output.WriteLine($"portal: {checkedCount} anonymous requests to every endpoint and method ({staticAssets} static assets and {Public.Count} public endpoints excepted by name): none answered with content");
    }

    [Fact]
    public async Task FormPosts_WithoutTheSessionsAntiforgeryToken_AreRefusedAndChangeNothing()
    {
        var (cookie, user, tenant) = await SignInAsOwnerAsync();
        var stranger = await app.Get<UserService>().EnsureAsync($"stranger-{Guid.NewGuid():N}@example.com");
        var own = new OtherTenant(tenant, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), []);
        var writes = (await AuditOfAsync(tenant.Id)).Count;
        using var http = Anonymous();
        var failures = new List<string>();
        var posts = 0;

        // The portal's own POST endpoints: every page (Blazor takes form posts there) and sign-out. The public ones take
        // no form (health, the MCP endpoint with its bearer token, the Blazor hub).
        var targets = Endpoints()
            .Where(e => !IsStaticAsset(e.Endpoint) && MethodsOf(e.Endpoint).Contains(HttpMethods.Post))
            .Where(e => !IsPublic(e.Pattern) || e.Pattern.RawText == "/auth/logout")
            .Select(e => PathOf(e.Pattern, own))
            .ToList();
        foreach (var path in targets)
        {
            // No token; a valid token of another person's session; and no token as Blazor's enhanced form post sends it.
            foreach (var (variant, tokenUser, enhanced) in new[] { ("without a token", (Guid?)null, false), ("with another session's token", stranger.Id, false), ("enhanced, without a token", null, true) })
            {
                using var request = SignInFixture.FormPost(app.Factory.Services, path, cookie, tokenUser, [KeyValuePair.Create("_handler", "forged")]);
                if (enhanced)
                {
                    request.Headers.Add("Accept", "text/html; blazor-enhanced-nav=on");
                }

                var refusalsBefore = AntiforgeryRefusals();
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                posts++;
                // Pages are refused by Blazor (which logs why); sign-out by its own check, which answers with its own page.
                var refusedForTheToken = AntiforgeryRefusals() > refusalsBefore || body.Contains("did not come from a ToolBridge page", StringComparison.Ordinal);
                if (response.StatusCode != HttpStatusCode.BadRequest || !refusedForTheToken)
                {
                    failures.Add($"POST {path} {variant}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]} (antiforgery refusals logged: {AntiforgeryRefusals() - refusalsBefore})");
                }
            }
        }

        // The session cookie does not sign anything in at /mcp, which takes bearer tokens only.
        using var mcp = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(McpAppFixture.ToolsListRequest, System.Text.Encoding.UTF8, "application/json") };
        mcp.Headers.Add("Cookie", cookie);
        mcp.Headers.Add("Accept", "application/json, text/event-stream");
        using var mcpResponse = await http.SendAsync(mcp);
        // The owner has one tenant, so "/" sends them on to its dashboard: the session is checked there.
        var dashboard = $"/t/{tenant.Tenant.Slug}";
        var stillSignedIn = await GetAsync(http, dashboard, cookie);

        // The control: a page post with this session's own token is not an antiforgery refusal.
        var controlBefore = AntiforgeryRefusals();
        using var control = await http.SendAsync(SignInFixture.FormPost(app.Factory.Services, "/", cookie, user.Id, [KeyValuePair.Create("_handler", "forged")]));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(controlBefore, AntiforgeryRefusals());
        Assert.Equal(HttpStatusCode.Unauthorized, mcpResponse.StatusCode);
        Assert.Equal(writes, (await AuditOfAsync(tenant.Id)).Count);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.Status);
        Assert.Contains(tenant.Tenant.Name, stillSignedIn.Body);

        // The same sign-out with this session's own token goes through: the refusals above were about the token.
        using var logout = await http.SendAsync(SignInFixture.LogoutRequest(app.Factory.Services, cookie, user.Id));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await GetAsync(http, dashboard, cookie)).Status);
        output.WriteLine($"portal: {posts} forged form posts to {targets.Count} POST endpoints (every page, sign-out) refused for the antiforgery token, nothing written, session intact; /mcp ignores the session cookie");
    }

    [Fact]
    public async Task Answers_PagesRedirectsErrorsAndExports_CarryTheSecurityHeadersAndCookiesTheirFlags()
    {
        var other = await OtherTenantAsync();
        using var browser = app.Browser();
        var tenant = await TestTenant.CreateAsync(app.Factory.Services, $"Headers {Guid.NewGuid():N}"[..16]);
        var owner = (await app.Get<UserService>().GetAsync(tenant.Owner.Actor.Id))!;
        app.WorkOs.NextUser = (string)app.WorkOs.AddUser(owner.Email)["id"]!;
        var cookies = new List<string>();
        var answers = new List<(string What, HttpResponseMessage Response)>();

        async Task Get(string what, string path)
        {
            var response = await browser.GetAsync(path);
            answers.Add((what, response));
            cookies.AddRange(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : []);
        }

        await Get("the sign-in redirect of a page", "/t/" + tenant.Tenant.Slug + "/notes");
        var login = await browser.GetAsync("/auth/login?returnUrl=%2F");
        answers.Add(("the redirect to WorkOS", login));
        cookies.AddRange(login.Headers.GetValues("Set-Cookie"));
        var callback = await browser.GetAsync((await app.FollowToCallbackAsync(login.Headers.Location!)).PathAndQuery);
        answers.Add(("the sign-in callback", callback));
        cookies.AddRange(callback.Headers.GetValues("Set-Cookie"));
        await Get("a page", "/");
        await Get("a tenant page", $"/t/{tenant.Tenant.Slug}/notes");
        await Get("another tenant's page", $"/t/{other.Tenant.Tenant.Slug}/notes");
        await Get("the not-found page", "/not-found");
        await Get("an unknown path", "/no-such-page");
        await Get("a sign-in error page", "/auth/callback?state=forged&code=x");
        await Get("the CSV export", $"/t/{tenant.Tenant.Slug}/activity.csv");
        await Get("the CSV export with a bad filter", $"/t/{tenant.Tenant.Slug}/activity.csv?channel=pigeon");
        await Get("another tenant's CSV export", $"/t/{other.Tenant.Tenant.Slug}/activity.csv");
        // Over plain http the headers are the same. (Its sign-in cookie is Secure only on https, by design: see
        // ForwardedHeadersTests; the session cookie, without which no sign-in completes, always is.)
        using var plain = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        answers.Add(("the redirect to WorkOS over plain http", await plain.GetAsync("/auth/login")));

        var failures = new List<string>();
        foreach (var (what, response) in answers)
        {
            var csp = Header(response, "Content-Security-Policy") ?? "";
            var headers = new Dictionary<string, bool>
            {
                [$"one Content-Security-Policy with default-src 'self' and frame-ancestors 'none' (got {csp})"] = csp.Contains("default-src 'self'") && csp.Contains("frame-ancestors 'none'") && !csp.Contains(" | "),
                ["X-Content-Type-Options: nosniff"] = Header(response, "X-Content-Type-Options") == "nosniff",
                ["X-Frame-Options: DENY"] = Header(response, "X-Frame-Options") == "DENY",
                ["Referrer-Policy: strict-origin-when-cross-origin"] = Header(response, "Referrer-Policy") == "strict-origin-when-cross-origin",
            };
            failures.AddRange(headers.Where(h => !h.Value).Select(h => $"{what} ({(int)response.StatusCode}): no {h.Key}"));
        }

        var export = answers.Single(a => a.What == "the CSV export").Response;
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("no-store", export.Headers.CacheControl?.ToString());
        foreach (var set in cookies.Where(c => !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)))
        {
            var name = set.Split('=')[0];
            var flags = set.Split(';').Skip(1).Select(f => f.Trim().ToLowerInvariant()).ToList();
            if (!flags.Contains("httponly") || !flags.Contains("secure") || !flags.Any(f => f is "samesite=lax" or "samesite=strict"))
            {
                failures.Add($"cookie {name}: {string.Join("; ", flags)} (wants httponly, secure, samesite lax or strict)");
            }
        }

        Assert.Contains(cookies, c => c.StartsWith(".ToolBridge.Session=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
        var names = cookies.Select(c => c.Split('=')[0]).Distinct().ToList();
        output.WriteLine($"portal: {answers.Count} answers (pages, redirects, error pages, CSV export, http) carry CSP, nosniff, DENY and Referrer-Policy; {cookies.Count} cookies set ({string.Join(", ", names)}) are HttpOnly, Secure and SameSite");
    }

    [Fact]
    public async Task MemberOfOneTenant_AskingForAnothersSlugsUidsAndQueries_SeesNothingOfIt()
    {
        var other = await OtherTenantAsync();
        var (cookie, _, tenant) = await SignInAsOwnerAsync();
        var note = Ok(await app.Get<NoteService>().CreateAsync(tenant.Owner, new NoteInput { Title = "Alpha note" }));
        var chat = Ok(await app.Get<ChatService>().CreateAsync(tenant.Owner, new ChatInput { Title = "Alpha chat" }));
        var own = new OtherTenant(tenant, note.Uid, Guid.Empty, chat.Uid, Guid.Empty, []);
        using var http = Anonymous();
        var failures = new List<string>();
        var requests = 0;

        async Task<(HttpStatusCode Status, string Body)> Ask(string path, string? mustShow = null)
        {
            var answer = await GetAsync(http, path, cookie);
            requests++;
            if (Leaks(answer.Body, other) is { } leak)
            {
                failures.Add($"{path}: {leak}");
            }

            if (mustShow is not null && !answer.Body.Contains(mustShow, StringComparison.Ordinal))
            {
                failures.Add($"{path}: does not show \"{mustShow}\" ({(int)answer.Status})");
            }

            return answer;
        }

        // Every tenant page under the other tenant's slug: the gate, and nothing else. Under its own slug (the control), the page itself.
        var pages = Endpoints().Where(e => !IsStaticAsset(e.Endpoint) && e.Pattern.RawText!.StartsWith("/t/{slug}", StringComparison.Ordinal)
            && MethodsOf(e.Endpoint).Contains(HttpMethods.Get) && !e.Pattern.RawText.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        foreach (var (_, pattern) in pages)
        {
            await Ask(PathOf(pattern, other), "You are not a member of this tenant");
            await Ask(PathOf(pattern, own), tenant.Tenant.Name);
        }

        // The other tenant's uids and actors under the member's own slug.
        var slug = tenant.Tenant.Slug;
        await Ask($"/t/{slug}/chats/{other.Chat}", "There is no such chat in this tenant");
        await Ask($"/t/{slug}/chats/{chat.Uid}", "Alpha chat");
        var otherOwner = other.Tenant.Owner.Actor.Id;
        string[] queries = [$"entity_uid={other.Note}", $"entity_type=note&entity_uid={other.Note}", $"actor=user:{otherOwner}", $"actor=token:{other.Token}", $"entity_uid={other.Chat}"];
        foreach (var query in queries)
        {
            await Ask($"/t/{slug}/activity?{query}");
            var csv = await Ask($"/t/{slug}/activity.csv?{query}");
            if (csv.Status != HttpStatusCode.OK || csv.Body.Trim().Split('\n').Length != 1)
            {
                failures.Add($"activity.csv?{query}: {(int)csv.Status} with {csv.Body.Trim().Split('\n').Length - 1} rows, wanted the header alone");
            }
        }

        var otherCsv = await Ask($"/t/{other.Tenant.Tenant.Slug}/activity.csv");
        await Ask($"/t/{slug}/activity.csv?entity_uid={note.Uid}", note.Uid.ToString());
        Assert.Equal(HttpStatusCode.NotFound, otherCsv.Status);

        // The activity rows load after the circuit starts: the page itself, rendered for the same member.
        await using var context = new PortalTestContext(database);
        await context.SignInAsync(tenant.Owner);
        context.RenderProviders();
        foreach (var query in queries)
        {
            var cut = ActivityPageSteps.RenderPage(context, tenant, "?" + query);
            requests++;
            if (ActivityPageSteps.Rows(cut).Count != 0 || Leaks(cut.Markup, other) is not null)
            {
                failures.Add($"activity page ?{query}: {ActivityPageSteps.Rows(cut).Count} rows {Leaks(cut.Markup, other)}");
            }
        }

        var control = ActivityPageSteps.RenderPage(context, tenant, $"?entity_uid={note.Uid}");
        Assert.Equal(["note.create"], ActivityPageSteps.Actions(control));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        output.WriteLine($"portal: a member of one tenant made {requests} requests for another's slug ({pages.Count} tenant pages), chat uid, activity filters and CSV export: none showed anything of it");
    }

    /// <summary>Not signed in: a redirect to the sign-in page, or a refusal without a body worth the name.</summary>
    private static string? Refused(HttpResponseMessage response, string body) => response.StatusCode switch
    {
        HttpStatusCode.Redirect or HttpStatusCode.Found when response.Headers.Location is { } location
            && (location.OriginalString.StartsWith("/auth/login?", StringComparison.Ordinal) || location.AbsolutePath == "/auth/login") => null,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
            when !body.Contains("data-interactive", StringComparison.Ordinal) => null,
        _ => $"answered {(int)response.StatusCode} {response.Headers.Location} instead of a redirect to sign-in or a refusal",
    };

    private static string? Leaks(string body, OtherTenant other) =>
        other.Markers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal)) is { } leaked ? $"shows \"{leaked}\" of another tenant" : null;

    private IEnumerable<(RouteEndpoint Endpoint, RoutePattern Pattern)> Endpoints() =>
        app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => (e, e.RoutePattern)).OrderBy(e => e.RoutePattern.RawText);

    private static bool IsPublic(RoutePattern pattern) => Public.ContainsKey(pattern.RawText!.TrimEnd('/'));

    private static bool IsStaticAsset(Endpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name is "StaticAssetDescriptor");

    private static IEnumerable<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : [HttpMethods.Get, HttpMethods.Post];

    /// <summary>A path for the pattern, with the other tenant's slug and uids for its parameters.</summary>
    private static string PathOf(RoutePattern pattern, OtherTenant other) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "slug" } => other.Tenant.Tenant.Slug,
            RoutePatternParameterPart { Name: "chatUid" } => other.Chat.ToString(),
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => other.Note.ToString(),
            _ => "x",
        }))));

    /// <summary>Signs in through the real flow as the owner of a new tenant; returns the session cookie.</summary>
    private async Task<(string Cookie, UserItem User, TestTenant Tenant)> SignInAsOwnerAsync()
    {
        var tenant = await TestTenant.CreateAsync(app.Factory.Services, $"Alpha {Guid.NewGuid():N}"[..16]);
        var owner = (await app.Get<UserService>().GetAsync(tenant.Owner.Actor.Id))!;
        app.WorkOs.NextUser = (string)app.WorkOs.AddUser(owner.Email)["id"]!;
        using var browser = app.Browser();
        var callback = await app.SignInAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return (SignInFixture.SessionCookie(callback), owner, tenant);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A header's value; all of them, separated by " | ", when it was sent more than once.</summary>
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(" | ", values) : null;

    /// <summary>Form posts the app has refused for their antiforgery token so far (Blazor logs each at Debug).</summary>
    private int AntiforgeryRefusals() =>
        app.Logs.Entries.ToArray().Count(e => e.Message.Contains("antiforgery", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("fail", StringComparison.OrdinalIgnoreCase));

    private async Task<List<ToolBridge.Data.Audit.AuditEvent>> AuditOfAsync(Guid tenantId)
    {
        await using var db = await app.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.TenantId == tenantId).ToListAsync();
    }

    private HttpClient Anonymous() => app.Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = false,
    });

    /// <summary>A tenant with one of everything, each named with a marker that must never show up for someone outside it.</summary>
    private async Task<OtherTenant> OtherTenantAsync()
    {
        var marker = $"Zulu{Guid.NewGuid():N}"[..16];
        var tenant = await TestTenant.CreateAsync(app.Factory.Services, $"{marker} tenant");
        var note = Ok(await app.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = $"{marker} note" }));
        var task = Ok(await app.Get<TaskService>().CreateAsync(tenant.Member, new TaskInput { Title = $"{marker} task" }));
        var chat = Ok(await app.Get<ChatService>().CreateAsync(tenant.Member, new ChatInput { Title = $"{marker} chat" }));
        Ok(await app.Get<ChatMessageService>().CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = $"{marker} message" }));
        Ok(await app.Get<CommentService>().CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note.Uid, Content = $"{marker} comment" }));
        var token = Ok(await app.Get<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = $"{marker} token", ExpiresInDays = 30 }));
        await UsageKit.AddAsync(app.Factory.Services, [UsageKit.Call(tenant.Id, token.Token.Id, "create_note", DateTimeOffset.UtcNow)]);
        var owner = (await app.Get<UserService>().GetAsync(tenant.Owner.Actor.Id))!;
        return new OtherTenant(tenant, note.Uid, task.Uid, chat.Uid, token.Token.Id, [marker, owner.Email, owner.Email.Split('@')[0]]);
    }

    private static T Ok<T>(Result<T> result) => ResultAssert.Ok(result);

    /// <param name="Markers">Text that appears only in this tenant: its marker (in every title and name) and its owner's email.</param>
    private sealed record OtherTenant(TestTenant Tenant, Guid Note, Guid Task, Guid Chat, Guid Token, string[] Markers);
}
