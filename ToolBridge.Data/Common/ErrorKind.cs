namespace ToolBridge.Data;

/// <summary>The kinds of expected failure a domain service reports (docs/decisions/0006-result-type.md).</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Gone,
    Conflict,
    InvalidTransition,
    Forbidden,

    /// <summary>A service ToolBridge depends on (WorkOS) did not answer, or not properly: nothing was changed, trying again later may work.</summary>
    Unavailable,
}
