namespace ToolBridge.Web;

/// <summary>
/// Where people and clients reach this app: <c>ToolBridge:PublicBaseUrl</c> when set (behind Fly's proxy the request
/// does not know), otherwise the origin the request came in on. Every absolute link the app hands out comes from here.
/// </summary>
public static class PublicUrls
{
    public static string Of(IConfiguration configuration, string requestOrigin, string path) =>
        (configuration["ToolBridge:PublicBaseUrl"] is { Length: > 0 } configured ? configured : requestOrigin).TrimEnd('/') + path;

    public static string Of(HttpContext context, string path) =>
        Of(context.RequestServices.GetRequiredService<IConfiguration>(), $"{context.Request.Scheme}://{context.Request.Host}", path);
}
