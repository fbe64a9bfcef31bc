using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>
/// What the token tests share: the app's own services with a clock the tests move (each test class's
/// <see cref="McpAppClockFixture"/>), the input they issue with, and the checks on identities, rows and secrets.
/// </summary>
public abstract class TokenTestBase
{
    protected static readonly Actor PlatformAdmin = Actor.ForUser(Guid.NewGuid(), "Platform admin");

    /// <summary>The test class's own fixture, which its tests read as <c>app</c>.</summary>
    protected abstract McpAppClockFixture App { get; }

    protected TokenService Tokens => App.Get<TokenService>();

    protected TokenAuthenticator Authenticator => App.Get<TokenAuthenticator>();

    protected TenantService Tenants => App.Get<TenantService>();

    protected MemberService Members => App.Get<MemberService>();

    protected FakeTimeProvider Clock => App.Clock;

    protected static TokenIssueInput Input(string name = "Test token", bool write = true, int? days = 30, List<string>? tools = null) =>
        new() { Name = name, Write = write, ExpiresInDays = days, Tools = tools };

    protected static TokenIdentity Identity(TokenAuthentication result)
    {
        Assert.True(result.Identity is not null, $"expected the token to authenticate, got {result.Reason}");
        Assert.Null(result.Failure);
        return result.Identity;
    }

    protected async Task<ApiToken> RowAsync(Guid tokenId)
    {
        await using var db = await App.DbAsync();
        return await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == tokenId);
    }

    /// <summary>
    /// No run of eight characters of the secret (the hint's prefix and last four are shorter), and not its hash in any
    /// usual spelling, nor the secret's bytes in hex.
    /// </summary>
    protected static void AssertHoldsNoSecret(string text, string secret, bool hashAllowed = false)
    {
        var leaked = Enumerable.Range(0, secret.Length - 7).Select(i => secret.Substring(i, 8)).FirstOrDefault(text.Contains);
        Assert.True(leaked is null, $"holds \"{leaked}\" of the secret: {text}");
        Assert.DoesNotContain(Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(secret)), text, StringComparison.OrdinalIgnoreCase);
        if (!hashAllowed)
        {
            var hash = TokenSecret.Hash(secret);
            Assert.DoesNotContain(Convert.ToHexString(hash), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(hash), text);
            Assert.DoesNotContain(Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_'), text);
        }
    }
}
