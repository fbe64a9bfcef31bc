using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Auth;

/// <summary>The app on the shared test database with WorkOS played by <see cref="WorkOsDouble"/>.</summary>
public class SignInFixture : IAsyncLifetime
{
    /// <summary>Listed in <c>ToolBridge__PlatformAdmins</c> of this app.</summary>
    public const string PlatformAdmin = "platform-admin@example.com";

    public SignInFixture()
        : this(new DatabaseFixture())
    {
    }

    protected SignInFixture(DatabaseFixture database) => Database = database;

    public DatabaseFixture Database { get; }

    public WorkOsDouble WorkOs { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public ToolBridgeAppFactory Factory { get; private set; } = null!;

    public string ConnectionString => Database.ConnectionString;

    public T Get<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        WorkOs = await WorkOsDouble.StartAsync();
        Factory = CreateApp(WorkOs.BaseUrl);
        _ = Factory.Server;
    }

    /// <summary>This fixture's app, with its settings and logs, calling WorkOS at <paramref name="workOsBaseUrl"/>.</summary>
    protected ToolBridgeAppFactory CreateApp(string workOsBaseUrl)
    {
        var settings = WorkOs.AppSettings;
        settings["WorkOS:ApiBaseUrl"] = workOsBaseUrl;
        settings["ToolBridge:PlatformAdmins:0"] = PlatformAdmin;
        settings["ToolBridge:SessionRevalidationSeconds"] = "1";
        Configure(settings);
        return new ToolBridgeAppFactory(Database.ConnectionString, services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);

            // Why a form post was refused is logged at Debug: the antiforgery tests read it.
            services.Configure<LoggerFilterOptions>(options => options.AddFilter<LogCapture>("Microsoft.AspNetCore.Components.Endpoints", LogLevel.Debug));
            ConfigureServices(services);
        }, settings);
    }

    /// <summary>Settings a derived fixture adds to the app's.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Edges a derived fixture replaces, such as the clock.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await WorkOs.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// A browser on https (session cookies are Secure outside Development): keeps cookies, does not follow
    /// redirects, so each hop can be checked.
    /// </summary>
    public HttpClient Browser() => Browser(Factory);

    /// <summary>A browser as <see cref="Browser()"/>, on another app of the fixture.</summary>
    public static HttpClient Browser(ToolBridgeAppFactory app) => app.CreateClient(new WebApplicationFactoryClientOptions
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

    /// <summary>The session cookie (<c>name=value</c>) a sign-in response sets.</summary>
    public static string SessionCookie(HttpResponseMessage callback) =>
        callback.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".ToolBridge.Session=")).Split(';')[0];

    /// <summary>
    /// A sign-out as the layout's form posts it: the session cookie, the antiforgery cookie and the form's token, made by
    /// the app's own <see cref="IAntiforgery"/> for the signed-in user (the token is bound to the user id).
    /// </summary>
    public static HttpRequestMessage LogoutRequest(IServiceProvider services, string sessionCookie, Guid userId, bool withToken = true) =>
        FormPost(services, "/auth/logout", sessionCookie, withToken ? userId : null);

    /// <summary>
    /// A form POST with the session cookie and, when <paramref name="tokenUserId"/> is given, an antiforgery cookie and
    /// form token made by the app's own <see cref="IAntiforgery"/> for that user (a token is bound to the user id).
    /// </summary>
    public static HttpRequestMessage FormPost(IServiceProvider services, string path, string sessionCookie, Guid? tokenUserId, IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        var form = new List<KeyValuePair<string, string>>(fields ?? []);
        if (tokenUserId is not { } userId)
        {
            request.Headers.Add("Cookie", sessionCookie);
            request.Content = new FormUrlEncodedContent(form);
            return request;
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString())], "Cookies"));
        var tokens = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(new DefaultHttpContext { RequestServices = services, User = user });
        var cookieName = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        request.Headers.Add("Cookie", $"{sessionCookie}; {cookieName}={tokens.CookieToken}");
        form.Add(KeyValuePair.Create(tokens.FormFieldName, tokens.RequestToken!));
        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    public async Task<UserItem?> UserAsync(string email) => await Get<UserService>().FindByEmailAsync(email);
}
