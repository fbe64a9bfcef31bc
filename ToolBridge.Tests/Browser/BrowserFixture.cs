using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
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
        App = new ToolBridgeAppFactory(_database.ConnectionString, settings: settings);
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
        return await context.NewPageAsync();
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

    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
