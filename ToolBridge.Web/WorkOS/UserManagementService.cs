using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ToolBridge.Web.WorkOS;

/// <summary>Sign-in with hosted AuthKit (authorization code + PKCE) and logout.</summary>
public sealed class UserManagementService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options) : WorkOsService(httpFactory, options)
{
    /// <summary>
    /// The hosted sign-in URL. <paramref name="invitationToken"/>: the token of the WorkOS invitation the person followed
    /// (WorkOS sends invitation links to the sign-in endpoint with <c>invitation_token</c>).
    /// </summary>
    public Uri GetAuthorizationUrl(string state, string codeChallenge, string? invitationToken = null)
    {
        var query = Query(
            ("client_id", Options.ClientId),
            ("redirect_uri", Options.RedirectUri),
            ("response_type", "code"),
            ("provider", "authkit"),
            ("state", state),
            ("code_challenge", codeChallenge),
            ("code_challenge_method", "S256"),
            ("invitation_token", invitationToken));
        return new Uri($"{Options.ApiBaseUrl.TrimEnd('/')}/user_management/authorize{query}");
    }

    /// <summary>
    /// Exchanges the code. With <paramref name="invitationToken"/>, WorkOS also accepts that invitation: the person's
    /// organization membership becomes active.
    /// </summary>
    public Task<AuthenticationResponse> AuthenticateWithCodeAsync(string code, string codeVerifier, string? ipAddress, string? userAgent, string? invitationToken = null, CancellationToken cancellationToken = default) =>
        SendAsync<AuthenticationResponse>(HttpMethod.Post, "/user_management/authenticate", Body(
            ("client_id", Options.ClientId),
            ("client_secret", Options.ApiKey),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", codeVerifier),
            ("invitation_token", invitationToken),
            ("ip_address", ipAddress),
            ("user_agent", userAgent)), authenticated: false, cancellationToken);

    /// <summary>
    /// The keys WorkOS signs access tokens with (<c>/sso/jwks/{client_id}</c>): the complete RSA keys with a key id. An
    /// answer without one is a <see cref="WorkOsException.MalformedAnswer"/>.
    /// </summary>
    public async Task<IReadOnlyList<JsonWebKey>> GetSigningKeysAsync(CancellationToken cancellationToken = default)
    {
        var path = $"/sso/jwks/{Uri.EscapeDataString(Options.ClientId!)}";
        return SigningKeys(path, await SendAsync<JsonElement>(HttpMethod.Get, path, null, authenticated: false, cancellationToken));
    }

    public Uri GetLogoutUrl(string sessionId, string returnTo) =>
        new($"{Options.ApiBaseUrl.TrimEnd('/')}/user_management/sessions/logout{Query(("session_id", sessionId), ("return_to", returnTo))}");

    /// <summary>
    /// Invites by email to the organization. WorkOS refuses someone already in it with 400
    /// <c>user_already_organization_member</c> (<see cref="UserAlreadyOrganizationMember"/>).
    /// </summary>
    public Task<Invitation> SendInvitationAsync(string email, string organizationId, string? roleSlug, CancellationToken cancellationToken = default) =>
        SendAsync<Invitation>(HttpMethod.Post, "/user_management/invitations",
            Body(("email", email), ("organization_id", organizationId), ("role_slug", roleSlug)), authenticated: true, cancellationToken);

    /// <summary>Sends the invitation email again; the invitation must still be pending.</summary>
    public Task<Invitation> ResendInvitationAsync(string invitationId, CancellationToken cancellationToken = default) =>
        SendAsync<Invitation>(HttpMethod.Post, $"/user_management/invitations/{Uri.EscapeDataString(invitationId)}/resend", Body(), authenticated: true, cancellationToken);

    /// <summary>Revokes a pending invitation: its link no longer lets anyone join.</summary>
    public Task<Invitation> RevokeInvitationAsync(string invitationId, CancellationToken cancellationToken = default) =>
        SendAsync<Invitation>(HttpMethod.Post, $"/user_management/invitations/{Uri.EscapeDataString(invitationId)}/revoke", null, authenticated: true, cancellationToken);

    /// <summary>The WorkOS error code of an invitation to someone already in the organization.</summary>
    public const string UserAlreadyOrganizationMember = "user_already_organization_member";
}
