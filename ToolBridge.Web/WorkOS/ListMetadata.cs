namespace ToolBridge.Web.WorkOS;

internal sealed record ListMetadata(string? Before = null, string? After = null);
