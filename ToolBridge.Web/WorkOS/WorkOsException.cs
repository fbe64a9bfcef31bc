namespace ToolBridge.Web.WorkOS;

/// <summary>
/// A WorkOS call that failed: refused, with its HTTP status and WorkOS's error code (<c>invalid_grant</c>, …); not answered
/// (<see cref="Status"/> 0, and <see cref="Timeout"/>, <see cref="ConnectionFailed"/> or <see cref="CircuitOpen"/>); or
/// answered with a body ToolBridge cannot read (<see cref="MalformedAnswer"/>, with the status it came with). The message
/// names the call, never a key or token.
/// </summary>
public sealed class WorkOsException(int status, string? code, string message) : Exception(message)
{
    public const string Timeout = "timeout";

    public const string ConnectionFailed = "connection_failed";

    public const string CircuitOpen = "circuit_open";

    public const string MalformedAnswer = "malformed_answer";

    public int Status { get; } = status;

    public string? Code { get; } = code;

    /// <summary>
    /// WorkOS refused the request itself (a 4xx other than 401, 403, 408 and 429): asking again the same way will not
    /// help. Anything else is WorkOS unavailable, slow or misconfigured here, which may pass.
    /// </summary>
    public bool Refused => Status is >= 400 and < 500 and not (401 or 403 or 408 or 429);
}
