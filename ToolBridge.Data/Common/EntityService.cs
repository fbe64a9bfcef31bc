using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Data;

/// <summary>
/// The operations every entity type offers, written once (docs/decisions/0011-entity-pipeline.md). A concrete service
/// supplies its fields, filters, references and state machine; this class supplies tenancy, validation, concurrency,
/// paging and audit. Every operation works in a context created for the scope's tenant, whose query filter confines
/// every query to that tenant's rows (docs/decisions/0012-tenancy-by-construction.md): queries here name no tenant.
/// </summary>
/// <remarks>Get and the write pipeline are here; the hooks in EntityService.Hooks.cs, the cursor list and the portal grid
/// in EntityService.List.cs and EntityService.Grid.cs, patch merging in <see cref="EntityPatch{TInput}"/>.</remarks>
/// <typeparam name="TRow">The EF entity.</typeparam>
/// <typeparam name="TItem">The output record.</typeparam>
/// <typeparam name="TCreate">The create input: the editable fields plus any that are fixed at creation (a comment's parent).</typeparam>
/// <typeparam name="TInput">The editable fields, replaced by update and overlaid by patch.</typeparam>
/// <typeparam name="TQuery">The list filters.</typeparam>
public abstract partial class EntityService<TRow, TItem, TCreate, TInput, TQuery>(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
    where TRow : EntityRow
    where TCreate : TInput
    where TInput : class
    where TQuery : ListQuery
{
    protected IDbContextFactory<ToolBridgeDbContext> DbFactory { get; } = dbFactory;

    /// <summary>Gets one row by uid. A deleted row is <see cref="ErrorKind.Gone"/> unless <paramref name="includeDeleted"/>.</summary>
    public async Task<Result<TItem>> GetAsync(TenantScope scope, Guid uid, bool includeDeleted = false, CancellationToken cancellationToken = default)
    {
        await using var db = await DbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var row = await db.Set<TRow>().AsNoTracking().SingleOrDefaultAsync(r => r.Uid == uid, cancellationToken);
        if (row is null)
        {
            return await NotFoundAsync(db, uid, cancellationToken);
        }

        return row.DeletedAt is { } deletedAt && !includeDeleted ? Error.Gone(DisplayName, uid, deletedAt) : ToItem(row);
    }

    /// <summary>Creates a row at version 1. A caller-supplied <paramref name="uid"/> that exists (even deleted) is a conflict.</summary>
    public Task<Result<TItem>> CreateAsync(TenantScope scope, TCreate input, Guid? uid = null, CancellationToken cancellationToken = default) =>
        RowLocks.OnceMoreIfLostRaceAsync(() => CreateOnceAsync(scope, input, uid, cancellationToken));

    private async Task<Result<TItem>> CreateOnceAsync(TenantScope scope, TCreate input, Guid? uid, CancellationToken cancellationToken)
    {
        if ((Refuse(scope) ?? InputValidator.Validate(input)) is { } refused)
        {
            return refused;
        }

        await using var db = await DbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(scope.TenantId, cancellationToken);
        if (await TokenRows.RefuseLostWriteAsync(db, scope, clock.GetUtcNow(), cancellationToken) is { } lost)
        {
            return lost;
        }

        if (uid is { } requested)
        {
            if (await db.Set<TRow>().AsNoTracking().SingleOrDefaultAsync(r => r.Uid == requested, cancellationToken) is { } existing)
            {
                return Conflict($"A {DisplayName} with uid {requested} already exists (version {existing.Version}, in current). Update it, or create without a uid.", existing);
            }
        }

        if (await CheckCreateAsync(db, input, cancellationToken) is { } badReference)
        {
            return badReference;
        }

        var now = Now();
        var row = NewRow(input, scope.Actor);
        Apply(row, input, scope.Actor);
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
            if (await CheckReferencesAsync(db, input, row, cancellationToken) is { } badReference)
            {
                return badReference;
            }

            Apply(row, input, scope.Actor);
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Changes only the fields named in <paramref name="patch"/> (a JSON object with snake_case names); a null clears an
    /// optional field. Same <paramref name="ifMatch"/> rule as update.
    /// </summary>
    public async Task<Result<TItem>> PatchAsync(TenantScope scope, Guid uid, JsonElement patch, long? ifMatch = null, CancellationToken cancellationToken = default)
    {
        if (EntityPatch<TInput>.CheckShape(patch) is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(scope, uid, ifMatch, "patch", async (db, row, _) =>
        {
            var merged = EntityPatch<TInput>.Merge(ToInput(row), patch);
            if (!merged.IsSuccess)
            {
                return merged.Error;
            }

            if ((InputValidator.Validate(merged.Value) ?? await CheckReferencesAsync(db, merged.Value, row, cancellationToken)) is { } error)
            {
                return error;
            }

            Apply(row, merged.Value, scope.Actor);
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

    /// <summary>
    /// Brings a deleted row back, with the children deleted together with it. Restoring a live row changes nothing. Same
    /// <paramref name="ifMatch"/> rule as update: the portal's trash and its Undo send the version they saw.
    /// </summary>
    public Task<Result<TItem>> RestoreAsync(TenantScope scope, Guid uid, long? ifMatch = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(scope, uid, ifMatch, "restore", async (db, row, now) =>
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

    /// <summary>The one path every change of an existing row takes: begin, recheck a token, lock and load, check, change, version, audit, commit.</summary>
    private Task<Result<TItem>> ChangeAsync(
        TenantScope scope,
        Guid uid,
        long? ifMatch,
        string action,
        Func<ToolBridgeDbContext, TRow, DateTimeOffset, Task<Error?>> change,
        CancellationToken cancellationToken,
        bool restoring = false) =>
        RowLocks.OnceMoreIfLostRaceAsync(() => ChangeOnceAsync(scope, uid, ifMatch, action, change, restoring, cancellationToken));

    private async Task<Result<TItem>> ChangeOnceAsync(
        TenantScope scope, Guid uid, long? ifMatch, string action, Func<ToolBridgeDbContext, TRow, DateTimeOffset, Task<Error?>> change, bool restoring, CancellationToken cancellationToken)
    {
        if (Refuse(scope) is { } refused)
        {
            return refused;
        }

        await using var db = await DbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(scope.TenantId, cancellationToken);
        if (await TokenRows.RefuseLostWriteAsync(db, scope, clock.GetUtcNow(), cancellationToken) is { } lost)
        {
            return lost;
        }

        var row = await RowLocks.ForChange<TRow>(db, uid).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return await NotFoundAsync(db, uid, cancellationToken);
        }

        if (row.DeletedAt is { } deletedAt && !restoring)
        {
            return Error.Gone(DisplayName, uid, deletedAt);
        }

        if (ifMatch is { } expected && expected != row.Version)
        {
            return Conflict($"The {DisplayName} was changed by someone else: if_match is {expected} but the current version is {row.Version}. Reconcile with current and retry with its version.", row);
        }

        var before = Snapshot(row);
        var now = Now();
        if (await change(db, row, now) is { } error)
        {
            return error;
        }

        // The row stays locked from the load to the commit, so the if_match check above is exact.
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
}
