using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// The WorkOS REST calls ToolBridge makes, over one named <see cref="HttpClient"/> with retries for 429 and 5xx.
/// Named after the official SDK's services so a later move to the SDK stays local. Keys, codes and tokens are
/// never logged: only the method, path and status are.
/// </summary>
public abstract class WorkOsService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options)
{
    public const string HttpClientName = "WorkOS";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A query string of the given parameters, leaving out those without a value.</summary>
    protected static QueryString Query(params (string Name, string? Value)[] parameters) =>
        QueryString.Create(parameters.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Name, p.Value)));

    /// <summary>
    /// A JSON request body of the given fields, leaving out those without a value: WorkOS reads an explicit
    /// <c>null</c> differently from an absent field, and <c>WhenWritingNull</c> does not apply to dictionary entries.
    /// </summary>
    protected static Dictionary<string, string> Body(params (string Name, string? Value)[] fields) =>
        fields.Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value!);

    protected WorkOsOptions Options => options.Value;

    protected async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, bool authenticated, CancellationToken cancellationToken)
    {
        using var http = httpFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        if (authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.ApiKey);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            string? code = null;
            var message = $"WorkOS answered {(int)response.StatusCode} to {method} {path.Split('?')[0]}";
            try
            {
                var error = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
                code = (error.TryGetProperty("error", out var e) ? e : error.TryGetProperty("code", out var c) ? c : default).ToString();
                var description = error.TryGetProperty("error_description", out var d) ? d.GetString() : error.TryGetProperty("message", out var m) ? m.GetString() : null;
                message += description is null ? "" : $": {description}";
            }
            catch (JsonException)
            {
            }

            throw new WorkOsException((int)response.StatusCode, string.IsNullOrEmpty(code) ? null : code, message);
        }

        return typeof(T) == typeof(bool) ? (T)(object)true : (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }
}

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

public sealed class OrganizationsService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options) : WorkOsService(httpFactory, options)
{
    public Task<Organization> CreateOrganizationAsync(string name, string? externalId, CancellationToken cancellationToken = default) =>
        SendAsync<Organization>(HttpMethod.Post, "/organizations", Body(("name", name), ("external_id", externalId)), authenticated: true, cancellationToken);

    public Task<Organization> GetOrganizationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<Organization>(HttpMethod.Get, $"/organizations/{Uri.EscapeDataString(id)}", null, authenticated: true, cancellationToken);

    public Task DeleteOrganizationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<bool>(HttpMethod.Delete, $"/organizations/{Uri.EscapeDataString(id)}", null, authenticated: true, cancellationToken);
}

public sealed class OrganizationMembershipService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options) : WorkOsService(httpFactory, options)
{
    /// <summary>
    /// Every membership of a user in the given statuses (comma-separated: <c>active</c>, <c>pending</c>,
    /// <c>inactive</c>), following the list cursor to the end. A <c>pending</c> membership is an invitation not
    /// accepted yet.
    /// </summary>
    public async Task<IReadOnlyList<OrganizationMembership>> ListForUserAsync(string userId, string statuses = "active", CancellationToken cancellationToken = default)
    {
        var memberships = new List<OrganizationMembership>();
        string? after = null;
        do
        {
            var query = Query(("user_id", userId), ("statuses", statuses), ("limit", "100"), ("after", after));
            var page = await SendAsync<ListResponse<OrganizationMembership>>(HttpMethod.Get, $"/user_management/organization_memberships{query}", null, authenticated: true, cancellationToken);
            memberships.AddRange(page.Data);
            after = page.ListMetadata.After;
        }
        while (after is not null);

        return memberships;
    }

    public Task<OrganizationMembership> CreateAsync(string userId, string organizationId, string roleSlug, CancellationToken cancellationToken = default) =>
        SendAsync<OrganizationMembership>(HttpMethod.Post, "/user_management/organization_memberships",
            Body(("user_id", userId), ("organization_id", organizationId), ("role_slug", roleSlug)), authenticated: true, cancellationToken);

    /// <summary>The user's membership of the organization (any status), or null when there is none.</summary>
    public async Task<OrganizationMembership?> FindAsync(string userId, string organizationId, CancellationToken cancellationToken = default)
    {
        var query = Query(("user_id", userId), ("organization_id", organizationId), ("limit", "1"));
        var page = await SendAsync<ListResponse<OrganizationMembership>>(HttpMethod.Get, $"/user_management/organization_memberships{query}", null, authenticated: true, cancellationToken);
        return page.Data.FirstOrDefault(m => m.UserId == userId && m.OrganizationId == organizationId);
    }

    public Task<OrganizationMembership> UpdateAsync(string membershipId, string roleSlug, CancellationToken cancellationToken = default) =>
        SendAsync<OrganizationMembership>(HttpMethod.Put, $"/user_management/organization_memberships/{Uri.EscapeDataString(membershipId)}",
            Body(("role_slug", roleSlug)), authenticated: true, cancellationToken);

    public Task DeleteAsync(string membershipId, CancellationToken cancellationToken = default) =>
        SendAsync<bool>(HttpMethod.Delete, $"/user_management/organization_memberships/{Uri.EscapeDataString(membershipId)}", null, authenticated: true, cancellationToken);
}
