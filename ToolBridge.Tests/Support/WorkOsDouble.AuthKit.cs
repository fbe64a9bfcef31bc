using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ToolBridge.Tests.Support;

/// <summary>
/// AuthKit as the authorization server of MCP clients, at the double's own address (the AuthKit domain of the tests):
/// its metadata (RFC 8414), Dynamic Client Registration, authorization with PKCE and the choice of an organization
/// (<see cref="NextOrganization"/> for <see cref="NextUser"/>), the token endpoint (code and refresh) and its keys, the
/// same as the sign-in's.
/// </summary>
public sealed partial class WorkOsDouble
{
    private readonly ConcurrentDictionary<string, JsonClient> _clients = new();
    private readonly ConcurrentDictionary<string, AuthKitGrant> _authKitCodes = new();
    private readonly ConcurrentDictionary<string, AuthKitGrant> _refreshTokens = new();

    /// <summary>Where the double serves a Client ID Metadata Document of its own, for a client that registers by URL.</summary>
    public const string ClientMetadataPath = "/clients/test-connector.json";

    /// <summary>The redirect URI that document allows.</summary>
    public const string ClientMetadataRedirectUri = "http://127.0.0.1:9/callback";

    /// <summary>
    /// The client id of that document: its URL. Clients require an https URL; the double answers for this host itself,
    /// as a connector's own site would.
    /// </summary>
    public const string ClientMetadataUrl = "https://connector.test" + ClientMetadataPath;

    /// <summary>The organization the next consent chooses.</summary>
    public string? NextOrganization { get; set; }

    /// <summary>The clients registered through <c>/oauth2/register</c>, by client id.</summary>
    public IReadOnlyDictionary<string, JsonClient> RegisteredClients => _clients;

    /// <summary>How many access tokens <c>/oauth2/token</c> has issued, by grant type.</summary>
    public ConcurrentDictionary<string, int> TokenGrants { get; } = new();

    public sealed record JsonClient(string ClientId, string[] RedirectUris, string? ClientName);

    private sealed record AuthKitGrant(string UserId, string? OrganizationId, string ClientId, string Challenge, string RedirectUri, string? Resource);

    // A client id that is a URL names a Client ID Metadata Document: fetched, and trusted when it names itself.
    private async Task<JsonClient?> FetchClientMetadataAsync(string clientId)
    {
        if (!Uri.TryCreate(clientId, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            return null;
        }

        using var http = new HttpClient();
        var document = await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(url.Host == new Uri(ClientMetadataUrl).Host ? new Uri(BaseUrl + url.PathAndQuery) : url);
        if ((string?)document?["client_id"] != clientId)
        {
            return null;
        }

        var client = new JsonClient(clientId, document!["redirect_uris"]?.AsArray().Select(u => (string?)u).OfType<string>().ToArray() ?? [], (string?)document["client_name"]);
        _clients[clientId] = client;
        return client;
    }

    private void MapAuthKit(WebApplication app)
    {
        app.MapGet("/.well-known/oauth-authorization-server", () => Results.Json(new
        {
            issuer = BaseUrl,
            authorization_endpoint = $"{BaseUrl}/oauth2/authorize",
            token_endpoint = $"{BaseUrl}/oauth2/token",
            registration_endpoint = $"{BaseUrl}/oauth2/register",
            jwks_uri = $"{BaseUrl}/oauth2/jwks",
            response_types_supported = new[] { "code" },
            grant_types_supported = new[] { "authorization_code", "refresh_token" },
            code_challenge_methods_supported = new[] { "S256" },
            token_endpoint_auth_methods_supported = new[] { "none" },
            client_id_metadata_document_supported = true,
        }));

        app.MapGet(ClientMetadataPath, () => Results.Json(new
        {
            client_id = ClientMetadataUrl,
            client_name = "Test connector (metadata document)",
            redirect_uris = new[] { ClientMetadataRedirectUri },
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
            token_endpoint_auth_method = "none",
        }));

        app.MapGet("/oauth2/jwks", () =>
        {
            var parameters = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = CurrentKeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } });
        });

        app.MapPost("/oauth2/register", async (HttpRequest request) =>
        {
            var body = await System.Text.Json.JsonSerializer.DeserializeAsync<System.Text.Json.Nodes.JsonObject>(request.Body);
            var redirects = body?["redirect_uris"]?.AsArray().Select(u => (string?)u).OfType<string>().ToArray() ?? [];
            if (redirects.Length == 0)
            {
                return Results.Json(new { error = "invalid_redirect_uri", error_description = "redirect_uris is required" }, statusCode: 400);
            }

            var client = new JsonClient($"client_{Guid.NewGuid():N}", redirects, (string?)body!["client_name"]);
            _clients[client.ClientId] = client;
            return Results.Json(new
            {
                client_id = client.ClientId,
                client_id_issued_at = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                client_name = client.ClientName,
                redirect_uris = client.RedirectUris,
                grant_types = new[] { "authorization_code", "refresh_token" },
                response_types = new[] { "code" },
                token_endpoint_auth_method = "none",
            }, statusCode: 201);
        });

        app.MapGet("/oauth2/authorize", async (HttpRequest request) =>
        {
            var q = request.Query;
            var redirect = q["redirect_uri"].ToString();
            var client = _clients.GetValueOrDefault(q["client_id"].ToString()) ?? await FetchClientMetadataAsync(q["client_id"].ToString());
            if (client is null || !client.RedirectUris.Contains(redirect))
            {
                return Results.BadRequest(new { error = "invalid_client", error_description = "unknown client or redirect_uri not registered" });
            }

            if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            {
                return Results.Redirect(QueryHelpers.AddQueryString(redirect, new Dictionary<string, string?> { ["error"] = "invalid_request", ["state"] = q["state"] }));
            }

            var code = $"authkit_code_{Guid.NewGuid():N}";
            _authKitCodes[code] = new AuthKitGrant(NextUser ?? throw new InvalidOperationException("tell the double who consents: NextUser"),
                NextOrganization, client.ClientId, q["code_challenge"]!, redirect, q["resource"]);
            return Results.Redirect(QueryHelpers.AddQueryString(redirect, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"], ["iss"] = BaseUrl }));
        });

        app.MapPost("/oauth2/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            AuthKitGrant? grant;
            var type = form["grant_type"].ToString();
            if (type == "authorization_code")
            {
                var verifier = form["code_verifier"].ToString();
                if (!_authKitCodes.TryRemove(form["code"].ToString(), out grant) || grant.ClientId != form["client_id"] || grant.RedirectUri != form["redirect_uri"]
                    || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
                {
                    return Results.Json(new { error = "invalid_grant", error_description = "bad code, client, redirect_uri or code_verifier" }, statusCode: 400);
                }
            }
            else if (type == "refresh_token")
            {
                if (!_refreshTokens.TryRemove(form["refresh_token"].ToString(), out grant) || grant.ClientId != form["client_id"])
                {
                    return Results.Json(new { error = "invalid_grant", error_description = "unknown or used refresh token" }, statusCode: 400);
                }
            }
            else
            {
                return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
            }

            // The Resource Indicator: the resource the client asked for, which the dashboard must list.
            var audience = form["resource"].FirstOrDefault() ?? grant.Resource ?? "";
            var refresh = $"authkit_refresh_{Guid.NewGuid():N}";
            _refreshTokens[refresh] = grant;
            TokenGrants.AddOrUpdate(type, 1, (_, n) => n + 1);
            return Results.Json(new
            {
                access_token = AuthKitToken(grant.UserId, grant.OrganizationId, audience, grant.ClientId),
                token_type = "Bearer",
                expires_in = (int)AccessTokenLifetime.TotalSeconds,
                refresh_token = refresh,
            });
        });
    }

    /// <summary>
    /// An access token as AuthKit issues it to an MCP client after consent: for <paramref name="audience"/> (the Resource
    /// Indicator), naming the organization chosen and the client. <paramref name="issuer"/> defaults to this double's
    /// address, the AuthKit domain of the tests; <paramref name="lifetime"/> may be negative (an expired token).
    /// </summary>
    public string AuthKitToken(string userId, string? organizationId, string audience, string clientId = "client_mcp_double", string? issuer = null, TimeSpan? lifetime = null)
    {
        using var foreign = SignWithForeignKey ? RSA.Create(2048) : null;
        return AuthKitToken(userId, organizationId, audience, clientId, issuer, lifetime,
            new SigningCredentials(new RsaSecurityKey(foreign ?? _key) { KeyId = CurrentKeyId }, SecurityAlgorithms.RsaSha256));
    }

    /// <summary>The same token signed with <paramref name="credentials"/> (another algorithm or key), as an attacker would.</summary>
    public string AuthKitToken(string userId, string? organizationId, string audience, string clientId, string? issuer, TimeSpan? lifetime, SigningCredentials credentials)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? AccessTokenLifetime);
        var claims = new Dictionary<string, object> { ["sub"] = userId, ["client_id"] = clientId, ["jti"] = Guid.NewGuid().ToString("N") };
        if (organizationId is not null)
        {
            claims["org_id"] = organizationId;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? BaseUrl,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = credentials,
        });
    }

    /// <summary>The public half of the current signing key as the JWKS serves it: what an HS256 confusion attack keys its HMAC with.</summary>
    public byte[] PublicKeyBytes => _key.ExportSubjectPublicKeyInfo();
}
