using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Sessions;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Auth;
using ToolBridge.Web.Portal;

namespace ToolBridge.Tests.Auth;

/// <summary>
/// An open portal page (its circuit's sign-in state, checked every second) while PostgreSQL of its own is stopped and
/// started again: a database that does not answer says nothing about the session.
/// </summary>
public sealed class PortalPageDatabaseOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Revalidation = TimeSpan.FromSeconds(1);
    private readonly LogCapture _logs = new();
    private OwnPostgres _postgres = null!;
    private ServiceProvider _app = null!;
    private ServiceProvider _setup = null!;

    public async Task InitializeAsync()
    {
        _postgres = await OwnPostgres.StartAsync();
        var connectionString = _postgres.ConnectionString("toolbridge");

        // The page's services pool their connections as the app's do (a restart kills every pooled one); the test's own
        // steps open theirs afresh.
        _app = new ServiceCollection().AddLogging(logging => logging.AddProvider(_logs)).AddToolBridgeData(connectionString).BuildServiceProvider();
        _setup = new ServiceCollection().AddLogging()
            .AddToolBridgeData(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString).BuildServiceProvider();
        await using var db = await _setup.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _setup.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task DatabaseDown_PageStaysSignedIn_AndIsSignedOutWhenItsSessionEndsAfterRecovery()
    {
        var user = await _setup.GetRequiredService<UserService>().EnsureAsync("outage@example.com", "Outage");
        var session = await _setup.GetRequiredService<PortalSessionService>().StartAsync(user.Id, TimeSpan.FromHours(8));
        using var provider = new PortalAuthenticationStateProvider(
            _app.GetRequiredService<ILoggerFactory>(), _app.GetRequiredService<PortalSessionService>(),
            Options.Create(new PortalOptions { SessionRevalidationSeconds = (int)Revalidation.TotalSeconds }));
        var signedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true)
            {
                signedOut.TrySetResult();
            }
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(PortalAuthentication.PortalSessionClaim, session.ToString()),
        ], "Cookies"));
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        await Task.Delay(Revalidation * 1.5);
        Assert.False(signedOut.Task.IsCompleted, "the session is active: the page stays signed in");

        await _postgres.StopServerAsync();
        await Task.Delay(Revalidation * 3.5);
        var stayed = !signedOut.Task.IsCompleted;
        await _postgres.StartServerAsync();
        Assert.True(stayed, "the page was signed out because the database did not answer");
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(PortalAuthenticationStateProvider).FullName);

        await _setup.GetRequiredService<PortalSessionService>().EndAsync(session);
        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }
}
