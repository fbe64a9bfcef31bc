using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Sessions;
using ToolBridge.Web.Portal;

namespace ToolBridge.Web.Auth;

/// <summary>
/// The sign-in state of a Blazor circuit, checked again every <see cref="PortalOptions.SessionRevalidationSeconds"/>: an
/// open page whose session was signed out (in another tab) or expired loses its user, and the router sends it to sign in.
/// </summary>
internal sealed class PortalAuthenticationStateProvider(ILoggerFactory loggerFactory, PortalSessionService sessions, IOptions<PortalOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.SessionRevalidationSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        PortalAuthentication.PortalSessionOf(authenticationState.User) is { } session && await sessions.IsActiveAsync(session, cancellationToken);
}
