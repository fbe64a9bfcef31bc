using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Web.Auth;
using ToolBridge.Web.Mcp;
using ToolBridge.Web.Portal;

namespace ToolBridge.Tests.Support;

/// <summary>
/// Renders portal components with MudBlazor, the real domain services on the test database, the portal's own
/// registrations and a signed-in user of the test's choosing.
/// </summary>
public sealed class PortalTestContext : BunitContext
{
    public PortalTestContext(DatabaseFixture fixture, params string[] platformAdmins)
        : this(fixture, new Dictionary<string, string?>(), platformAdmins)
    {
    }

    /// <summary>With extra settings: <see cref="WorkOsDouble.AppSettings"/> make the pages talk to that WorkOS double.</summary>
    public PortalTestContext(DatabaseFixture fixture, IReadOnlyDictionary<string, string?> settings, params string[] platformAdmins)
        : this(fixture, settings, logs: null, platformAdmins)
    {
    }

    /// <summary>With extra settings, and what the services log kept in <paramref name="logs"/>.</summary>
    public PortalTestContext(DatabaseFixture fixture, IReadOnlyDictionary<string, string?> settings, LogCapture? logs, params string[] platformAdmins)
    {
        Fixture = fixture;

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(platformAdmins.Select((email, i) => KeyValuePair.Create($"ToolBridge:PlatformAdmins:{i}", (string?)email)))
            .AddInMemoryCollection(settings)
            .Build();
        Services.AddLogging();
        if (logs is not null)
        {
            Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        }

        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddToolBridgeData(fixture.ConnectionString);
        Services.AddMcpTools();
        Services.AddPortalServices(configuration);
        Services.AddWorkOs(configuration);
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
        Authorization = AddAuthorization();

        // After the registrations: these read the container, which cannot take registrations once read.
        // Pages load from a real database; a loaded machine can take more than bUnit's default second.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", true));
    }

    /// <summary>
    /// Where most page tests start: a new tenant (named <paramref name="name"/> and a unique suffix) with a member of
    /// each role, a context signed in as the one with <paramref name="role"/>, and the providers rendered.
    /// </summary>
    public static async Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SignedInAsync(DatabaseFixture fixture, MemberRole role, string name)
    {
        var tenant = await fixture.NewTenantAsync($"{name} {Guid.NewGuid():N}");
        var context = new PortalTestContext(fixture);
        await context.SignInAsync(tenant.As(role));
        return (context, tenant, context.RenderProviders());
    }

    /// <summary>The antiforgery token forms rendered here carry (the app's provider needs a request).</summary>
    public const string AntiforgeryToken = "test-antiforgery-token";

    public DatabaseFixture Fixture { get; }

    public BunitAuthorizationContext Authorization { get; }

    public TenantService Tenants => Services.GetRequiredService<TenantService>();

    public MemberService Members => Services.GetRequiredService<MemberService>();

    public UserService Users => Services.GetRequiredService<UserService>();

    public TokenService Tokens => Services.GetRequiredService<TokenService>();

    public TokenAuthenticator Authenticator => Services.GetRequiredService<TokenAuthenticator>();

    /// <summary>Messages of every snackbar shown so far.</summary>
    public IReadOnlyList<string> Snackbars =>
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToList();

    /// <summary>Signs in as the user with the claims the sign-in cookie carries.</summary>
    public void SignIn(UserItem user)
    {
        Authorization.SetAuthorized(user.DisplayName);
        Authorization.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email));
    }

    /// <summary>Signs in as the user a scope acts for (a member of a <see cref="TestTenant"/>).</summary>
    public async Task<UserItem> SignInAsync(TenantScope scope)
    {
        var user = await Users.GetAsync(scope.Actor.Id) ?? throw new InvalidOperationException($"No user {scope.Actor.Id}.");
        SignIn(user);
        return user;
    }

    /// <summary>Signs in as a new person who belongs to no tenant.</summary>
    public async Task<UserItem> SignInAsNewUserAsync(string prefix = "outsider")
    {
        var user = await Users.EnsureAsync($"{prefix}-{Guid.NewGuid():N}@example.com");
        SignIn(user);
        return user;
    }

    /// <summary>Renders the popover and dialog providers the layout normally holds, so menus, selects and dialogs work.</summary>
    /// <summary>Puts the browser at <paramref name="address"/>, as a typed address or a followed link would, before a render.</summary>
    public void GoTo(string address) => Services.GetRequiredService<NavigationManager>().NavigateTo(address);

    public Providers RenderProviders() => new(Render<MudPopoverProvider>(), Render<MudDialogProvider>());
}

internal sealed class FixedAntiforgery : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken() => new(PortalTestContext.AntiforgeryToken, "__RequestVerificationToken");
}

/// <summary>Where MudBlazor shows open popovers (menus, selects) and dialogs.</summary>
public sealed record Providers(IRenderedComponent<MudPopoverProvider> Popovers, IRenderedComponent<MudDialogProvider> Dialogs);
