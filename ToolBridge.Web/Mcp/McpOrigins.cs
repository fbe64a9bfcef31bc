using System.Net;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Which <c>Host</c> and <c>Origin</c> headers <c>/mcp</c> accepts (the Streamable HTTP transport's DNS rebinding
/// defence). A request without <c>Origin</c> is not from a browser page and is not checked. One with it must come from
/// the public origin, an allow-listed one, or the request's own origin when its host cannot have been rebound: the
/// public host, <c>localhost</c> or an IP address. With <c>ToolBridge__PublicBaseUrl</c> set, a request for any other
/// host name is refused whatever its Origin.
/// </summary>
public sealed class McpOrigins
{
    private readonly string? _publicOrigin;
    private readonly HashSet<string> _allowed;

    public McpOrigins(HostingOptions options)
    {
        if (options.PublicBaseUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            _publicOrigin = Settings.Origin(url);
            PublicHost = uri.Authority;
            PublicUri = uri;
        }

        _allowed = options.McpAllowedOrigins.Select(Settings.Origin).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The public <c>host[:port]</c>, when <c>ToolBridge__PublicBaseUrl</c> is set.</summary>
    public string? PublicHost { get; }

    private Uri? PublicUri { get; }

    /// <summary>
    /// The public host, or a name that cannot have been rebound: an IP address (a machine's own, as a peer on the
    /// private network or a proxy in front uses it) or <c>localhost</c>. Rebinding always arrives under the attacker's
    /// DNS name, which is what this refuses.
    /// </summary>
    public bool IsPublicHost(HttpRequest request) =>
        PublicUri is null
        || CannotBeRebound(request.Host.Host)
        || (string.Equals(request.Host.Host, PublicUri.IdnHost, StringComparison.OrdinalIgnoreCase)
            && (request.Host.Port ?? PublicUri.Port) == PublicUri.Port);

    public bool IsAllowedOrigin(HttpRequest request)
    {
        var header = request.Headers.Origin;
        if (header.Count == 0)
        {
            return true;
        }

        if (header.Count > 1 || Settings.Origin(header.ToString()) is not { } origin)
        {
            return false;
        }

        if (origin == _publicOrigin || _allowed.Contains(origin))
        {
            return true;
        }

        var own = Settings.Origin($"{request.Scheme}://{request.Host.Value}");
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) && (CannotBeRebound(request.Host.Host) || (PublicUri is not null && IsPublicHost(request)));
    }

    private static bool CannotBeRebound(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out _);
}
