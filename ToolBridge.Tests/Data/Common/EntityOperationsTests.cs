using ToolBridge.Data;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Common;

/// <summary>The operations every entity type shares (docs/decisions/0011-entity-pipeline.md), checked for each of the five.</summary>
public sealed class EntityOperationsTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Create_ValidInput_StartsAtVersionOneWithTheActorAndAnAuditEvent(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();

        var created = Ok(await kit.CreateAsync(tenant.Member));

        Assert.Equal(1, created.Version);
        Assert.Null(created.DeletedAt);
        Assert.Equal(tenant.Member.Actor.Reference, created.Json["created_by"]!.GetValue<string>());
        Assert.Equal(tenant.Member.Actor.Reference, created.Json["updated_by"]!.GetValue<string>());
        var got = Ok(await kit.GetAsync(tenant.Member, created.Uid));
        Assert.Equal(created.Json.ToJsonString(), got.Json.ToJsonString());
        var audit = Assert.Single(await fixture.AuditAsync(tenant.Id), e => e.EntityUid == created.Uid);
        Assert.Equal($"{entity}.create", audit.Action);
        Assert.Equal(Channel.Portal, audit.Channel);
        Assert.Equal(tenant.Member.Actor.Name, audit.ActorName);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Create_CallerSuppliedUid_IsUsed(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var uid = Guid.NewGuid();

        var created = Ok(await kit.CreateAsync(tenant.Member, uid));

        Assert.Equal(uid, created.Uid);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Create_UidThatExists_IsAConflictEvenWhenDeleted(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var existing = Ok(await kit.CreateAsync(tenant.Member));
        var deleted = Ok(await kit.CreateAsync(tenant.Member));
        Ok(await kit.DeleteAsync(tenant.Member, deleted.Uid));
        var eventsBefore = await CountEventsAsync(tenant, entity);

        var again = Fails(ErrorKind.Conflict, await kit.CreateAsync(tenant.Member, existing.Uid));
        var resurrect = Fails(ErrorKind.Conflict, await kit.CreateAsync(tenant.Member, deleted.Uid));

        Assert.Equal(1, again.CurrentVersion);
        Assert.Equal(2, resurrect.CurrentVersion);
        Assert.Equal(1, Ok(await kit.GetAsync(tenant.Member, existing.Uid)).Version);
        Assert.NotNull(Ok(await kit.GetAsync(tenant.Member, deleted.Uid, includeDeleted: true)).DeletedAt);
        Assert.Equal(eventsBefore, await CountEventsAsync(tenant, entity));
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task EveryOperation_UnknownUid_IsNotFound(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var missing = Guid.NewGuid();

        foreach (var result in await EveryOperationAsync(kit, tenant.Member, missing))
        {
            var error = Fails(ErrorKind.NotFound, result);
            Assert.Contains(missing.ToString(), error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Update_MatchingIfMatch_ReplacesAndBumpsTheVersion(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));

        var updated = Ok(await kit.UpdateAsync(tenant.Admin, created.Uid, ifMatch: 1));

        Assert.Equal(2, updated.Version);
        Assert.Equal(tenant.Admin.Actor.Reference, updated.Json["updated_by"]!.GetValue<string>());
        Assert.Equal(tenant.Member.Actor.Reference, updated.Json["created_by"]!.GetValue<string>());
        Assert.True(updated.Json["updated_at"]!.GetValue<DateTimeOffset>() >= created.Json["updated_at"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Writes_StaleIfMatch_AreConflictsThatReportTheCurrentVersionAndChangeNothing(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));
        Ok(await kit.UpdateAsync(tenant.Member, created.Uid));
        var eventsBefore = await CountEventsAsync(tenant, entity);

        var conflicts = new[]
        {
            await kit.UpdateAsync(tenant.Member, created.Uid, ifMatch: 1),
            await kit.PatchAsync(tenant.Member, created.Uid, ifMatch: 1),
            await kit.DeleteAsync(tenant.Member, created.Uid, ifMatch: 1),
            await kit.ArchiveAsync(tenant.Member, created.Uid, ifMatch: 1),
            await kit.ProcessAsync(tenant.Member, created.Uid, kit.ChangingAction, ifMatch: 1),
        };

        foreach (var conflict in conflicts)
        {
            var error = Fails(ErrorKind.Conflict, conflict);
            Assert.Equal(2, error.CurrentVersion);
            Assert.Contains("current version is 2", error.Message);
        }

        var current = Ok(await kit.GetAsync(tenant.Member, created.Uid));
        Assert.Equal(2, current.Version);
        Assert.Equal(eventsBefore, await CountEventsAsync(tenant, entity));
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Patch_MatchingIfMatch_ChangesTheNamedFieldOnly(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));

        var patched = Ok(await kit.PatchAsync(tenant.Member, created.Uid, ifMatch: 1));

        Assert.Equal(2, patched.Version);
        var changed = patched.Json.Where(p => p.Key is not ("version" or "updated_at") && !System.Text.Json.Nodes.JsonNode.DeepEquals(p.Value, created.Json[p.Key]))
            .Select(p => p.Key).ToList();
        Assert.Single(changed);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Delete_ReturnsTheTombstoneAndLaterWritesAreGone(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));

        var deleted = Ok(await kit.DeleteAsync(tenant.Member, created.Uid, ifMatch: 1));

        Assert.NotNull(deleted.DeletedAt);
        Assert.Equal(2, deleted.Version);
        Assert.Empty(deleted.Json["allowed_actions"]!.AsArray());
        var gone = Fails(ErrorKind.Gone, await kit.GetAsync(tenant.Member, created.Uid));
        Assert.Equal(deleted.DeletedAt, gone.DeletedAt);
        Assert.Equal(deleted.DeletedAt, Ok(await kit.GetAsync(tenant.Member, created.Uid, includeDeleted: true)).DeletedAt);
        Fails(ErrorKind.Gone, await kit.DeleteAsync(tenant.Member, created.Uid));
        Fails(ErrorKind.Gone, await kit.UpdateAsync(tenant.Member, created.Uid));
        Fails(ErrorKind.Gone, await kit.PatchAsync(tenant.Member, created.Uid));
        Fails(ErrorKind.Gone, await kit.ArchiveAsync(tenant.Member, created.Uid));
        Fails(ErrorKind.Gone, await kit.ProcessAsync(tenant.Member, created.Uid, kit.ChangingAction));
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Restore_DeletedRow_ComesBackWithANewVersion(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));
        Ok(await kit.DeleteAsync(tenant.Member, created.Uid));

        var restored = Ok(await kit.RestoreAsync(tenant.Member, created.Uid));
        var again = Ok(await kit.RestoreAsync(tenant.Member, created.Uid));

        Assert.Null(restored.DeletedAt);
        Assert.Equal(3, restored.Version);
        Assert.Equal(3, again.Version);
        Assert.Null(Ok(await kit.GetAsync(tenant.Member, created.Uid)).DeletedAt);
        Assert.Single(await fixture.AuditAsync(tenant.Id), e => e.Action == $"{entity}.restore");
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Restore_StaleIfMatch_IsAConflictAndTheRowStaysDeleted(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));
        var deleted = Ok(await kit.DeleteAsync(tenant.Member, created.Uid));

        var error = Fails(ErrorKind.Conflict, await kit.RestoreAsync(tenant.Member, created.Uid, ifMatch: created.Version));
        var restored = Ok(await kit.RestoreAsync(tenant.Member, created.Uid, ifMatch: deleted.Version));

        Assert.Equal(deleted.Version, error.CurrentVersion);
        Assert.Null(restored.DeletedAt);
        Assert.Equal(deleted.Version + 1, restored.Version);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Archive_Twice_SecondIsANoOpThatKeepsTheVersion(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));

        var archived = Ok(await kit.ArchiveAsync(tenant.Member, created.Uid));
        var again = Ok(await kit.ArchiveAsync(tenant.Member, created.Uid, ifMatch: 2));

        Assert.Equal(2, archived.Version);
        Assert.Equal(2, again.Version);
        Assert.Equal(archived.Json.ToJsonString(), again.Json.ToJsonString());
        Assert.Single(await fixture.AuditAsync(tenant.Id), e => e.Action == $"{entity}.archive");
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Process_UnknownAction_IsAValidationErrorListingTheActions(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));

        var error = Invalid(await kit.ProcessAsync(tenant.Member, created.Uid, "explode"), "action");

        Assert.Contains("archive", error.Fields["action"][0]);
        Assert.Equal(1, Ok(await kit.GetAsync(tenant.Member, created.Uid)).Version);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Writes_ByAViewerOrAReadOnlyCredential_AreForbiddenAndReadsWork(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = Ok(await kit.CreateAsync(tenant.Member));

        foreach (var scope in new[] { tenant.Viewer, tenant.ReadOnlyMember })
        {
            Fails(ErrorKind.Forbidden, await kit.CreateAsync(scope));
            foreach (var write in await EveryWriteAsync(kit, scope, created.Uid))
            {
                Fails(ErrorKind.Forbidden, write);
            }

            Ok(await kit.GetAsync(scope, created.Uid));
            Assert.Single(Ok(await kit.ListAsync(scope)).Items);
        }

        Assert.Equal(1, Ok(await kit.GetAsync(tenant.Member, created.Uid)).Version);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task EveryOperation_OtherTenantsUid_BehavesExactlyLikeAMissingUid(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenantA = await fixture.NewTenantAsync("Tenant A");
        var tenantB = await fixture.NewTenantAsync("Tenant B");
        var secret = Ok(await kit.CreateAsync(tenantA.Member));
        var missing = Guid.NewGuid();

        var probes = await EveryOperationAsync(kit, tenantB.Owner, secret.Uid);
        var baseline = await EveryOperationAsync(kit, tenantB.Owner, missing);

        Assert.Equal(baseline.Count, probes.Count);
        for (var i = 0; i < probes.Count; i++)
        {
            var probe = Fails(ErrorKind.NotFound, probes[i]);
            var expected = Fails(ErrorKind.NotFound, baseline[i]);
            Assert.Equal(expected.Message.Replace(missing.ToString(), secret.Uid.ToString()), probe.Message);
        }

        Assert.Equal(1, Ok(await kit.GetAsync(tenantA.Member, secret.Uid)).Version);
        Assert.Null(Ok(await kit.GetAsync(tenantA.Member, secret.Uid)).DeletedAt);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Lists_NeverShowAnotherTenantsRows(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenantA = await fixture.NewTenantAsync("Tenant A");
        var tenantB = await fixture.NewTenantAsync("Tenant B");
        var ofA = Ok(await kit.CreateAsync(tenantA.Member));
        var deletedOfA = Ok(await kit.CreateAsync(tenantA.Member));
        Ok(await kit.DeleteAsync(tenantA.Member, deletedOfA.Uid));
        var ofB = Ok(await kit.CreateAsync(tenantB.Member));

        var listB = Ok(await kit.ListAsync(tenantB.Member, includeDeleted: true));
        var listA = Ok(await kit.ListAsync(tenantA.Member, includeDeleted: true));

        Assert.Equal([ofB.Uid], listB.Items.Select(i => i.Uid));
        Assert.Equal(new[] { ofA.Uid, deletedOfA.Uid }.Order(), listA.Items.Select(i => i.Uid).Order());
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Create_UidTakenInAnotherTenant_SucceedsWithoutRevealingIt(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenantA = await fixture.NewTenantAsync("Tenant A");
        var tenantB = await fixture.NewTenantAsync("Tenant B");
        var ofA = Ok(await kit.CreateAsync(tenantA.Member));

        var ofB = Ok(await kit.CreateAsync(tenantB.Member, ofA.Uid));

        Assert.Equal(ofA.Uid, ofB.Uid);
        Assert.Equal(ofA.Json["created_by"]!.ToJsonString(), Ok(await kit.GetAsync(tenantA.Member, ofA.Uid)).Json["created_by"]!.ToJsonString());
        Assert.Equal(tenantB.Member.Actor.Reference, Ok(await kit.GetAsync(tenantB.Member, ofA.Uid)).Json["created_by"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task EverySuccessfulWrite_WritesOneAuditEventWithTheChangedFields(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var uid = Ok(await kit.CreateAsync(tenant.Member)).Uid;

        Ok(await kit.UpdateAsync(tenant.Member, uid));
        Ok(await kit.PatchAsync(tenant.Member, uid));
        Ok(await kit.ProcessAsync(tenant.Member, uid, kit.ChangingAction));
        Ok(await kit.ArchiveAsync(tenant.Member, uid));
        Ok(await kit.DeleteAsync(tenant.Member, uid));
        Ok(await kit.RestoreAsync(tenant.Member, uid));

        var events = (await fixture.AuditAsync(tenant.Id)).Where(e => e.EntityUid == uid).ToList();
        Assert.Equal(
            new[] { "create", "update", "patch", kit.ChangingAction, "archive", "delete", "restore" }.Select(a => $"{entity}.{a}"),
            events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(entity, e.EntityType));
        var deletion = System.Text.Json.Nodes.JsonNode.Parse(events[5].Changes)!.AsObject();
        Assert.Equal(["deleted_at"], deletion.Select(p => p.Key));
        Assert.Null(deletion["deleted_at"]!["before"]);
        Assert.NotNull(deletion["deleted_at"]!["after"]);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task FailedWrites_WriteNoAuditEvent(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var uid = Ok(await kit.CreateAsync(tenant.Member)).Uid;
        var eventsBefore = await CountEventsAsync(tenant, entity);

        Fails(ErrorKind.Conflict, await kit.UpdateAsync(tenant.Member, uid, ifMatch: 7));
        Fails(ErrorKind.Forbidden, await kit.PatchAsync(tenant.Viewer, uid));
        Fails(ErrorKind.NotFound, await kit.DeleteAsync(tenant.Member, Guid.NewGuid()));
        Fails(ErrorKind.Validation, await kit.ProcessAsync(tenant.Member, uid, "nope"));
        Fails(ErrorKind.Conflict, await kit.CreateAsync(tenant.Member, uid));

        Assert.Equal(eventsBefore, await CountEventsAsync(tenant, entity));
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Update_WithIdenticalValues_ChangesNothing(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var uid = Ok(await kit.CreateAsync(tenant.Member)).Uid;
        var first = Ok(await kit.UpdateAsync(tenant.Member, uid));

        var second = Ok(await kit.UpdateAsync(tenant.Member, uid));

        Assert.Equal(first.Version, second.Version);
        Assert.Single(await fixture.AuditAsync(tenant.Id), e => e.EntityUid == uid && e.Action == $"{entity}.update");
    }

    /// <summary>The entity's own events: creating a comment or message through the kit also creates (and audits) its parent.</summary>
    private async Task<int> CountEventsAsync(TestTenant tenant, string entity) =>
        (await fixture.AuditAsync(tenant.Id)).Count(e => e.EntityType == entity);

    private static async Task<List<Result<ItemView>>> EveryWriteAsync(IEntityKit kit, TenantScope scope, Guid uid) =>
    [
        await kit.UpdateAsync(scope, uid),
        await kit.PatchAsync(scope, uid),
        await kit.DeleteAsync(scope, uid),
        await kit.ArchiveAsync(scope, uid),
        await kit.ProcessAsync(scope, uid, kit.ChangingAction),
        await kit.RestoreAsync(scope, uid),
    ];

    private static async Task<List<Result<ItemView>>> EveryOperationAsync(IEntityKit kit, TenantScope scope, Guid uid) =>
    [
        await kit.GetAsync(scope, uid),
        await kit.GetAsync(scope, uid, includeDeleted: true),
        .. await EveryWriteAsync(kit, scope, uid),
    ];
}
