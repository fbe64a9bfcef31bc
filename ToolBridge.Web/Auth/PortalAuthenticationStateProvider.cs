using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Data.Sessions;
using ToolBridge.Web.Portal;

namespace ToolBridge.Web.Auth;

/// <summary>
/// The sign-in state of a Blazor circuit, checked again every <see cref="PortalOptions.SessionRevalidationSeconds"/>: an
/// open page whose session was signed out (in another tab) or expired loses its user, and the router sends it to sign in.
/// A database that does not answer (restarting, failing over) says nothing about the session: the page keeps its user
/// and asks again at the next check, where the base class would sign it out.
/// </summary>
internal sealed class PortalAuthenticationStateProvider(ILoggerFactory loggerFactory, PortalSessionService sessions, IOptions<PortalOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<PortalAuthenticationStateProvider>();

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.SessionRevalidationSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (PortalAuthentication.PortalSessionOf(authenticationState.User) is not { } session)
        {
            return false;
        }

        try
        {
            return await sessions.IsActiveAsync(session, cancellationToken);
        }
        catch (Exception exception) when (DatabaseFaults.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "Could not check an open page's sign-in session: the database did not answer; the page stays signed in until the next check");
            return true;
        }
    }
}
