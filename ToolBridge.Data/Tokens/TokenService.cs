using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

/// <summary>
/// Portal-issued MCP tokens (docs/mcp-endpoint.md, "Tokens"): issue, list, rotate in place, revoke; the check every MCP
/// call makes is <see cref="TokenAuthenticator"/>. Only a SHA-256 hash of a secret is stored; the secret is returned
/// once and appears in no log or audit event. Every method but <see cref="FindTenantAsync"/> works on a context of the
/// scope's tenant, so its queries name no tenant.
/// </summary>
public sealed class TokenService(
    IDbContextFactory<ToolBridgeDbContext> dbFactory, TokenNotifications notifications, IToolCatalog catalog, TimeProvider clock, PlatformLimits limits)
{
    /// <summary>
    /// Issues a token owned by the acting user. Viewers may issue read-only tokens only; the expiry is required and
    /// capped by the tenant's policy; an allow-list may name only known tools that the scopes permit.
    /// </summary>
    public async Task<Result<IssuedToken>> IssueAsync(TenantScope scope, TokenIssueInput input, CancellationToken cancellationToken = default)
    {
        if ((RefuseManage(scope) ?? (scope.Actor.Kind == ActorKind.User ? null : Error.Forbidden("A token belongs to a member: issue it as that member."))) is { } refused)
        {
            return refused;
        }

        if (input.Write && !scope.CanWriteData)
        {
            return Error.Forbidden("Viewers can issue read-only tokens only.");
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == scope.TenantId, cancellationToken);
        var now = clock.GetUtcNow();
        if ((InputValidator.Validate(input) ?? CheckExpiry(input, tenant, now) ?? CheckTools(input.Tools, input.Write)) is { } invalid)
        {
            return invalid;
        }

        var active = await db.ApiTokens.CountAsync(t => t.OAuthClientId == null && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken);
        if (active >= limits.ActiveTokensPerTenant)
        {
            return Error.Forbidden($"This workspace already has {active} active tokens, the most the platform allows ({limits.ActiveTokensPerTenant}). Revoke tokens that are no longer used, then issue the new one.");
        }

        var secret = TokenSecret.Generate();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            TenantId = scope.TenantId,
            OwnerUserId = scope.Actor.Id,
            Name = input.Name.Trim(),
            Description = input.Description,
            Scopes = input.Write ? [TokenRules.Read, TokenRules.Write] : [TokenRules.Read],
            Tools = input.Tools is { Count: > 0 } tools ? tools.Distinct().Order().ToList() : null,
            Toolset = EnumNames<Toolset>.Parse(input.Toolset),
            SecretHash = TokenSecret.Hash(secret),
            Hint = TokenSecret.Hint(secret),
            CreatedAt = now,
            ExpiresAt = input.ExpiresAt?.ToUniversalTime() ?? now.AddDays(input.ExpiresInDays!.Value),
        };
        db.ApiTokens.Add(token);
        var owner = await db.Users.AsNoTracking().SingleAsync(u => u.Id == token.OwnerUserId, cancellationToken);
        var item = TokenRows.ToItem(token, owner.Email, now);
        AuditLog.Add(db, scope, now, "token.issue", "token", token.Id, AuditLog.Diff(null, Json.ToObject(item)));
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(item, secret);
    }

    /// <summary>The tenant a token belongs to, for operators who know only the token's id: a read across tenants.</summary>
    public async Task<Guid?> FindTenantAsync(Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAcrossTenantsAsync(cancellationToken);
        return await db.ApiTokens.Where(t => t.Id == tokenId).Select(t => (Guid?)t.TenantId).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The tokens the actor may see: their own, or every token of the tenant for owners and admins. Newest first.</summary>
    public Task<IReadOnlyList<TokenItem>> ListAsync(TenantScope scope, CancellationToken cancellationToken = default) =>
        ListRowsAsync(scope, oauthClients: false, cancellationToken);

    /// <summary>
    /// The OAuth clients' connections the actor may see (ADR 14), as <see cref="ListAsync"/>
    /// sees tokens: created at the client's first call, revoked and allowed again here.
    /// </summary>
    public Task<IReadOnlyList<TokenItem>> ListOAuthClientsAsync(TenantScope scope, CancellationToken cancellationToken = default) =>
        ListRowsAsync(scope, oauthClients: true, cancellationToken);

    /// <summary>Lets a revoked OAuth client's connection call again. Owners and admins only: a revocation is theirs to undo.</summary>
    public Task<Result<TokenItem>> AllowAgainAsync(TenantScope scope, Guid tokenId, CancellationToken cancellationToken = default) =>
        !scope.SeesAllTokens
            ? Task.FromResult<Result<TokenItem>>(Error.Forbidden("Only owners and admins can allow an app again."))
            : ChangeAsync(scope, tokenId, "token.allow", ownerOnly: false, revoking: false, (token, _) =>
            {
                if (token.OAuthClientId is null)
                {
                    return new Error(ErrorKind.Conflict, "Only an OAuth client's connection can be allowed again: issue a new token instead.");
                }

                token.RevokedAt = null;
                token.RevokedReason = null;
                return null;
            }, cancellationToken);

    private async Task<IReadOnlyList<TokenItem>> ListRowsAsync(TenantScope scope, bool oauthClients, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        IQueryable<ApiToken> tokens = db.ApiTokens.AsNoTracking().Include(t => t.Owner).Where(t => (t.OAuthClientId != null) == oauthClients);
        if (!scope.SeesAllTokens)
        {
            tokens = tokens.Where(t => t.OwnerUserId == scope.Actor.Id);
        }

        var now = clock.GetUtcNow();
        return (await tokens.OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken)).Select(t => TokenRows.ToItem(t, t.Owner!.Email, now)).ToList();
    }

    /// <summary>
    /// Gives the token a new secret, keeping its name, scopes, tools and expiry. The previous secret keeps working for
    /// <paramref name="grace"/> (zero: not at all). Only the token's owner may rotate it.
    /// </summary>
    public async Task<Result<IssuedToken>> RotateAsync(TenantScope scope, Guid tokenId, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (grace < TimeSpan.Zero || grace > TokenRules.GraceWindows[^1])
        {
            return Error.Validation("grace", $"grace must be between 0 and {TokenRules.GraceWindows[^1].TotalDays} days");
        }

        string secret = TokenSecret.Generate();
        var result = await ChangeAsync(scope, tokenId, "token.rotate", ownerOnly: true, revoking: false, (token, now) =>
        {
            if (token.OAuthClientId is not null)
            {
                return new Error(ErrorKind.Conflict, "This is an OAuth client's connection, which has no secret to rotate: its client refreshes its own access.");
            }

            if (TokenRows.Status(token, now) is TokenStatus.Revoked or TokenStatus.Expired)
            {
                return new Error(ErrorKind.Conflict, $"The token is {EnumNames<TokenStatus>.Name(TokenRows.Status(token, now))} and cannot be rotated: issue a new one.");
            }

            token.PreviousSecretHash = grace > TimeSpan.Zero ? token.SecretHash : null;
            token.PreviousSecretExpiresAt = grace > TimeSpan.Zero ? now + grace : null;
            token.SecretHash = TokenSecret.Hash(secret);
            token.Hint = TokenSecret.Hint(secret);
            token.RotatedAt = now;
            return null;
        }, cancellationToken);
        return result.IsSuccess ? new IssuedToken(result.Value, secret) : result.Error;
    }

    /// <summary>Revokes a token at once, with an optional reason. Owners of a token revoke it; admins and owners revoke any. Revoking twice changes nothing.</summary>
    public Task<Result<TokenItem>> RevokeAsync(TenantScope scope, Guid tokenId, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (reason?.Length > TokenRules.ReasonMax)
        {
            return Task.FromResult<Result<TokenItem>>(Error.Validation("reason", $"reason must be at most {TokenRules.ReasonMax} characters"));
        }

        return ChangeAsync(scope, tokenId, "token.revoke", ownerOnly: false, revoking: true, (token, now) =>
        {
            if (token.RevokedAt is null)
            {
                token.RevokedAt = now;
                token.RevokedReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            }

            return null;
        }, cancellationToken);
    }

    private async Task<Result<TokenItem>> ChangeAsync(
        TenantScope scope, Guid tokenId, string action, bool ownerOnly, bool revoking, Func<ApiToken, DateTimeOffset, Error?> change, CancellationToken cancellationToken)
    {
        if (RefuseManage(scope, revoking) is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        await using var transaction = await db.BeginTenantAccessChangeAsync(scope.TenantId, cancellationToken);
        var token = await db.ApiTokens.Include(t => t.Owner).SingleOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        var own = token?.OwnerUserId == scope.Actor.Id;
        if (token is null || (!own && !scope.SeesAllTokens))
        {
            return new Error(ErrorKind.NotFound, $"No token with id {tokenId} exists.");
        }

        if (ownerOnly && !own)
        {
            return Error.Forbidden("Only the token's owner can rotate it; you can revoke it.");
        }

        var now = clock.GetUtcNow();
        var before = Json.ToObject(TokenRows.ToItem(token, token.Owner!.Email, now));
        if (change(token, now) is { } error)
        {
            return error;
        }

        var after = TokenRows.ToItem(token, token.Owner.Email, now);
        if (db.ChangeTracker.HasChanges())
        {
            TokenRows.AddAudit(db, scope, now, action, token.Id, before, after);
            await notifications.CommitAsync(db, transaction, scope.TenantId, cancellationToken);
        }

        return after;
    }

    private Error? CheckTools(List<string>? tools, bool write)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }

        if (catalog.CheckKnown(tools, "tools") is { } unknown)
        {
            return unknown;
        }

        var known = catalog.Tools.ToDictionary(t => t.Name);
        var needWrite = tools.Where(t => !known[t].ReadOnly).ToList();
        return write || needWrite.Count == 0
            ? null
            : Error.Validation("tools", $"tools lists tools that change data, which a read-only token cannot call: {string.Join(", ", needWrite)}");
    }

    private static Error? CheckExpiry(TokenIssueInput input, Tenant tenant, DateTimeOffset now)
    {
        if ((input.ExpiresInDays is null) == (input.ExpiresAt is null))
        {
            return Error.Validation("expires_in_days", "give either expires_in_days or expires_at: every token expires");
        }

        var expiresAt = input.ExpiresAt ?? now.AddDays(input.ExpiresInDays!.Value);
        var field = input.ExpiresAt is null ? "expires_in_days" : "expires_at";
        if (expiresAt <= now)
        {
            return Error.Validation(field, $"{field} must be in the future");
        }

        return expiresAt > now.AddDays(tenant.TokenMaxLifetimeDays)
            ? Error.Validation(field, $"{field} is beyond this tenant's maximum token lifetime of {tenant.TokenMaxLifetimeDays} days")
            : null;
    }

    // Revoking only takes access away: a suspended tenant's members may still do it, so reactivation revives nothing.
    private static Error? RefuseManage(TenantScope scope, bool revoking = false) => scope switch
    {
        { Actor.Kind: ActorKind.Token } => Error.Forbidden("Tokens are managed by members in the portal, never through a token."),
        { CanRevokeTokens: true } when revoking => null,
        { ReadOnly: true } => Error.Forbidden("This tenant is suspended: its tokens cannot be issued or rotated, only revoked."),
        _ => null,
    };
}
