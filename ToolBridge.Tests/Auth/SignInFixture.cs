using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Auth;

/// <summary>The app on the shared test database with WorkOS played by <see cref="WorkOsDouble"/>.</summary>
public sealed class SignInFixture : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();

    public WorkOsDouble WorkOs { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public ToolBridgeAppFactory Factory { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    public T Get<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        WorkOs = await WorkOsDouble.StartAsync();
        Factory = new ToolBridgeAppFactory(_database.ConnectionString, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs), WorkOs.AppSettings);
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await WorkOs.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>
    /// A browser on https (session cookies are Secure outside Development): keeps cookies, does not follow
    /// redirects, so each hop can be checked.
    /// </summary>
    public HttpClient Browser() => Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>
    /// The whole redirect dance for the double's <see cref="WorkOsDouble.NextUser"/>: login → WorkOS authorize →
    /// callback. Returns the callback's response.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string returnUrl = "/")
    {
        var login = await browser.GetAsync($"/auth/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var callback = await FollowToCallbackAsync(login.Headers.Location!);
        return await browser.GetAsync(callback.PathAndQuery);
    }

    /// <summary>Visits the WorkOS authorize URL and returns where WorkOS sends the browser back.</summary>
    public async Task<Uri> FollowToCallbackAsync(Uri authorize)
    {
        using var workOs = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = await workOs.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!;
    }

    public async Task<UserItem?> UserAsync(string email) => await Get<UserService>().FindByEmailAsync(email);
}
