namespace ToolBridge.Web.Portal;

/// <summary>Addresses the portal links to, in one place.</summary>
public static class PortalLinks
{
    /// <summary>Sign-out (the sign-in endpoints accept GET and POST here).</summary>
    public const string Logout = "/auth/logout";

    public const string Home = "/";

    public const string Tenants = "/tenants";

    /// <summary>The portal's own "Page not found", which unknown page addresses answer with (status 404).</summary>
    public const string NotFound = "/not-found";

    /// <summary>The sign-in page, bringing the user back to <paramref name="returnUrl"/> (a local path) afterwards.</summary>
    public static string Login(string returnUrl) => "/auth/login?returnUrl=" + Uri.EscapeDataString(returnUrl);

    public static string Tenant(string slug) => "/t/" + Uri.EscapeDataString(slug);

    public static string Members(string slug) => Tenant(slug) + "/members";

    public static string Tokens(string slug) => Tenant(slug) + "/tokens";

    public static string Settings(string slug) => Tenant(slug) + "/settings";

    public static string Notes(string slug) => Tenant(slug) + "/notes";

    public static string Tasks(string slug) => Tenant(slug) + "/tasks";

    public static string Comments(string slug) => Tenant(slug) + "/comments";

    public static string Chats(string slug) => Tenant(slug) + "/chats";

    /// <summary>The query parameter of a list page (notes, tasks, comments, chats) that names an item to open on arrival.</summary>
    public const string OpenParameter = "open";

    /// <summary>A list page that opens one of its items on arrival: a note, task or comment in its dialog, a chat as its thread.</summary>
    public static string Open(string listPage, Guid uid) => $"{listPage}?{OpenParameter}={uid}";

    /// <summary>One chat as a thread of its messages.</summary>
    public static string Chat(string slug, Guid chatUid) => Chats(slug) + "/" + chatUid;

    public static string Activity(string slug) => Tenant(slug) + "/activity";

    /// <summary>The activity log as CSV, with the same filters as the page (a query string without the leading <c>?</c>).</summary>
    public static string ActivityCsv(string slug, string query) => Activity(slug) + ".csv" + (query.Length > 0 ? "?" + query : "");

    public static string Usage(string slug) => Tenant(slug) + "/usage";

    public static string Connect(string slug) => Tenant(slug) + "/connect";

    /// <summary>The tenant slug of a base-relative path such as <c>t/acme/members</c>, or null outside a tenant.</summary>
    public static string? SlugOf(string relativePath)
    {
        var path = relativePath.Split('?', '#')[0].Trim('/');
        var segments = path.Split('/');
        return segments.Length >= 2 && segments[0] == "t" && segments[1].Length > 0 ? Uri.UnescapeDataString(segments[1]) : null;
    }
}
