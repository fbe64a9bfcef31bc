using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Data;

/// <summary>
/// The operations every entity type offers (domain.md §3), written once. A concrete service supplies its fields,
/// filters, references and state machine; this class supplies tenancy, validation, concurrency, paging and audit.
/// </summary>
/// <typeparam name="TRow">The EF entity.</typeparam>
/// <typeparam name="TItem">The output record.</typeparam>
/// <typeparam name="TCreate">The create input: the editable fields plus any that are fixed at creation (a comment's parent).</typeparam>
/// <typeparam name="TInput">The editable fields, replaced by update and overlaid by patch.</typeparam>
/// <typeparam name="TQuery">The list filters.</typeparam>
public abstract class EntityService<TRow, TItem, TCreate, TInput, TQuery>(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
    where TRow : EntityRow
    where TCreate : TInput
    where TInput : class
    where TQuery : ListQuery
{
    private static readonly string[] StateFields = ["status", "pinned", "archived", "read", "delivered"];

    // Built once from the model on the first list (a benign race builds the same tree twice).
    private Expression<Func<TRow, TRow>>? _listProjection;
    private static readonly IReadOnlySet<string> InputFields =
        Json.Options.GetTypeInfo(typeof(TInput)).Properties.Select(p => p.Name).ToHashSet();

    protected IDbContextFactory<ToolBridgeDbContext> DbFactory { get; } = dbFactory;

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

    protected abstract void Apply(TRow row, TInput input);

    protected abstract TInput ToInput(TRow row);

    protected abstract TItem ToItem(TRow row);

    /// <summary>How the state reads in an invalid-transition message: "completed", "archived".</summary>
    protected abstract string StateOf(TRow row);

    /// <summary>Parent rules for a new row; a failure is a validation error naming the field.</summary>
    protected virtual Task<Error?> CheckCreateAsync(ToolBridgeDbContext db, Guid tenantId, TCreate input, CancellationToken cancellationToken) =>
        CheckReferencesAsync(db, tenantId, input, null, cancellationToken);

    /// <summary>Reference rules for editable fields (a task's parent task), on create, update and patch.</summary>
    protected virtual Task<Error?> CheckReferencesAsync(ToolBridgeDbContext db, Guid tenantId, TInput input, TRow? existing, CancellationToken cancellationToken) =>
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

    /// <summary>Lists the tenant's rows, newest change first, one page at a time.</summary>
    /// <remarks>
    /// The first page fixes a snapshot (the highest change sequence then committed) and the cursor carries it.
    /// Each row is placed where it stood at the snapshot: rows changed since are found through the change log,
    /// so paging while others write never repeats or skips a row that existed when paging began. Rows created
    /// after the snapshot show up when the caller lists again from the start.
    /// </remarks>
    public async Task<Result<Page<TItem>>> ListAsync(TenantScope scope, TQuery query, CancellationToken cancellationToken = default)
    {
        if (InputValidator.Validate(query) is { } invalid)
        {
            return invalid;
        }

        Cursor? cursor = null;
        if (query.Cursor is not null)
        {
            if (!Cursor.TryDecode(query.Cursor, EntityType, out var decoded))
            {
                return Error.Validation("cursor", "cursor is not a cursor of this list: pass next_cursor from the previous page unchanged, or omit it to start from the first page");
            }

            cursor = decoded;
        }

        await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);

        // The two queries below must see one database snapshot: a row updated between them would otherwise be
        // found by both, once where it was and once where it was moved from.
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var tenantRows = db.Set<TRow>().AsNoTracking().Where(r => r.TenantId == scope.TenantId);
        var snapshot = cursor?.Snapshot ?? await tenantRows.MaxAsync(r => (long?)r.ChangeSeq, cancellationToken) ?? 0;
        var after = cursor?.After ?? long.MaxValue;

        var rows = Filter(tenantRows, query);
        if (!query.IncludeDeleted)
        {
            rows = rows.Where(r => r.DeletedAt == null);
        }

        // Positions first, rows after: only the rows of this page are read, with their long text cut in the query.
        var take = query.Limit + 1;
        var unchanged = await rows
            .Where(r => r.ChangeSeq <= snapshot && r.ChangeSeq < after)
            .OrderByDescending(r => r.ChangeSeq)
            .Take(take)
            .Select(r => new { Position = r.ChangeSeq, r.Uid })
            .ToListAsync(cancellationToken);

        var log = db.ChangeLog.Where(c => c.TenantId == scope.TenantId && c.EntityType == EntityType && c.Seq <= snapshot);
        var moved = await rows
            .Where(r => r.ChangeSeq > snapshot)
            .Select(r => new { Position = log.Where(c => c.Uid == r.Uid).Max(c => (long?)c.Seq), r.Uid })
            .Where(x => x.Position != null && x.Position < after)
            .OrderByDescending(x => x.Position)
            .Take(take)
            .ToListAsync(cancellationToken);

        var positions = unchanged.Select(x => (Position: x.Position, x.Uid))
            .Concat(moved.Select(x => (Position: x.Position!.Value, x.Uid)))
            .OrderByDescending(x => x.Position)
            .Take(take)
            .ToList();
        var more = positions.Count > query.Limit;
        if (more)
        {
            positions.RemoveAt(positions.Count - 1);
        }

        var uids = positions.Select(p => p.Uid).ToList();
        var loaded = (await ForList(tenantRows.Where(r => uids.Contains(r.Uid)), db.Model).ToListAsync(cancellationToken)).ToDictionary(r => r.Uid);

        // The byte budget: the page ends before the item that would pass it (always keeping one), and the cursor is the
        // position of the last item returned, so the next page starts right after it.
        var items = new List<TItem>(positions.Count);
        long used = 0, last = 0;
        foreach (var (position, uid) in positions)
        {
            var item = Preview(ToItem(loaded[uid]));
            var size = JsonSerializer.SerializeToUtf8Bytes(item, Json.Options).LongLength;
            if (items.Count > 0 && used + size > EntityRules.ListReplyBudgetBytes)
            {
                more = true;
                break;
            }

            items.Add(item);
            used += size;
            last = position;
        }

        return new Page<TItem>(items, more ? new Cursor(EntityType, snapshot, last).Encode() : null);
    }

    /// <summary>The entity's long text (a note's content, a task's description), which a list page reads only the start of.</summary>
    protected abstract Expression<Func<TRow, string?>> ListPreviewText { get; }

    /// <summary>
    /// The rows of a list page as the query reads them: every mapped column, with <see cref="ListPreviewText"/> cut to one
    /// character past <see cref="EntityRules.ListPreviewChars"/>, so a page never loads whole documents.
    /// </summary>
    private IQueryable<TRow> ForList(IQueryable<TRow> rows, IModel model)
    {
        if (_listProjection is null)
        {
            var row = Expression.Parameter(typeof(TRow), "r");
            var previewed = ((MemberExpression)ListPreviewText.Body).Member.Name;
            var bindings = model.FindEntityType(typeof(TRow))!.GetProperties()
                .Where(p => p.PropertyInfo is { CanWrite: true })
                .Select(p =>
                {
                    Expression value = Expression.Property(row, p.PropertyInfo!);
                    if (p.Name == previewed)
                    {
                        value = Expression.Call(value, nameof(string.Substring), null, Expression.Constant(0), Expression.Constant(EntityRules.ListPreviewChars + 1));
                    }

                    return (MemberBinding)Expression.Bind(p.PropertyInfo!, value);
                });
            _listProjection = Expression.Lambda<Func<TRow, TRow>>(Expression.MemberInit(Expression.New(typeof(TRow)), bindings), row);
        }

        return rows.Select(_listProjection);
    }

    /// <summary>A list item: long text cut to <see cref="EntityRules.ListPreviewChars"/> and flagged as truncated; get returns all of it.</summary>
    protected virtual TItem Preview(TItem item) => item;

    /// <summary>The preview of a long text, and whether it was cut; never splits a surrogate pair.</summary>
    protected static (string? Text, bool? Truncated) PreviewOf(string? text)
    {
        if (text is null || text.Length <= EntityRules.ListPreviewChars)
        {
            return (text, null);
        }

        return (StorableText.Cut(text, EntityRules.ListPreviewChars), true);
    }

    /// <summary>The columns a grid may sort by besides <c>updated_at</c> and <c>created_at</c>.</summary>
    protected virtual IEnumerable<SortKey<TRow>> SortKeys => [];

    private IEnumerable<SortKey<TRow>> AllSortKeys =>
        [SortKey<TRow>.By("updated_at", r => r.ChangeSeq), SortKey<TRow>.By("created_at", r => r.CreatedAt), .. SortKeys];

    /// <summary>The names <see cref="GridRequest.SortBy"/> accepts.</summary>
    public IEnumerable<string> SortNames => AllSortKeys.Select(k => k.Name);

    /// <summary>
    /// One page of the tenant's rows for a table: the same filters as <see cref="ListAsync"/>, sorted by a column,
    /// by offset, with the number of matching rows. Live rows, or only deleted ones for the trash.
    /// </summary>
    public async Task<Result<GridPage<TItem>>> BrowseAsync(TenantScope scope, TQuery filters, GridRequest grid, CancellationToken cancellationToken = default)
    {
        if ((InputValidator.Validate(filters) ?? InputValidator.Validate(grid)) is { } invalid)
        {
            return invalid;
        }

        var sort = grid.SortBy is null ? AllSortKeys.First() : AllSortKeys.FirstOrDefault(k => k.Name == grid.SortBy);
        if (sort is null)
        {
            return Error.Validation("sort_by", $"sort_by must be one of: {string.Join(", ", SortNames)}");
        }

        await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
        var rows = Filter(db.Set<TRow>().AsNoTracking().Where(r => r.TenantId == scope.TenantId), filters);
        rows = grid.Trash ? rows.Where(r => r.DeletedAt != null) : rows.Where(r => r.DeletedAt == null);
        var page = await sort.Order(rows, grid.Descending)
            .ThenByDescending(r => r.ChangeSeq)
            .Skip(grid.Offset)
            .Take(grid.Count)
            .ToListAsync(cancellationToken);

        // Counted along the list index and stopped past the limit, so a page of a huge tenant never scans all of it.
        var limit = Math.Max(GridRequest.CountLimit, grid.Offset + grid.Count);
        var total = await rows.OrderByDescending(r => r.ChangeSeq).Take(limit + 1).CountAsync(cancellationToken);
        return new GridPage<TItem>(page.Select(ToItem).ToList(), Math.Min(total, limit), total > limit);
    }

    /// <summary>
    /// The titles of these rows of the tenant, deleted ones included, in one query: a grid names what the rows of its
    /// page point to. Uids that are not a row of the tenant are left out.
    /// </summary>
    protected async Task<IReadOnlyDictionary<Guid, EntityTitle>> TitlesOfAsync(
        TenantScope scope, IEnumerable<Guid> uids, System.Linq.Expressions.Expression<Func<TRow, EntityTitle>> title, CancellationToken cancellationToken)
    {
        var wanted = uids.Distinct().ToArray();
        if (wanted.Length == 0)
        {
            return new Dictionary<Guid, EntityTitle>();
        }

        await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<TRow>().AsNoTracking()
            .Where(r => r.TenantId == scope.TenantId && wanted.Contains(r.Uid))
            .Select(title)
            .ToDictionaryAsync(t => t.Uid, cancellationToken);
    }

    /// <summary>Gets one row by uid. A deleted row is <see cref="ErrorKind.Gone"/> unless <paramref name="includeDeleted"/>.</summary>
    public async Task<Result<TItem>> GetAsync(TenantScope scope, Guid uid, bool includeDeleted = false, CancellationToken cancellationToken = default)
    {
        await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<TRow>().AsNoTracking().SingleOrDefaultAsync(r => r.TenantId == scope.TenantId && r.Uid == uid, cancellationToken);
        if (row is null)
        {
            return Error.NotFound(DisplayName, uid);
        }

        return row.DeletedAt is { } deletedAt && !includeDeleted ? Error.Gone(DisplayName, uid, deletedAt) : ToItem(row);
    }

    /// <summary>Creates a row at version 1. A caller-supplied <paramref name="uid"/> that exists (even deleted) is a conflict.</summary>
    public async Task<Result<TItem>> CreateAsync(TenantScope scope, TCreate input, Guid? uid = null, CancellationToken cancellationToken = default)
    {
        if ((Refuse(scope) ?? InputValidator.Validate(input)) is { } refused)
        {
            return refused;
        }

        await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(scope.TenantId, cancellationToken);
        if (await TokenService.RefuseLostWriteAsync(db, scope, clock.GetUtcNow(), cancellationToken) is { } lost)
        {
            return lost;
        }

        if (uid is { } requested)
        {
            var existing = await db.Set<TRow>().Where(r => r.TenantId == scope.TenantId && r.Uid == requested)
                .Select(r => (long?)r.Version).SingleOrDefaultAsync(cancellationToken);
            if (existing is { } version)
            {
                return new Error(ErrorKind.Conflict, $"A {DisplayName} with uid {requested} already exists (version {version}). Get it and update it, or create without a uid.")
                {
                    CurrentVersion = version,
                };
            }
        }

        if (await CheckCreateAsync(db, scope.TenantId, input, cancellationToken) is { } badReference)
        {
            return badReference;
        }

        var now = Now();
        var row = NewRow(input, scope.Actor);
        Apply(row, input);
        row.TenantId = scope.TenantId;
        row.Uid = uid ?? Guid.CreateVersion7();
        row.Version = 1;
        row.CreatedAt = row.UpdatedAt = now;
        row.CreatedBy = row.UpdatedBy = scope.Actor.Reference;
        db.Add(row);
        AuditLog.Add(db, scope, now, $"{EntityType}.create", EntityType, row.Uid, AuditLog.Diff(null, Snapshot(row)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToItem(row);
    }

    /// <summary>Replaces every editable field. <paramref name="ifMatch"/>, when given, must equal the current version.</summary>
    public async Task<Result<TItem>> UpdateAsync(TenantScope scope, Guid uid, TInput input, long? ifMatch = null, CancellationToken cancellationToken = default)
    {
        if (InputValidator.Validate(input) is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(scope, uid, ifMatch, "update", async (db, row, _) =>
        {
            if (await CheckReferencesAsync(db, scope.TenantId, input, row, cancellationToken) is { } badReference)
            {
                return badReference;
            }

            Apply(row, input);
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Changes only the fields named in <paramref name="patch"/> (a JSON object with snake_case names); a null clears an
    /// optional field. Same <paramref name="ifMatch"/> rule as update.
    /// </summary>
    public async Task<Result<TItem>> PatchAsync(TenantScope scope, Guid uid, JsonElement patch, long? ifMatch = null, CancellationToken cancellationToken = default)
    {
        if (CheckPatchShape(patch) is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(scope, uid, ifMatch, "patch", async (db, row, _) =>
        {
            var merged = Merge(ToInput(row), patch);
            if (!merged.IsSuccess)
            {
                return merged.Error;
            }

            if ((InputValidator.Validate(merged.Value) ?? await CheckReferencesAsync(db, scope.TenantId, merged.Value, row, cancellationToken)) is { } error)
            {
                return error;
            }

            Apply(row, merged.Value);
            return null;
        }, cancellationToken);
    }

    /// <summary>Soft-deletes the row and its children; returns the tombstoned row. Deleting a deleted row is <see cref="ErrorKind.Gone"/>.</summary>
    public Task<Result<TItem>> DeleteAsync(TenantScope scope, Guid uid, long? ifMatch = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(scope, uid, ifMatch, "delete", async (db, row, now) =>
        {
            row.DeletedAt = now;
            await CascadeAsync(db, row, null, now, scope.Actor.Reference, cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>Brings a deleted row back, with the children deleted together with it. Restoring a live row changes nothing.</summary>
    public Task<Result<TItem>> RestoreAsync(TenantScope scope, Guid uid, CancellationToken cancellationToken = default) =>
        ChangeAsync(scope, uid, null, "restore", async (db, row, now) =>
        {
            if (row.DeletedAt is not { } deletedAt)
            {
                return null;
            }

            if (await CheckRestoreAsync(db, row, cancellationToken) is { } error)
            {
                return error;
            }

            row.DeletedAt = null;
            await CascadeAsync(db, row, deletedAt, now, scope.Actor.Reference, cancellationToken);
            return null;
        }, cancellationToken, restoring: true);

    /// <summary>Puts the row into its archived state; a no-op when it is archived already.</summary>
    public Task<Result<TItem>> ArchiveAsync(TenantScope scope, Guid uid, long? ifMatch = null, CancellationToken cancellationToken = default) =>
        ProcessAsync(scope, uid, "archive", ifMatch, cancellationToken);

    /// <summary>
    /// Runs a named state-machine action. An action already in effect changes nothing (the version stays); one not
    /// allowed from the current state is <see cref="ErrorKind.InvalidTransition"/> naming the allowed actions.
    /// </summary>
    public async Task<Result<TItem>> ProcessAsync(TenantScope scope, Guid uid, string action, long? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var step = Actions.FirstOrDefault(a => a.Name == action);
        if (step is null)
        {
            return Error.Validation("action", $"action must be one of: {string.Join(", ", ActionNames)}");
        }

        return await ChangeAsync(scope, uid, ifMatch, action, (_, row, _) =>
        {
            if (step.IsInEffect(row))
            {
                return Task.FromResult<Error?>(null);
            }

            if (!step.IsAllowed(row))
            {
                var allowed = AllowedActions(row);
                return Task.FromResult<Error?>(new Error(
                    ErrorKind.InvalidTransition,
                    $"Cannot {action} this {DisplayName}: it is {StateOf(row)}. Allowed actions now: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}.")
                {
                    AllowedActions = allowed,
                });
            }

            step.Apply(row);
            return Task.FromResult<Error?>(null);
        }, cancellationToken);
    }

    /// <summary>The current instant at the database's precision (microseconds), so what is returned equals what is stored.</summary>
    protected DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>The one path every change of an existing row takes: lock, recheck a token, load, check, change, version, audit, commit.</summary>
    private async Task<Result<TItem>> ChangeAsync(
        TenantScope scope,
        Guid uid,
        long? ifMatch,
        string action,
        Func<ToolBridgeDbContext, TRow, DateTimeOffset, Task<Error?>> change,
        CancellationToken cancellationToken,
        bool restoring = false)
    {
        if (Refuse(scope) is { } refused)
        {
            return refused;
        }

        await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(scope.TenantId, cancellationToken);
        if (await TokenService.RefuseLostWriteAsync(db, scope, clock.GetUtcNow(), cancellationToken) is { } lost)
        {
            return lost;
        }

        var row = await db.Set<TRow>().SingleOrDefaultAsync(r => r.TenantId == scope.TenantId && r.Uid == uid, cancellationToken);
        if (row is null)
        {
            return Error.NotFound(DisplayName, uid);
        }

        if (row.DeletedAt is { } deletedAt && !restoring)
        {
            return Error.Gone(DisplayName, uid, deletedAt);
        }

        if (ifMatch is { } expected && expected != row.Version)
        {
            return new Error(ErrorKind.Conflict, $"The {DisplayName} was changed by someone else: if_match is {expected} but the current version is {row.Version}. Get it again and retry with its version.")
            {
                CurrentVersion = row.Version,
            };
        }

        var before = Snapshot(row);
        var now = Now();
        if (await change(db, row, now) is { } error)
        {
            return error;
        }

        // The writes are serialized per tenant (BeginTenantWriteAsync), so nothing can change the row between the
        // load and the save: the if_match check above is exact and there is no concurrency exception to handle.
        if (!db.ChangeTracker.HasChanges())
        {
            return ToItem(row);
        }

        row.Version++;
        row.UpdatedAt = now;
        row.UpdatedBy = scope.Actor.Reference;
        AuditLog.Add(db, scope, now, $"{EntityType}.{action}", EntityType, uid, AuditLog.Diff(before, Snapshot(row)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToItem(row);
    }

    private Error? Refuse(TenantScope scope) => scope.CanWriteData
        ? null
        : Error.Forbidden(scope.ReadOnly
            ? "This credential is read-only: it cannot change data. Use a token with the write scope."
            : "Viewers can read but not change data. Ask an owner or admin for the member role.");

    private JsonObject Snapshot(TRow row) => Json.ToObject(ToItem(row));

    private static Error? CheckPatchShape(JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            return Error.Validation("patch", "patch must be a JSON object of the fields to change");
        }

        var fields = new Dictionary<string, string[]>();
        foreach (var property in patch.EnumerateObject().Where(p => !InputFields.Contains(p.Name)))
        {
            var hint = StateFields.Contains(property.Name) ? "; change state with the process or archive operation" : "";
            fields[property.Name] = [$"{property.Name} cannot be patched (patchable fields: {string.Join(", ", InputFields)}){hint}"];
        }

        if (fields.Count == 0 && !patch.EnumerateObject().Any())
        {
            fields["patch"] = ["patch must name at least one field to change"];
        }

        return fields.Count == 0 ? null : Error.Validation(fields);
    }

    /// <summary>Overlays the patch on the row's current editable fields; a value of the wrong JSON type is a validation error on that field.</summary>
    private static Result<TInput> Merge(TInput current, JsonElement patch)
    {
        var merged = Json.ToObject(current);
        foreach (var property in patch.EnumerateObject())
        {
            merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        foreach (var property in patch.EnumerateObject())
        {
            try
            {
                new JsonObject { [property.Name] = merged[property.Name]?.DeepClone() }.Deserialize<TInput>(Json.Options);
            }
            catch (JsonException)
            {
                var type = Json.Options.GetTypeInfo(typeof(TInput)).Properties.First(p => p.Name == property.Name).PropertyType;
                return Error.Validation(property.Name, $"{property.Name} must be {Describe(type)}");
            }
        }

        return merged.Deserialize<TInput>(Json.Options)!;
    }

    private static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(Guid) => "a uuid",
        var t when t == typeof(DateTimeOffset) => "an ISO 8601 timestamp such as 2026-01-31T17:00:00Z",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(JsonElement) => "a JSON object",
        var t when typeof(IEnumerable<string>).IsAssignableFrom(t) => "a list of strings",
        var t => $"a {t.Name}",
    };
}
