using ToolBridge.Data;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// What Undo in a change's snackbar does: a change that takes the first one back (a restore after a delete, an unarchive
/// after an archive), sent with the version the first change left, so an undo of something changed meanwhile is a
/// conflict and not a silent overwrite; and what its own snackbar says.
/// </summary>
public sealed record UndoStep<TScope, T>(Func<TScope, Task<Result<T>>> Change, string Success)
    where TScope : class;
