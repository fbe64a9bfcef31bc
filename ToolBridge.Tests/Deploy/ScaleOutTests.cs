using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Playwright;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Browser;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Deploy;

/// <summary>
/// docs/scaling.md: two instances of the app on one database behind a round-robin proxy on loopback (nginx), as two
/// Fly machines behind Fly's proxy. Nothing ties a client to an instance, and nothing needs to.
/// </summary>
public sealed class ScaleOutTests(ScaleOutFixture app, ITestOutputHelper output) : IClassFixture<ScaleOutFixture>
{
    private static readonly TimeSpan RevocationDeadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Mcp_ThroughTheProxy_EveryCallSucceedsOnBothInstances()
    {
        var tenant = await app.NewTenantAsync();
        var secret = (await app.IssueAsync(tenant)).Secret;
        await using var client = await ConnectAsync(app.Proxy.BaseAddress, secret);

        // The MCP client's own requests alternate between the instances: a note written through one is read through the other.
        var created = (await client.CallAsync("create_note", new { title = "Written behind the proxy" })).ContentOf();
        var uid = created.GetProperty("uid").GetString();
        var reads = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            reads.Add((await client.CallAsync("get_note", new { uid })).ContentOf().GetProperty("title").GetString());
        }

        var served = new List<string>();
        using var http = new HttpClient { BaseAddress = app.Proxy.BaseAddress };
        for (var i = 0; i < 6; i++)
        {
            using var response = await McpAppFixture.PostAsync(http, secret, McpAppFixture.ToolsListRequest);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            served.Add(NginxProxy.UpstreamOf(response));
        }

        output.WriteLine($"tools/list served by {string.Join(", ", served)}");
        Assert.All(reads, title => Assert.Equal("Written behind the proxy", title));
        Assert.Equal(app.Upstreams.Order(), served.Distinct().Order());
    }

    [Fact]
    public async Task Revoke_ThroughOneInstance_IsRefusedByTheOtherWithinTwoSeconds()
    {
        var tenant = await app.NewTenantAsync();
        var (token, secret) = await app.IssueAsync(tenant);
        using var second = new HttpClient { BaseAddress = app.SecondAddress };
        Assert.Equal(HttpStatusCode.OK, (await McpAppFixture.PostAsync(second, secret, McpAppFixture.ToolsListRequest)).StatusCode);

        var elapsed = await app.TimeUntilRefusedAsync(second, secret, () => app.First.Services.GetRequiredService<TokenService>().RevokeAsync(tenant.Owner, token.Id));

        output.WriteLine($"instance 2 refused the token revoked through instance 1 after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < RevocationDeadline, $"instance 2 refused the revoked token only after {elapsed.TotalMilliseconds:F0} ms");
        using var http = new HttpClient { BaseAddress = app.Proxy.BaseAddress };
        var refusedBy = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await McpAppFixture.PostAsync(http, secret, McpAppFixture.ToolsListRequest);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            refusedBy.Add(NginxProxy.UpstreamOf(response));
        }

        Assert.Equal(app.Upstreams.Order(), refusedBy.Distinct().Order());
    }

    [Fact]
    public async Task SignIn_StartedOnOneInstanceAndFinishedOnTheOther_GivesACookieBothAccept()
    {
        // The Tenants page lists the signed-in person's tenants: this one shows whose session a page was rendered for. (The
        // home page would send the owner of this one tenant on to its dashboard.)
        var email = $"scale-{Guid.NewGuid():N}@example.com";
        var tenantName = $"Scale-out {Guid.NewGuid().ToString("N")[..8]}";
        var owner = await app.First.Services.GetRequiredService<UserService>().EnsureAsync(email);
        Assert.True((await app.First.Services.GetRequiredService<TenantService>().CreateAsync(tenantName, owner.Id, Actor.System)).IsSuccess);
        app.WorkOs.NextUser = (string)app.WorkOs.AddUser(email, "Scale", "Out")["id"]!;
        using var first = Browser(app.FirstAddress);
        using var second = Browser(app.SecondAddress);

        // The sign-in state cookie is written by instance 1 and read by instance 2; the session cookie comes from instance 2.
        using var login = await first.GetAsync("/auth/login?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var callback = await FollowWorkOsAsync(login.Headers.Location!);
        using var finish = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        finish.Headers.Add("Cookie", CookieOf(login, ".ToolBridge.SignIn"));
        using var signedIn = await second.SendAsync(finish);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"the callback on instance 2 answered {(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
        var session = CookieOf(signedIn, ".ToolBridge.Session");

        var onFirst = await TenantsPageAsync(first, session);
        var onSecond = await TenantsPageAsync(second, session);
        var throughProxy = new List<string>();
        using var proxy = Browser(app.Proxy.BaseAddress);
        for (var i = 0; i < 4; i++)
        {
            var (status, body, upstream) = await TenantsPageAsync(proxy, session);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(tenantName, body);
            throughProxy.Add(upstream!);
        }

        var anonymous = await TenantsPageAsync(second, cookie: null);
        Assert.Equal(HttpStatusCode.OK, onFirst.Status);
        Assert.Contains(tenantName, onFirst.Body);
        Assert.Equal(HttpStatusCode.OK, onSecond.Status);
        Assert.Contains(tenantName, onSecond.Body);
        Assert.Equal(app.Upstreams.Order(), throughProxy.Distinct().Order());
        Assert.Equal(HttpStatusCode.Redirect, anonymous.Status);
    }

    [Fact]
    public async Task Portal_ThroughTheProxy_CircuitGoesLiveWhicheverInstanceServesIt()
    {
        var page = await app.NewPageAsync();
        page.Console += (_, message) => output.WriteLine($"browser {message.Type}: {message.Text}");
        var tenantName = await app.SignInAsync(page);
        var (firstBefore, secondBefore) = (app.FirstCircuits.Opened, app.SecondCircuits.Opened);
        using var nudge = new HttpClient { BaseAddress = app.Proxy.BaseAddress };
        var loads = 0;
        var sameInARow = 0;
        int? previous = null;

        // Each load: the page, its scripts and the WebSocket may each reach another instance, as behind Fly's proxy. A
        // page load makes a fixed number of requests, so strict round robin could put every WebSocket on the same
        // instance: when loads land on one instance, extra requests shift the rotation, one more after each further
        // such load, since one alone keeps the WebSocket where it was when a load makes an odd number of requests.
        while (loads < 8 && (app.FirstCircuits.Opened == firstBefore || app.SecondCircuits.Opened == secondBefore))
        {
            var (first, second) = (app.FirstCircuits.Opened, app.SecondCircuits.Opened);
            await page.ReloadAsync();
            await BrowserFixture.WaitInteractiveAsync(page);
            await page.GetByText(tenantName).First.WaitForAsync();
            loads++;
            var landed = app.FirstCircuits.Opened > first ? 1 : app.SecondCircuits.Opened > second ? 2 : 0;
            sameInARow = landed == previous ? sameInARow + 1 : 0;
            for (var i = 0; i < sameInARow; i++)
            {
                (await nudge.GetAsync("/health/live")).Dispose();
            }

            previous = landed;
        }

        output.WriteLine($"{loads} page loads; circuits opened: instance 1 {app.FirstCircuits.Opened - firstBefore}, instance 2 {app.SecondCircuits.Opened - secondBefore}");
        Assert.True(app.FirstCircuits.Opened > firstBefore, "no circuit went live on instance 1");
        Assert.True(app.SecondCircuits.Opened > secondBefore, "no circuit went live on instance 2");
    }

    private static HttpClient Browser(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };

    private static async Task<(HttpStatusCode Status, string Body, string? Upstream)> TenantsPageAsync(HttpClient browser, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tenants");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await browser.SendAsync(request);
        var upstream = response.Headers.TryGetValues(NginxProxy.UpstreamHeader, out var values) ? values.Single() : null;
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), upstream);
    }

    /// <summary>The hosted sign-in page (the WorkOS double) signs the user in at once and sends the browser back.</summary>
    private static async Task<Uri> FollowWorkOsAsync(Uri authorize)
    {
        using var workOs = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var answer = await workOs.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!;
    }

    private static string CookieOf(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=")).Split(';')[0];

    private static async Task<McpClient> ConnectAsync(Uri baseAddress, string secret)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(baseAddress, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" },
            },
            new HttpClient(),
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }
}

/// <summary>
/// Two instances of the real app on real Kestrel (loopback ports), one database, WorkOS played by the double, and
/// nginx round-robin in front. Before any test runs, instance 2 is proven to listen for token changes.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan PollLimit = TokenCache.Lifetime + TimeSpan.FromSeconds(3);
    private readonly DatabaseFixture _database = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public WorkOsDouble WorkOs { get; private set; } = null!;

    public ToolBridgeAppFactory First { get; private set; } = null!;

    public ToolBridgeAppFactory Second { get; private set; } = null!;

    public NginxProxy Proxy { get; private set; } = null!;

    public Uri FirstAddress { get; private set; } = null!;

    public Uri SecondAddress { get; private set; } = null!;

    /// <summary>The proxy as a browser reaches it: on localhost, where Chromium keeps Secure cookies over plain http.</summary>
    public string BrowserBaseUrl => $"http://localhost:{Proxy.Port}";

    /// <summary>Blazor circuits open on instance 1 and 2.</summary>
    public CircuitCounter FirstCircuits { get; } = new();

    public CircuitCounter SecondCircuits { get; } = new();

    /// <summary>The instances as nginx names them in <see cref="NginxProxy.UpstreamHeader"/>.</summary>
    public IReadOnlyList<string> Upstreams => [$"127.0.0.1:{FirstAddress.Port}", $"127.0.0.1:{SecondAddress.Port}"];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        WorkOs = await WorkOsDouble.StartAsync();
        var (firstPort, secondPort) = (NginxProxy.FreePort(), NginxProxy.FreePort());
        Proxy = await NginxProxy.StartAsync(firstPort, secondPort);
        (First, FirstAddress) = Start(firstPort, "toolbridge-scale-out-1", FirstCircuits);
        (Second, SecondAddress) = Start(secondPort, "toolbridge-scale-out-2", SecondCircuits);
        await WaitUntilSecondListensAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Proxy?.Dispose();
        if (Second is not null)
        {
            await Second.DisposeAsync();
        }

        if (First is not null)
        {
            await First.DisposeAsync();
        }

        await WorkOs.DisposeAsync();
        await _database.DisposeAsync();
    }

    public Task<TestTenant> NewTenantAsync() => TestTenant.CreateAsync(First.Services, "Scale-out tenant");

    /// <summary>A read+write token of the tenant's owner, issued through instance 1.</summary>
    public async Task<IssuedToken> IssueAsync(TestTenant tenant, string name = "Scale-out token")
    {
        var issued = await First.Services.GetRequiredService<TokenService>().IssueAsync(tenant.Owner, new TokenIssueInput { Name = name, Write = true, ExpiresInDays = 1 });
        Assert.True(issued.IsSuccess, issued.ToString());
        return issued.Value!;
    }

    /// <summary>Makes the change, then asks <paramref name="instance"/> every 50 ms until it answers 401; returns the time from the start of the change.</summary>
    public async Task<TimeSpan> TimeUntilRefusedAsync<T>(HttpClient instance, string secret, Func<Task<Result<T>>> change)
    {
        var watch = Stopwatch.StartNew();
        var result = await change();
        Assert.True(result.IsSuccess, result.ToString());
        while (watch.Elapsed < PollLimit)
        {
            using var response = await McpAppFixture.PostAsync(instance, secret, McpAppFixture.ToolsListRequest);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return watch.Elapsed;
            }

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"the instance answered {(int)response.StatusCode}");
            await Task.Delay(50);
        }

        return watch.Elapsed;
    }

    /// <summary>Debian's Chromium (scripts/test.sh installs it), started on first use.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (_browser is null)
        {
            Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs Debian's chromium package");
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BrowserBaseUrl });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the proxy with the real redirect flow, as a new WorkOS user who owns a tenant; returns the tenant's name.</summary>
    public async Task<string> SignInAsync(IPage page)
    {
        var email = $"circuit-{Guid.NewGuid():N}@example.com";
        var tenantName = $"Circuit {Guid.NewGuid().ToString("N")[..8]}";
        var owner = await First.Services.GetRequiredService<UserService>().EnsureAsync(email);
        Assert.True((await First.Services.GetRequiredService<TenantService>().CreateAsync(tenantName, owner.Id, Actor.System)).IsSuccess);
        WorkOs.NextUser = (string)WorkOs.AddUser(email, "Circuit", "Tester")["id"]!;
        await page.GotoAsync("/");
        await page.WaitForURLAsync(url => url.StartsWith(BrowserBaseUrl) && !url.Contains("/auth/"));
        return tenantName;
    }

    private (ToolBridgeAppFactory App, Uri Address) Start(int port, string name, CircuitCounter circuits)
    {
        var settings = WorkOs.AppSettings;
        settings["WorkOS:RedirectUri"] = $"{BrowserBaseUrl}/auth/callback";
        settings["ToolBridge:PublicBaseUrl"] = BrowserBaseUrl;
        // Each instance names its connections, as two machines would be told apart in pg_stat_activity.
        var connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = name }.ConnectionString;
        var app = new ToolBridgeAppFactory(connectionString, services => services.AddSingleton<CircuitHandler>(circuits), settings);
        app.UseKestrel(port);
        app.StartServer();
        return (app, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Instance 2's listener connects in the background after start-up: a probe token revoked through instance 1 shows it is there.</summary>
    private async Task WaitUntilSecondListensAsync()
    {
        var tenant = await NewTenantAsync();
        var (probe, secret) = await IssueAsync(tenant, "Listener probe");
        using var second = new HttpClient { BaseAddress = SecondAddress };
        using (var accepted = await McpAppFixture.PostAsync(second, secret, McpAppFixture.ToolsListRequest))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var elapsed = await TimeUntilRefusedAsync(second, secret, () => First.Services.GetRequiredService<TokenService>().RevokeAsync(tenant.Owner, probe.Id));

        Assert.True(elapsed < PollLimit, "instance 2 never refused a revoked token: is its TokenInvalidationListener running?");
    }
}

/// <summary>Counts the Blazor circuits an instance holds open, so a test knows which instance a browser's circuit lives on.</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private int _open;
    private int _opened;

    public int Open => Volatile.Read(ref _open);

    public int Opened => Volatile.Read(ref _opened);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        Interlocked.Increment(ref _opened);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _open);
        return Task.CompletedTask;
    }
}
