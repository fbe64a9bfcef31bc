namespace ToolBridge.Web.Hosting;

/// <summary>
/// An identity that names its caller in the log scope of its requests, as an MCP token's tenant and token. The
/// authentication that makes it says what to log; without one, a signed-in portal user is logged by id.
/// </summary>
public interface ILogScopeIdentity
{
    LogScope LogScope { get; }
}
