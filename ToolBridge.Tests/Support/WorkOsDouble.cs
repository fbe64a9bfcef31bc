using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ToolBridge.Tests.Support;

/// <summary>
/// WorkOS on loopback for the tests: the User Management, organization and membership endpoints ToolBridge calls,
/// with WorkOS's shapes. Hosted AuthKit is played by <c>/user_management/authorize</c>, which signs in
/// <see cref="NextUser"/> at once. Access tokens are RS256, signed with this double's own key, whose JWKS it serves.
/// Invitations behave as WorkOS's do: an invitation to someone who has a WorkOS user makes a <c>pending</c>
/// organization membership (also when the user signs up later), the code exchange with <c>invitation_token</c> accepts
/// it (the membership becomes <c>active</c>), resend and revoke work only while it is pending, and inviting someone
/// already in the organization is refused with 400 <c>user_already_organization_member</c>.
/// <see cref="Inject"/> makes an endpoint misbehave (<see cref="WorkOsFault"/>: slow, failing, dropping the connection,
/// answering malformed JSON) for as long as the test needs.
/// </summary>
public sealed partial class WorkOsDouble : IAsyncDisposable
{
    public const string ClientId = "client_double";
    public const string ApiKey = "sk_test_double";
    public const string KeyId = "double-key-1";

    private readonly WebApplication _app;
    private RSA _key = RSA.Create(2048);
    private readonly List<RSA> _retired = [];
    private readonly ConcurrentDictionary<string, (string UserId, string Challenge, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, bool> _usedCodes = new();
    private readonly List<(string Path, int Status, string Body)> _failures = [];
    private readonly List<(string Method, string[] Segments, WorkOsFault Fault)> _faults = [];
    private readonly ConcurrentQueue<string> _issuedTokens = new();

    private WorkOsDouble(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public ConcurrentDictionary<string, JsonObject> Users { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Organizations { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Memberships { get; } = new();

    public ConcurrentQueue<JsonObject> Invitations { get; } = new();

    /// <summary>Every request the double answered: method and path.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The JSON body of every request that had one: method and path, and the body as sent.</summary>
    public ConcurrentQueue<(string Request, JsonNode? Body)> RequestBodies { get; } = new();

    /// <summary>The query string of every visit to the hosted sign-in page (<c>/user_management/authorize</c>).</summary>
    public ConcurrentQueue<string> AuthorizeQueries { get; } = new();

    /// <summary>The user the hosted sign-in page signs in next.</summary>
    public string? NextUser { get; set; }

    /// <summary>When set, the hosted sign-in page sends the browser back with this error instead of a code.</summary>
    public (string Error, string Description)? NextAuthorizeError { get; set; }

    /// <summary>Changes access tokens before they are signed: expiry, issuer, …</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public string? AccessTokenIssuer { get; set; }

    /// <summary>When set, access tokens carry this <c>aud</c> (WorkOS usually sets none).</summary>
    public string? AccessTokenAudience { get; set; }

    /// <summary>The key id access tokens are signed with now; <see cref="RotateKey"/> changes it.</summary>
    public string CurrentKeyId { get; private set; } = KeyId;

    /// <summary>Sign access tokens with a key not in the JWKS (same key id): their signature cannot verify.</summary>
    public bool SignWithForeignKey { get; set; }

    /// <summary>Membership list pages are this small, so paging is exercised.</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>In every error body and page the double sends when a fault is injected: no page may show it.</summary>
    public const string RawBodyMarker = "raw-workos-body-7f3a";

    /// <summary>A WorkOS base URL where nothing listens: connections are refused.</summary>
    public const string Unreachable = "http://127.0.0.1:9";

    /// <summary>How long a <see cref="WorkOsFault.Slow"/> endpoint takes to answer, unless the caller gives up first.</summary>
    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Every secret the double has handed out or accepts: the API key, authorization codes, access and refresh tokens,
    /// invitation tokens. None may appear in a log.
    /// </summary>
    public IReadOnlyList<string> Secrets =>
        [ApiKey, .. _codes.Keys, .. _issuedTokens, .. Invitations.Select(i => (string?)i["token"]).OfType<string>()];

    public Dictionary<string, string?> AppSettings => new()
    {
        ["WorkOS:ClientId"] = ClientId,
        ["WorkOS:ApiKey"] = ApiKey,
        ["WorkOS:RedirectUri"] = "https://localhost/auth/callback",
        ["WorkOS:ApiBaseUrl"] = BaseUrl,
    };

    public static async Task<WorkOsDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var double_ = new WorkOsDouble(app);
        double_._key.ExportParameters(false);
        double_.Map(app);
        await app.StartAsync();
        double_.BaseUrl = app.Urls.First();
        return double_;
    }

    /// <summary>A WorkOS user; <paramref name="emailVerified"/> false plays an account whose email nobody confirmed.</summary>
    public JsonObject AddUser(string email, string firstName = "Test", string lastName = "User", bool emailVerified = true)
    {
        var user = new JsonObject
        {
            ["object"] = "user", ["id"] = $"user_{Guid.NewGuid():N}", ["email"] = email, ["email_verified"] = emailVerified,
            ["first_name"] = firstName, ["last_name"] = lastName, ["profile_picture_url"] = null,
            ["created_at"] = DateTimeOffset.UtcNow, ["updated_at"] = DateTimeOffset.UtcNow,
        };
        Users[(string)user["id"]!] = user;

        // Signing up with an invited email: the invitation's pending organization membership is theirs.
        foreach (var invitation in Invitations.Where(i => (string?)i["state"] == "pending" && SameEmail((string?)i["email"], email) && i["organization_id"] is not null))
        {
            AddMembership((string)user["id"]!, (string)invitation["organization_id"]!, (string?)invitation["role_slug"] ?? "member", "pending");
        }

        return user;
    }

    public string AddMembership(string userId, string organizationId, string role = "member", string status = "active")
    {
        var id = $"om_{Guid.NewGuid():N}";
        Memberships[id] = Membership(id, userId, organizationId, role, status);
        return id;
    }

    /// <summary>The invitation sent to this email for this organization last.</summary>
    public JsonObject Invitation(string email, string organizationId) =>
        Invitations.Last(i => SameEmail((string?)i["email"], email) && (string?)i["organization_id"] == organizationId);

    /// <summary>The user's membership of the organization, in any status, or null.</summary>
    public JsonObject? MembershipOf(string userId, string organizationId) =>
        Memberships.Values.FirstOrDefault(m => (string?)m["user_id"] == userId && (string?)m["organization_id"] == organizationId);

    private static bool SameEmail(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private JsonObject? UserByEmail(string? email) => Users.Values.FirstOrDefault(u => SameEmail((string?)u["email"], email));

    /// <summary>
    /// Signs from now on with a new key under a new key id, as WorkOS does when it rotates keys; the JWKS then serves
    /// only the new key.
    /// </summary>
    public void RotateKey()
    {
        _retired.Add(_key);
        _key = RSA.Create(2048);

        // Generated now rather than at the first signature, which can take a second on a loaded machine: inside a
        // timed call to the double it would look like WorkOS being slow. (StartAsync does the same for the first key.)
        _key.ExportParameters(false);
        CurrentKeyId = $"double-key-{Guid.NewGuid():N}";
    }

    /// <summary>The next request whose path starts with <paramref name="path"/> gets this status and body.</summary>
    public void FailNext(string path, int status, object? body = null)
    {
        lock (_failures)
        {
            _failures.Add((path, status, JsonSerializer.Serialize(body ?? new { message = "failure injected by the test", code = "injected" })));
        }
    }

    private (string Path, int Status, string Body)? TakeFailure(PathString path)
    {
        lock (_failures)
        {
            var index = _failures.FindIndex(f => path.StartsWithSegments(f.Path));
            if (index < 0)
            {
                return null;
            }

            var failure = _failures[index];
            _failures.RemoveAt(index);
            return failure;
        }
    }

    /// <summary>
    /// Every request to <paramref name="endpoint"/> (<c>"POST /organizations"</c>; <c>{id}</c> stands for one path
    /// segment: <c>"GET /sso/jwks/{id}"</c>), retries included, meets <paramref name="fault"/> until the result is disposed.
    /// </summary>
    public IDisposable Inject(string endpoint, WorkOsFault fault)
    {
        if (fault == WorkOsFault.ConnectionRefused)
        {
            throw new ArgumentException($"A connection the double accepted cannot be refused: point the app at {nameof(Unreachable)}.", nameof(fault));
        }

        var parts = endpoint.Split(' ', 2);
        var entry = (parts[0], parts[1].Trim('/').Split('/'), fault);
        lock (_faults)
        {
            _faults.Add(entry);
        }

        return new Removal(() =>
        {
            lock (_faults)
            {
                _faults.Remove(entry);
            }
        });
    }

    private WorkOsFault? FaultFor(HttpRequest request)
    {
        lock (_faults)
        {
            return _faults.Where(f => Matches(f.Method, f.Segments, $"{request.Method} {request.Path}")).Select(f => (WorkOsFault?)f.Fault).FirstOrDefault();
        }
    }

    /// <summary>How many requests the double answered for <paramref name="endpoint"/> (as <see cref="Inject"/> names it).</summary>
    public int Count(string endpoint)
    {
        var parts = endpoint.Split(' ', 2);
        var template = parts[1].Trim('/').Split('/');
        return Requests.Count(r => Matches(parts[0], template, r));
    }

    private static bool Matches(string method, string[] template, string request)
    {
        var parts = request.Split(' ', 2);
        var segments = parts[1].Trim('/').Split('/');
        return parts[0] == method && segments.Length == template.Length
            && template.Zip(segments).All(p => p.First.StartsWith('{') || p.First == p.Second);
    }

    /// <summary>Answers as the injected fault says; the faults that mangle an answer let the endpoint do its work first.</summary>
    private static async Task MisbehaveAsync(HttpContext context, WorkOsFault fault, TimeSpan slowAnswer, RequestDelegate next)
    {
        switch (fault)
        {
            case WorkOsFault.Slow:
                try
                {
                    await Task.Delay(slowAnswer, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await next(context);
                return;
            case WorkOsFault.ServerError:
                await WriteAsync(context, 500, "application/json", JsonSerializer.Serialize(new { message = $"Internal error {RawBodyMarker}", code = "server_error" }));
                return;
            case WorkOsFault.BadGatewayPage:
                await WriteAsync(context, 502, "text/html", ErrorPage("502 Bad Gateway"));
                return;
            case WorkOsFault.Unauthorized:
                await WriteAsync(context, 401, "application/json", JsonSerializer.Serialize(new { message = $"Invalid API key {RawBodyMarker}", code = "unauthorized" }));
                return;
            case WorkOsFault.Unprocessable:
                await WriteAsync(context, 422, "application/json", JsonSerializer.Serialize(new
                {
                    message = $"Validation failed {RawBodyMarker}", code = "invalid_request_parameters",
                    errors = new[] { new { field = "email", code = "invalid", message = $"is invalid {RawBodyMarker}" } },
                }));
                return;
        }

        var answer = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = answer;
        }

        if (fault == WorkOsFault.ConnectionReset)
        {
            context.Abort();
            return;
        }

        var body = fault switch
        {
            WorkOsFault.NotJson => ErrorPage("Service temporarily unavailable"),
            WorkOsFault.TruncatedJson => Encoding.UTF8.GetString(buffer.ToArray()) is var json ? json[..(json.Length / 2)] : "",
            _ => Parse(buffer.ToArray()) is { } node ? Mangle(node, fault).ToJsonString() : "",
        };
        await WriteAsync(context, context.Response.StatusCode, fault == WorkOsFault.NotJson ? "text/html" : "application/json", body);
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    private static string ErrorPage(string title) =>
        $"<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>{RawBodyMarker}</p></body></html>";

    private static JsonNode? Parse(byte[] json)
    {
        try
        {
            return json.Length == 0 ? null : JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The fields a client needs to trust an answer: ids, emails, statuses, roles, tokens, key material.</summary>
    private static readonly HashSet<string> KeyFields =
        ["id", "email", "email_verified", "organization_id", "user_id", "status", "role", "access_token", "kid", "kty", "n", "e"];

    /// <summary>Removes the <see cref="KeyFields"/> everywhere in the answer, or gives each a value of another JSON type.</summary>
    private static JsonNode Mangle(JsonNode node, WorkOsFault fault)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                Mangle(item, fault);
            }
        }
        else if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj.ToList())
            {
                if (!KeyFields.Contains(name))
                {
                    if (value is not null)
                    {
                        Mangle(value, fault);
                    }
                }
                else if (fault == WorkOsFault.MissingFields)
                {
                    obj.Remove(name);
                }
                else
                {
                    obj[name] = value switch
                    {
                        JsonObject => "member",
                        JsonArray => new JsonObject(),
                        JsonValue text when text.GetValueKind() == JsonValueKind.String => 12345,
                        _ => "yes",
                    };
                }
            }
        }

        return node;
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
        _retired.ForEach(k => k.Dispose());
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
                var text = await reader.ReadToEndAsync();
                context.Request.Body.Position = 0;
                // AuthKit's token endpoint takes a form, every other endpoint JSON.
                RequestBodies.Enqueue(($"{context.Request.Method} {context.Request.Path}",
                    text.Length == 0 ? null : context.Request.HasFormContentType ? JsonValue.Create(text) : JsonNode.Parse(text)));
            }

            // The first failure queued for this path, wherever it stands: one left over by another test (queued for a
            // retry that no longer happens) must not hold up the rest.
            if (TakeFailure(context.Request.Path) is { } failure)
            {
                context.Response.StatusCode = failure.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(failure.Body);
                return;
            }

            var management = !context.Request.Path.StartsWithSegments("/user_management/authorize")
                && !context.Request.Path.StartsWithSegments("/user_management/authenticate")
                && !context.Request.Path.StartsWithSegments("/user_management/sessions/logout")
                && !context.Request.Path.StartsWithSegments("/sso/jwks")
                && !context.Request.Path.StartsWithSegments("/oauth2")
                && !context.Request.Path.StartsWithSegments("/.well-known")
                && !context.Request.Path.StartsWithSegments("/clients");
            if (management && context.Request.Headers.Authorization != $"Bearer {ApiKey}")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { message = "Unauthorized", code = "unauthorized" });
                return;
            }

            if (FaultFor(context.Request) is { } fault)
            {
                await MisbehaveAsync(context, fault, SlowAnswer, next);
                return;
            }

            await next(context);
        });

        app.MapGet("/user_management/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["provider"] != "authkit" || q["code_challenge_method"] != "S256"
                || string.IsNullOrEmpty(q["code_challenge"]) || string.IsNullOrEmpty(q["state"]) || string.IsNullOrEmpty(q["redirect_uri"]))
            {
                return Results.BadRequest(new { message = "invalid authorization request" });
            }

            AuthorizeQueries.Enqueue(request.QueryString.Value ?? "");
            var redirect = q["redirect_uri"].ToString();
            if (NextAuthorizeError is { } error)
            {
                return Results.Redirect(QueryHelpers.AddQueryString(redirect, new Dictionary<string, string?> { ["error"] = error.Error, ["error_description"] = error.Description, ["state"] = q["state"] }));
            }

            var code = $"code_{Guid.NewGuid():N}";
            _codes[code] = (NextUser ?? throw new InvalidOperationException("tell the double who signs in: NextUser"), q["code_challenge"]!, redirect);
            return Results.Redirect(QueryHelpers.AddQueryString(redirect, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] }));
        });

        app.MapPost("/user_management/authenticate", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonObject>(request.Body);
            if ((string?)body?["client_id"] != ClientId || (string?)body["client_secret"] != ApiKey)
            {
                return Results.Json(new { error = "invalid_client", error_description = "Invalid client credentials." }, statusCode: 401);
            }

            var code = (string?)body["code"] ?? "";
            if ((string?)body["grant_type"] != "authorization_code" || !_codes.TryGetValue(code, out var grant) || !_usedCodes.TryAdd(code, true))
            {
                return Results.Json(new { error = "invalid_grant", error_description = "The code is invalid, expired or already used." }, statusCode: 400);
            }

            var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes((string?)body["code_verifier"] ?? "")));
            if (challenge != grant.Challenge)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "The code verifier does not match the challenge." }, statusCode: 400);
            }

            var user = Users[grant.UserId];
            string? organizationId = null;
            if ((string?)body["invitation_token"] is { } invitationToken)
            {
                // WorkOS accepts the invitation with the code exchange: for its email only, and only while pending.
                var invitation = Invitations.FirstOrDefault(i => (string?)i["token"] == invitationToken);
                if (invitation is null || (string?)invitation["state"] != "pending" || !SameEmail((string?)invitation["email"], (string?)user["email"]))
                {
                    return Results.Json(new { message = "The invitation is invalid, not pending, or for another email.", code = "invalid_invitation_token", errors = Array.Empty<object>() }, statusCode: 400);
                }

                organizationId = (string?)invitation["organization_id"];
                Accept(invitation, grant.UserId);
            }

            var sessionId = $"session_{Guid.NewGuid():N}";
            var refreshToken = $"refresh_{Guid.NewGuid():N}";
            _issuedTokens.Enqueue(refreshToken);
            return Results.Json(new JsonObject
            {
                ["user"] = user.DeepClone(),
                ["organization_id"] = organizationId,
                ["access_token"] = AccessToken(grant.UserId, sessionId),
                ["refresh_token"] = refreshToken,
                ["authentication_method"] = "Password",
            });
        });

        app.MapGet("/sso/jwks/{clientId}", (string clientId) =>
        {
            var parameters = _key.ExportParameters(false);
            return clientId != ClientId
                ? Results.NotFound()
                : Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = CurrentKeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } });
        });

        MapAuthKit(app);

        app.MapGet("/user_management/sessions/logout", (string session_id, string return_to) => Results.Redirect(return_to));

        app.MapPost("/organizations", async (HttpRequest request) =>
        {
            var body = (await JsonSerializer.DeserializeAsync<JsonObject>(request.Body))!;
            var organization = new JsonObject { ["object"] = "organization", ["id"] = $"org_{Guid.NewGuid():N}", ["name"] = body["name"]?.DeepClone(), ["external_id"] = body["external_id"]?.DeepClone() };
            Organizations[(string)organization["id"]!] = organization;
            return Results.Json(organization, statusCode: 201);
        });

        app.MapDelete("/organizations/{id}", (string id) => Organizations.TryRemove(id, out _) ? Results.Accepted() : Results.NotFound(new { message = "Not found", code = "entity_not_found" }));

        app.MapGet("/user_management/organization_memberships", (string? user_id, string? organization_id, string? statuses, string? after, int? limit) =>
        {
            if (user_id is null && organization_id is null)
            {
                return Results.Json(new { message = "Provide user_id or organization_id", code = "invalid_request" }, statusCode: 422);
            }

            var all = Memberships.Values
                .Where(m => (user_id is null || (string?)m["user_id"] == user_id)
                    && (organization_id is null || (string?)m["organization_id"] == organization_id)
                    && (statuses is null || statuses.Split(',').Contains((string?)m["status"])))
                .OrderBy(m => (string?)m["id"]).ToList();
            var start = after is null ? 0 : all.FindIndex(m => (string?)m["id"] == after) + 1;
            var page = all.Skip(start).Take(Math.Min(limit ?? 10, PageSize)).ToList();
            var more = start + page.Count < all.Count;
            return Results.Json(new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray([.. page.Select(m => (JsonNode)m.DeepClone())]),
                ["list_metadata"] = new JsonObject { ["before"] = null, ["after"] = more ? (string?)page[^1]["id"] : null },
            });
        });

        app.MapPost("/user_management/organization_memberships", async (HttpRequest request) =>
        {
            var body = (await JsonSerializer.DeserializeAsync<JsonObject>(request.Body))!;
            var id = AddMembership((string)body["user_id"]!, (string)body["organization_id"]!, (string?)body["role_slug"] ?? "member");
            return Results.Json(Memberships[id], statusCode: 201);
        });

        app.MapPut("/user_management/organization_memberships/{id}", async (string id, HttpRequest request) =>
        {
            var body = (await JsonSerializer.DeserializeAsync<JsonObject>(request.Body))!;
            if (!Memberships.TryGetValue(id, out var membership))
            {
                return Results.NotFound(new { message = "Not found", code = "entity_not_found" });
            }

            membership["role"] = new JsonObject { ["slug"] = (string?)body["role_slug"] };
            membership["updated_at"] = DateTimeOffset.UtcNow;
            return Results.Json(membership);
        });

        app.MapDelete("/user_management/organization_memberships/{id}", (string id) =>
            Memberships.TryRemove(id, out _) ? Results.Accepted() : Results.NotFound(new { message = "Not found", code = "entity_not_found" }));

        app.MapPost("/user_management/invitations", async (HttpRequest request) =>
        {
            var body = (await JsonSerializer.DeserializeAsync<JsonObject>(request.Body))!;
            var email = (string?)body["email"];
            var organizationId = (string?)body["organization_id"];
            var role = (string?)body["role_slug"] ?? "member";
            var invitee = UserByEmail(email);
            var existing = invitee is null || organizationId is null ? null : MembershipOf((string)invitee["id"]!, organizationId);
            if (existing is not null && (string?)existing["status"] == "active")
            {
                return Results.Json(new { message = "The user is already a member of the organization.", code = "user_already_organization_member", errors = Array.Empty<object>() }, statusCode: 400);
            }

            var token = $"tok{Guid.NewGuid():N}";
            var now = DateTimeOffset.UtcNow;
            var invitation = new JsonObject
            {
                ["object"] = "invitation", ["id"] = $"invitation_{Guid.NewGuid():N}", ["email"] = email, ["state"] = "pending",
                ["accepted_at"] = null, ["revoked_at"] = null, ["expires_at"] = now.AddDays(7), ["organization_id"] = organizationId,
                ["inviter_user_id"] = null, ["accepted_user_id"] = null, ["role_slug"] = organizationId is null ? null : role, ["token"] = token,
                ["accept_invitation_url"] = $"https://localhost/auth/login?invitation_token={token}", ["created_at"] = now, ["updated_at"] = now,
            };
            Invitations.Enqueue(invitation);
            if (invitee is not null && organizationId is not null && existing is null)
            {
                AddMembership((string)invitee["id"]!, organizationId, role, "pending");
            }

            return Results.Json(invitation, statusCode: 201);
        });

        app.MapPost("/user_management/invitations/{id}/resend", (string id) =>
        {
            if (Invitations.FirstOrDefault(i => (string?)i["id"] == id) is not { } invitation)
            {
                return Results.NotFound(new { message = "Not found", code = "entity_not_found" });
            }

            if ((string?)invitation["state"] != "pending")
            {
                return Results.Json(new { message = "The invitation is not pending.", code = "invite_not_pending", errors = Array.Empty<object>() }, statusCode: 400);
            }

            invitation["updated_at"] = DateTimeOffset.UtcNow;
            invitation["resent"] = ((int?)invitation["resent"] ?? 0) + 1;
            return Results.Json(invitation);
        });

        app.MapPost("/user_management/invitations/{id}/revoke", (string id) =>
        {
            if (Invitations.FirstOrDefault(i => (string?)i["id"] == id) is not { } invitation)
            {
                return Results.NotFound(new { message = "Not found", code = "entity_not_found" });
            }

            if ((string?)invitation["state"] != "pending")
            {
                return Results.Json(new { message = "The invitation is not pending.", code = "invite_not_pending", errors = Array.Empty<object>() }, statusCode: 400);
            }

            invitation["state"] = "revoked";
            invitation["revoked_at"] = DateTimeOffset.UtcNow;
            invitation["updated_at"] = DateTimeOffset.UtcNow;
            if (UserByEmail((string?)invitation["email"]) is { } invitee && (string?)invitation["organization_id"] is { } organizationId
                && MembershipOf((string)invitee["id"]!, organizationId) is { } pending && (string?)pending["status"] == "pending")
            {
                Memberships.TryRemove((string)pending["id"]!, out _);
            }

            return Results.Json(invitation);
        });
    }

    /// <summary>
    /// Accepts an invitation as its invitee, as following its link and signing in does: the pending membership becomes
    /// active (or an active one is made).
    /// </summary>
    public void Accept(JsonObject invitation, string userId)
    {
        var now = DateTimeOffset.UtcNow;
        invitation["state"] = "accepted";
        invitation["accepted_at"] = now;
        invitation["updated_at"] = now;
        invitation["accepted_user_id"] = userId;
        if ((string?)invitation["organization_id"] is not { } organizationId)
        {
            return;
        }

        if (MembershipOf(userId, organizationId) is { } membership)
        {
            membership["status"] = "active";
            membership["updated_at"] = now;
        }
        else
        {
            AddMembership(userId, organizationId, (string?)invitation["role_slug"] ?? "member");
        }
    }

    /// <summary>An access token as the code exchange returns it, for tests of the validator.</summary>
    public string AccessToken(string userId, string sessionId)
    {
        using var foreign = SignWithForeignKey ? RSA.Create(2048) : null;
        var now = DateTime.UtcNow;
        var expires = now + AccessTokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AccessTokenIssuer ?? BaseUrl,
            Audience = AccessTokenAudience,
            Claims = new Dictionary<string, object> { ["sub"] = userId, ["sid"] = sessionId, ["jti"] = Guid.NewGuid().ToString("N") },
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(foreign ?? _key) { KeyId = CurrentKeyId }, SecurityAlgorithms.RsaSha256),
        });
        _issuedTokens.Enqueue(token);
        return token;
    }

    private static JsonObject Membership(string id, string userId, string organizationId, string role, string status) => new()
    {
        ["object"] = "organization_membership", ["id"] = id, ["user_id"] = userId, ["organization_id"] = organizationId,
        ["organization_name"] = "Org", ["status"] = status, ["role"] = new JsonObject { ["slug"] = role },
        ["created_at"] = DateTimeOffset.UtcNow, ["updated_at"] = DateTimeOffset.UtcNow,
    };
}

/// <summary>How an endpoint of <see cref="WorkOsDouble"/> misbehaves (<see cref="WorkOsDouble.Inject"/>).</summary>
public enum WorkOsFault
{
    /// <summary>Answers after <see cref="WorkOsDouble.SlowAnswer"/>, or never if the caller gives up first.</summary>
    Slow,

    /// <summary>500 with a WorkOS error body.</summary>
    ServerError,

    /// <summary>502 with an HTML page, as a proxy in front of WorkOS answers.</summary>
    BadGatewayPage,

    /// <summary>401, as for a wrong or revoked API key.</summary>
    Unauthorized,

    /// <summary>422 with validation errors: WorkOS refuses the request itself.</summary>
    Unprocessable,

    /// <summary>Nothing listens (the app pointed at <see cref="WorkOsDouble.Unreachable"/>); not injected per endpoint.</summary>
    ConnectionRefused,

    /// <summary>Does the work, then drops the connection without an answer.</summary>
    ConnectionReset,

    /// <summary>Does the work, then answers 200 with an HTML page.</summary>
    NotJson,

    /// <summary>Does the work, then sends the first half of its JSON answer.</summary>
    TruncatedJson,

    /// <summary>Does the work, then answers without the ids, emails, statuses, roles, tokens and key material.</summary>
    MissingFields,

    /// <summary>Does the work, then answers with those fields in another JSON type (a number for an id, a string for a role).</summary>
    WrongTypes,
}
