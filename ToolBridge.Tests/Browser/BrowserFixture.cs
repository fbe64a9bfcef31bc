using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Browser;

/// <summary>
/// The app on real Kestrel, WorkOS played by the double (the real redirect sign-in), and Debian's Chromium driven by
/// Playwright. Screenshots go to <c>TOOLBRIDGE_SCREENSHOTS</c> (scripts/test.sh sets it and prints where).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly DatabaseFixture _database = new();
    private IPlaywright? _playwright;

    public WorkOsDouble WorkOs { get; private set; } = null!;

    /// <summary>What the app logged: a journey that fails says what the app saw go wrong.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The errors and warnings the pages' consoles printed (a dropped circuit shows only there).</summary>
    public ConcurrentQueue<string> ConsoleProblems { get; } = new();

    public ToolBridgeAppFactory App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("TOOLBRIDGE_SCREENSHOTS") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "toolbridge-screenshots");

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs Debian's chromium package");
        await _database.InitializeAsync();
        WorkOs = await WorkOsDouble.StartAsync();
        var port = FreePort();
        BaseUrl = $"http://localhost:{port}";
        var settings = WorkOs.AppSettings;
        settings["WorkOS:RedirectUri"] = $"{BaseUrl}/auth/callback";
        settings["ToolBridge:PublicBaseUrl"] = BaseUrl;

        // An open tab notices a sign-out elsewhere within seconds, not the production half-minute.
        settings["ToolBridge:SessionRevalidationSeconds"] = "2";
        App = new ToolBridgeAppFactory(_database.ConnectionString, services => services.AddSingleton<ILoggerProvider>(Logs), settings);
        App.UseKestrel(port);
        App.StartServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
        await WorkOs.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A fresh browser profile (no cookies) on the app.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                ConsoleProblems.Enqueue($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => ConsoleProblems.Enqueue($"page error: {error}");
        return page;
    }

    /// <summary>Waits for the Blazor circuit: a click on the prerendered page does nothing.</summary>
    public static Task WaitInteractiveAsync(IPage page) => page.Locator(".tb-root[data-interactive=true]").WaitForAsync();

    /// <summary>Signs in through the real redirect flow as a new WorkOS user; returns their email.</summary>
    public async Task<string> SignInAsync(IPage page, string firstName = "Browser", string returnUrl = "/")
    {
        var email = $"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        WorkOs.NextUser = (string)WorkOs.AddUser(email, firstName, "Tester")["id"]!;
        await page.GotoAsync(returnUrl);
        await page.WaitForURLAsync(url => url.StartsWith(BaseUrl) && !url.Contains("/auth/"));
        await WaitInteractiveAsync(page);
        return email;
    }

    /// <summary>Signs in as a new person and makes them the owner of a new tenant; the tenant, and the person's rights in it.</summary>
    public async Task<(TenantItem Tenant, TenantScope Owner)> SignInWithATenantAsync(IPage page, string firstName, string tenantName)
    {
        var email = await SignInAsync(page, firstName);
        var user = (await Get<UserService>().FindByEmailAsync(email))!;
        var actor = Actor.ForUser(user.Id, user.DisplayName);
        var tenant = ResultAssert.Ok(await Get<TenantService>().CreateAsync(tenantName, user.Id, actor));
        return (tenant, new TenantScope(tenant.Id, actor, MemberRole.Owner));
    }

    /// <summary>Creates a tenant on the Tenants page as the signed-in person; returns its slug.</summary>
    public async Task<string> CreateTenantAsync(IPage page, string name)
    {
        await page.GotoAsync("/tenants");
        await WaitInteractiveAsync(page);
        await page.FillAsync("#tenant-name", name);
        await page.ClickAsync(".create-tenant-submit");
        try
        {
            await page.WaitForURLAsync("**/t/**");
        }
        catch (TimeoutException)
        {
            // Say what the page showed instead (a validation message, a snackbar, the form as it was) and what the app
            // logged, each on one line: the test script prints a failure's first lines.
            var shown = await page.EvaluateAsync<string>("() => document.querySelector('main')?.innerText ?? document.body.innerText");
            var logged = Logs.Entries.Where(e => e.Level >= LogLevel.Warning).TakeLast(10)
                .Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name} {e.Exception?.Message}");
            await ScreenshotAsync(page, $"create-tenant-failed-{Guid.NewGuid():N}");
            throw new TimeoutException(
                $"Creating tenant '{name}' did not open it within the timeout.{Environment.NewLine}" +
                $"The page at {page.Url} showed: {OneLine(shown)}{Environment.NewLine}" +
                $"The app logged: {OneLine(string.Join(" | ", logged))}{Environment.NewLine}" +
                $"The browser's console: {OneLine(string.Join(" | ", ConsoleProblems.TakeLast(10)))}");
        }

        return new Uri(page.Url).AbsolutePath.Split('/')[2];
    }

    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string OneLine(string text) => string.Join(" · ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
