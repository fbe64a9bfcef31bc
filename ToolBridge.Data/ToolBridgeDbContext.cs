using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ToolBridge.Data.Audit;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Sessions;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Data.Usage;

namespace ToolBridge.Data;

/// <summary>
/// The one EF Core model. Services get short-lived instances from <see cref="IDbContextFactory{TContext}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every entity type with a <c>TenantId</c> carries the query filter <see cref="TenantFilter"/>: a context sees the rows of
/// the tenant it was created for (<see cref="TenantContexts.CreateForTenantAsync"/>) and, created any other way, no tenant's
/// rows at all. The few reads that span tenants say so (<see cref="TenantContexts.CreateAcrossTenantsAsync"/>);
/// docs/decisions/0012-tenancy-by-construction.md lists them.
/// </para>
/// <para>
/// Add a migration from the repository root with:
/// <c>dotnet ef migrations add &lt;Name&gt; --project ToolBridge.Data --output-dir Migrations</c>
/// </para>
/// </remarks>
public sealed class ToolBridgeDbContext(DbContextOptions<ToolBridgeDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The name of the query filter that confines tenant-owned rows to the context's tenant.</summary>
    public const string TenantFilter = "tenant";

    // Read by the tenant filter on every query. Guid.Empty is no tenant: no row has it, so nothing matches. Both are set
    // each time a factory hands the context out (a pooled instance keeps them from its last use otherwise).
    private Guid _tenantId;
    private bool _acrossTenants;

    /// <summary>ASP.NET Core Data Protection keys: shared by every instance, so portal cookies survive restarts and scale-out.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<User> Users => Set<User>();

    public DbSet<PortalSession> PortalSessions => Set<PortalSession>();

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Membership> Memberships => Set<Membership>();

    /// <summary>Tombstones of removed memberships, which the WorkOS sync must not bring back.</summary>
    public DbSet<MembershipRemoval> MembershipRemovals => Set<MembershipRemoval>();

    public DbSet<Note> Notes => Set<Note>();

    public DbSet<WorkTask> Tasks => Set<WorkTask>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Chat> Chats => Set<Chat>();

    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<ChangeLogEntry> ChangeLog => Set<ChangeLogEntry>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    /// <summary>
    /// Starts a transaction that writes a tenant's data (notes, tasks, comments, chats, messages). Writes of one tenant run
    /// side by side: each holds the tenant's lock shared, so only a change to who may write (<see cref="BeginTenantAccessChangeAsync"/>)
    /// waits for them, and each locks the rows it changes. Each also registers in the change watermark before it takes
    /// any change number (<see cref="ChangeWatermark"/>), so a list's snapshot never counts a change not yet committed.
    /// docs/decisions/0013-concurrent-tenant-writes.md.
    /// </summary>
    public Task<IDbContextTransaction> BeginTenantWriteAsync(Guid tenantId, CancellationToken cancellationToken) =>
        BeginTenantTransactionAsync(tenantId, shared: true, cancellationToken);

    /// <summary>
    /// Starts a transaction that changes who may write a tenant's data or how (its status and settings, its members, its
    /// tokens). It holds the tenant's lock exclusively: it waits for the data writes in flight and they wait for it, so a
    /// data write re-checks its token after any such change has committed (TokenRows.RefuseLostWriteAsync), and a
    /// check-then-write here (the last owner, the token limit) cannot race.
    /// </summary>
    public Task<IDbContextTransaction> BeginTenantAccessChangeAsync(Guid tenantId, CancellationToken cancellationToken) =>
        BeginTenantTransactionAsync(tenantId, shared: false, cancellationToken);

    private const string SharedTenantWriteSql = "SELECT pg_advisory_xact_lock_shared(hashtextextended({0}, 0)), " + ChangeWatermark.Register;

    private const string ExclusiveTenantWriteSql = "SELECT pg_advisory_xact_lock(hashtextextended({0}, 0)), " + ChangeWatermark.Register;

    private async Task<IDbContextTransaction> BeginTenantTransactionAsync(Guid tenantId, bool shared, CancellationToken cancellationToken)
    {
        var transaction = await Database.BeginTransactionAsync(cancellationToken);
        var sql = shared ? SharedTenantWriteSql : ExclusiveTenantWriteSql;
        await Database.ExecuteSqlRawAsync(sql, [tenantId.ToString()], cancellationToken);
        return transaction;
    }

    /// <summary>The tenant the context is confined to; <see cref="Guid.Empty"/> for none (or across tenants).</summary>
    internal Guid TenantId => _tenantId;

    /// <summary>Confines the context to one tenant's rows, or to none with <see cref="Guid.Empty"/>.</summary>
    internal void ConfineTo(Guid tenantId) => (_tenantId, _acrossTenants) = (tenantId, false);

    /// <summary>Lets the context see every tenant's rows.</summary>
    internal void OpenAcrossTenants() => (_tenantId, _acrossTenants) = (Guid.Empty, true);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasSequence<long>("change_seq");
        modelBuilder.HasDbFunction(typeof(StorableText).GetMethod(nameof(StorableText.RegexpCount))!).HasName("regexp_count").IsBuiltIn();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ToolBridgeDbContext).Assembly);

        // Enums are stored as their snake_case names: readable in SQL and stable when members are reordered.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (type.IsEnum)
            {
                property.SetValueConverter((ValueConverter)Activator.CreateInstance(typeof(SnakeCaseEnumConverter<>).MakeGenericType(type))!);
                property.SetMaxLength(32);
            }
        }

        // r => _acrossTenants || r.TenantId == _tenantId, on every entity type that has a TenantId: a new one is covered
        // without anyone remembering. EF reads both fields from the context that runs the query, as parameters.
        var self = Expression.Constant(this);
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => e.FindProperty(nameof(EntityRow.TenantId))?.ClrType == typeof(Guid)))
        {
            var row = Expression.Parameter(entityType.ClrType, "r");
            var filter = Expression.OrElse(
                Expression.Field(self, nameof(_acrossTenants)),
                Expression.Equal(Expression.Property(row, nameof(EntityRow.TenantId)), Expression.Field(self, nameof(_tenantId))));
            entityType.SetQueryFilter(TenantFilter, Expression.Lambda(filter, row));
        }
    }

    private sealed class SnakeCaseEnumConverter<T>() : ValueConverter<T, string>(v => EnumNames<T>.Name(v), s => EnumNames<T>.Parse(s))
        where T : struct, Enum;
}
