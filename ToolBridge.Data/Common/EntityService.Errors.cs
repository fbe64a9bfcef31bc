namespace ToolBridge.Data;

// The errors about one row, with what a caller needs to recover: the current item of a conflict, and the type of the
// item a uid belongs to when it was asked for as another type.
public abstract partial class EntityService<TRow, TItem, TCreate, TInput, TQuery>
{
    /// <summary>Not found as this type; when the uid is an item of another type in this workspace, the error says which.</summary>
    private async Task<Error> NotFoundAsync(ToolBridgeDbContext db, Guid uid, CancellationToken cancellationToken)
    {
        var other = await UidTypes.FindAsync(db, uid, [.. EntityRules.EntityTypes.Where(t => t != EntityType)], cancellationToken);
        return other is null
            ? Error.NotFound(DisplayName, uid)
            : new Error(ErrorKind.NotFound, $"No {DisplayName} with uid {uid} exists: that uid is a {other.Replace('_', ' ')}.") { UidIsA = other };
    }

    private Error Conflict(string message, TRow row) => new(ErrorKind.Conflict, message) { CurrentVersion = row.Version, Current = ToItem(row) };
}
