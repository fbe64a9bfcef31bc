using System.Net;

namespace ToolBridge.Web.Auth;

/// <summary>The few plain pages of the sign-in flow; they need no interactivity and must work when nothing else does.</summary>
internal static class AuthPages
{
    public static IResult Error(string title, string detail, int status = StatusCodes.Status400BadRequest) => Results.Content(Page(title, $"""
        <p>{WebUtility.HtmlEncode(detail)}</p>
        <p><a href="/auth/login">Try signing in again</a></p>
        """), "text/html; charset=utf-8", statusCode: status);

    public static IResult DevSignIn(IEnumerable<(string Email, string Name)> users, string returnUrl, string antiforgeryField, string antiforgeryToken) => Results.Content(Page("Development sign-in", $"""
        <p>WorkOS is not configured, so in Development you can sign in as any known user.</p>
        <form method="post" action="/auth/dev">
          <input type="hidden" name="{WebUtility.HtmlEncode(antiforgeryField)}" value="{WebUtility.HtmlEncode(antiforgeryToken)}">
          <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
          <label for="email">Sign in as</label>
          <select id="email" name="email">{string.Concat(users.Select(u => $"<option value=\"{WebUtility.HtmlEncode(u.Email)}\">{WebUtility.HtmlEncode(u.Name)} ({WebUtility.HtmlEncode(u.Email)})</option>"))}</select>
          <button type="submit">Sign in</button>
        </form>
        """), "text/html; charset=utf-8");

    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{WebUtility.HtmlEncode(title)} · ToolBridge</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
          <h1>{WebUtility.HtmlEncode(title)}</h1>
          {body}
        </body>
        </html>
        """;
}
