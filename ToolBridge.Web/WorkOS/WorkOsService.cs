using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// The WorkOS REST calls ToolBridge makes, over one named <see cref="HttpClient"/> with retries for 429 and 5xx, each
/// bounded by <see cref="WorkOsOptions.TimeoutSeconds"/>.
/// Named after the official SDK's services so a later move to the SDK stays local. Keys, codes and tokens are
/// never logged: only the method, path and status are.
/// </summary>
public abstract class WorkOsService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options)
{
    public const string HttpClientName = "WorkOS";

    // Strict on what comes back: a missing or null value the model does not allow is an answer ToolBridge cannot read,
    // not a null that a sync would take for "no organization", "no status" or "no key".
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
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

    /// <summary>
    /// Sends one call and reads its answer. Every failure is a <see cref="WorkOsException"/>: refused (WorkOS's status and
    /// code), not answered within <see cref="WorkOsOptions.TimeoutSeconds"/> or at all, or answered with a body that is
    /// not the JSON <typeparamref name="T"/> needs. Only the caller's own cancellation passes as it is.
    /// </summary>
    protected async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, bool authenticated, CancellationToken cancellationToken)
    {
        var call = $"{method} {path.Split('?')[0]}";
        using var http = httpFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        if (authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.ApiKey);
        }

        int status;
        byte[] content;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception exception) when (NoAnswer(exception, cancellationToken) is { } failure)
        {
            throw new WorkOsException(0, failure, $"WorkOS did not answer {call}: {failure}");
        }

        if (status is < 200 or > 299)
        {
            throw Refusal(status, call, content);
        }

        if (typeof(T) == typeof(bool))
        {
            return (T)(object)true;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content, Json) ?? throw new JsonException("The answer is null.");
        }
        catch (JsonException exception)
        {
            // The reader's message names the place (a path, a missing property), never the values.
            throw new WorkOsException(status, WorkOsException.MalformedAnswer, $"WorkOS answered {status} to {call} with a body ToolBridge cannot read: {exception.Message}");
        }
    }

    /// <summary>Why no answer came (<see cref="WorkOsException.Timeout"/>, …); null for the caller's own cancellation and for bugs.</summary>
    private static string? NoAnswer(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        TimeoutRejectedException or OperationCanceledException => WorkOsException.Timeout,
        BrokenCircuitException => WorkOsException.CircuitOpen,
        HttpRequestException or IOException or ExecutionRejectedException => WorkOsException.ConnectionFailed,
        _ => null,
    };

    /// <summary>A refusal with WorkOS's code and description, when the body is a WorkOS error (it may be a proxy's HTML page).</summary>
    private static WorkOsException Refusal(int status, string call, byte[] content)
    {
        string? code = null;
        string? description = null;
        try
        {
            using var error = JsonDocument.Parse(content);
            if (error.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = Text(error.RootElement, "error") ?? Text(error.RootElement, "code");
                description = Text(error.RootElement, "error_description") ?? Text(error.RootElement, "message");
            }
        }
        catch (JsonException)
        {
        }

        return new WorkOsException(status, string.IsNullOrEmpty(code) ? null : code, $"WorkOS answered {status} to {call}" + (description is null ? "" : $": {description}"));

        static string? Text(JsonElement error, string name) =>
            error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
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

    /// <summary>
    /// The keys WorkOS signs access tokens with (<c>/sso/jwks/{client_id}</c>): the complete RSA keys with a key id. An
    /// answer without one is a <see cref="WorkOsException.MalformedAnswer"/>.
    /// </summary>
    public async Task<IReadOnlyList<JsonWebKey>> GetSigningKeysAsync(CancellationToken cancellationToken = default)
    {
        var path = $"/sso/jwks/{Uri.EscapeDataString(Options.ClientId!)}";
        var set = await SendAsync<JsonElement>(HttpMethod.Get, path, null, authenticated: false, cancellationToken);
        List<JsonWebKey> keys;
        try
        {
            keys = new JsonWebKeySet(set.GetRawText()).Keys
                .Where(k => k.Kty == "RSA" && !string.IsNullOrEmpty(k.Kid) && !string.IsNullOrEmpty(k.N) && !string.IsNullOrEmpty(k.E))
                .ToList();
        }
        catch (Exception exception) when (exception is ArgumentException or JsonException or InvalidOperationException)
        {
            keys = [];
        }

        return keys.Count > 0 ? keys : throw new WorkOsException(200, WorkOsException.MalformedAnswer, $"WorkOS answered GET {path} without a usable signing key");
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

public sealed class OrganizationsService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options) : WorkOsService(httpFactory, options)
{
    public Task<Organization> CreateOrganizationAsync(string name, string? externalId, CancellationToken cancellationToken = default) =>
        SendAsync<Organization>(HttpMethod.Post, "/organizations", Body(("name", name), ("external_id", externalId)), authenticated: true, cancellationToken);

    public Task DeleteOrganizationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<bool>(HttpMethod.Delete, $"/organizations/{Uri.EscapeDataString(id)}", null, authenticated: true, cancellationToken);
}

public sealed class OrganizationMembershipService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options) : WorkOsService(httpFactory, options)
{
    /// <summary>
    /// Every membership of a user in the given statuses (comma-separated: <c>active</c>, <c>pending</c>,
    /// <c>inactive</c>), following the list cursor to the end. A <c>pending</c> membership is an invitation not
    /// accepted yet. All the pages together take at most <see cref="WorkOsOptions.TimeoutSeconds"/>, as one call does.
    /// </summary>
    public async Task<IReadOnlyList<OrganizationMembership>> ListForUserAsync(string userId, string statuses = "active", CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.Timeout);
        var memberships = new List<OrganizationMembership>();
        string? after = null;
        try
        {
            do
            {
                var query = Query(("user_id", userId), ("statuses", statuses), ("limit", "100"), ("after", after));
                var page = await SendAsync<ListResponse<OrganizationMembership>>(HttpMethod.Get, $"/user_management/organization_memberships{query}", null, authenticated: true, deadline.Token);
                memberships.AddRange(page.Data);
                after = page.ListMetadata.After;
            }
            while (after is not null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WorkOsException(0, WorkOsException.Timeout, $"WorkOS did not list the memberships within {Options.TimeoutSeconds} s ({memberships.Count} read)");
        }

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
