using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

// What a concrete service supplies: its type name, state machine, filters, field mapping, reference rules and cascade.
// The list's and the grid's own hooks (ListPreviewText, Preview, SortKeys) sit with them in EntityService.List.cs and
// EntityService.Grid.cs; docs/decisions/0011-entity-pipeline.md says when a service overrides each one.
public abstract partial class EntityService<TRow, TItem, TCreate, TInput, TQuery>
{
    /// <summary>The snake_case type name used in audit actions and cursors: <c>note</c>, <c>chat_message</c>.</summary>
    protected abstract string EntityType { get; }

    /// <summary>The name people read in messages: "note", "chat message".</summary>
    protected virtual string DisplayName => EntityType.Replace('_', ' ');

    /// <summary>The process actions, in the order they are listed to callers.</summary>
    protected abstract IReadOnlyList<ProcessAction<TRow>> Actions { get; }

    /// <summary>The names of the process actions this entity type knows.</summary>
    public IEnumerable<string> ActionNames => Actions.Select(a => a.Name);

    protected abstract IQueryable<TRow> Filter(IQueryable<TRow> rows, TQuery query);

    /// <summary>A new row with the fields that are fixed at creation (and defaults taken from the actor) set; the editable ones are applied after.</summary>
    protected abstract TRow NewRow(TCreate input, Actor actor);

    /// <summary>
    /// Sets the editable fields from <paramref name="input"/>, on create, update and patch alike: a field the input leaves
    /// out is cleared, to the default a create gives it (a comment's author and a message's sender are the actor's name).
    /// </summary>
    protected abstract void Apply(TRow row, TInput input, Actor actor);

    protected abstract TInput ToInput(TRow row);

    protected abstract TItem ToItem(TRow row);

    /// <summary>How the state reads in an invalid-transition message: "completed", "archived".</summary>
    protected abstract string StateOf(TRow row);

    /// <summary>Parent rules for a new row; a failure is a validation error naming the field.</summary>
    protected virtual Task<Error?> CheckCreateAsync(ToolBridgeDbContext db, TCreate input, CancellationToken cancellationToken) =>
        CheckReferencesAsync(db, input, null, cancellationToken);

    /// <summary>Reference rules for editable fields (a task's parent task), on create, update and patch.</summary>
    protected virtual Task<Error?> CheckReferencesAsync(ToolBridgeDbContext db, TInput input, TRow? existing, CancellationToken cancellationToken) =>
        Task.FromResult<Error?>(null);

    /// <summary>Whether a deleted row may come back: its parent must be alive.</summary>
    protected virtual Task<Error?> CheckRestoreAsync(ToolBridgeDbContext db, TRow row, CancellationToken cancellationToken) =>
        Task.FromResult<Error?>(null);

    /// <summary>
    /// Moves the children that share the parent's old <c>deleted_at</c> to its new one, in the same transaction:
    /// on delete, the live children (null → now); on restore, exactly those deleted with the parent (then → null).
    /// </summary>
    protected virtual Task CascadeAsync(ToolBridgeDbContext db, TRow row, DateTimeOffset? previousDeletedAt, DateTimeOffset now, string actor, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>The cascade step for one kind of child: children whose <c>deleted_at</c> is <paramref name="from"/> get <paramref name="to"/>.</summary>
    protected static Task MoveChildrenAsync<TChild>(IQueryable<TChild> children, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now, string actor, CancellationToken cancellationToken)
        where TChild : EntityRow =>
        children.Where(c => c.DeletedAt == from).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.DeletedAt, to)
                .SetProperty(c => c.Version, c => c.Version + 1)
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.UpdatedBy, actor),
            cancellationToken);

    protected IReadOnlyList<string> AllowedActions(TRow row) =>
        row.DeletedAt is null ? Actions.Where(a => a.IsAllowed(row) && !a.IsInEffect(row)).Select(a => a.Name).ToArray() : [];
}
