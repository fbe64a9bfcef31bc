using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ToolBridge.Web.Auth;

/// <summary>
/// What a sign-in needs to remember between <c>/auth/login</c> and <c>/auth/callback</c>: the state, the PKCE
/// verifier, the local return URL and the WorkOS invitation token the person arrived with, if any. It lives in an
/// encrypted, HttpOnly cookie, which binds the state to this browser; the callback accepts it once and within ten
/// minutes.
/// </summary>
public sealed record SignInState(string State, string CodeVerifier, string ReturnUrl, DateTimeOffset ExpiresAt, string? InvitationToken = null)
{
    public const string CookieName = ".ToolBridge.SignIn";
    private const string Purpose = "ToolBridge.SignIn.v1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public string CodeChallenge => WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(CodeVerifier)));

    public static SignInState Create(string returnUrl, DateTimeOffset now, string? invitationToken = null) =>
        new(Random(32), Random(32), returnUrl, now + Lifetime, invitationToken);

    /// <summary>
    /// An invitation token is only passed on to WorkOS, which checks it; this keeps junk out of the cookie and the URL:
    /// letters, digits, <c>-</c> and <c>_</c>, at most 256 characters.
    /// </summary>
    public static bool IsPlausibleInvitationToken(string? token) =>
        token is { Length: > 0 and <= 256 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public void Save(HttpContext context, IDataProtectionProvider protection) =>
        context.Response.Cookies.Append(CookieName, protection.CreateProtector(Purpose).Protect(JsonSerializer.Serialize(this)), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/auth",
            MaxAge = Lifetime,
        });

    /// <summary>Reads and deletes the cookie: the state can be used once.</summary>
    public static SignInState? Take(HttpContext context, IDataProtectionProvider protection)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value))
        {
            return null;
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/auth" });
        try
        {
            return JsonSerializer.Deserialize<SignInState>(protection.CreateProtector(Purpose).Unprotect(value));
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException)
        {
            return null;
        }
    }

    public bool Matches(string? state, DateTimeOffset now) =>
        state is not null && now <= ExpiresAt
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(State), System.Text.Encoding.ASCII.GetBytes(state));

    private static string Random(int bytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));
}
