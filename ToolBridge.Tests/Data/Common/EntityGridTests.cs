using ToolBridge.Data;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Common;

/// <summary>The portal's tables over each entity type: offset pages, sorting, the trash, totals and tenancy.</summary>
public sealed class EntityGridTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Browse_Pages_AreNewestChangeFirstWithTheTotal(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(Ok(await kit.CreateAsync(tenant.Member)).Uid);
        }

        var first = Ok(await kit.BrowseAsync(tenant.Viewer, new GridRequest { Count = 2 }));
        var last = Ok(await kit.BrowseAsync(tenant.Viewer, new GridRequest { Count = 2, Offset = 4 }));
        var oldestFirst = Ok(await kit.BrowseAsync(tenant.Viewer, new GridRequest { Count = 5, SortBy = "created_at", Descending = false }));

        // A message's chat is created with it, so compare only the rows this test created itself.
        var expected = created.AsEnumerable().Reverse().ToList();
        Assert.Equal(expected.Take(2), first.Items.Select(i => i.Uid));
        Assert.Equal(expected[4], Assert.Single(last.Items).Uid);
        Assert.Equal(created, oldestFirst.Items.Select(i => i.Uid).Where(created.Contains));
        Assert.Equal(first.Total, last.Total);
        Assert.False(first.TotalIsLowerBound);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Browse_Trash_HoldsOnlyDeletedRowsAndRestoreTakesThemOut(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var kept = Ok(await kit.CreateAsync(tenant.Member));
        var deleted = Ok(await kit.CreateAsync(tenant.Member));
        Ok(await kit.DeleteAsync(tenant.Member, deleted.Uid));

        var trash = Ok(await kit.BrowseAsync(tenant.Member, new GridRequest { Trash = true }));
        var live = Ok(await kit.BrowseAsync(tenant.Member, new GridRequest()));
        Ok(await kit.RestoreAsync(tenant.Member, deleted.Uid));
        var trashAfter = Ok(await kit.BrowseAsync(tenant.Member, new GridRequest { Trash = true }));

        Assert.Contains(deleted.Uid, trash.Items.Select(i => i.Uid));
        Assert.DoesNotContain(kept.Uid, trash.Items.Select(i => i.Uid));
        Assert.DoesNotContain(deleted.Uid, live.Items.Select(i => i.Uid));
        Assert.DoesNotContain(deleted.Uid, trashAfter.Items.Select(i => i.Uid));
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task Browse_AnotherTenant_SeesNoneOfTheRows(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        Ok(await kit.CreateAsync(tenant.Member));

        var seen = Ok(await kit.BrowseAsync(other.Owner, new GridRequest()));

        Assert.Empty(seen.Items);
        Assert.Equal(0, seen.Total);
    }

    [Theory]
    [InlineData("sort_by", "nonsense")]
    [InlineData("count", "0")]
    [InlineData("count", "201")]
    [InlineData("offset", "-1")]
    public async Task Browse_BadRequest_IsAValidationErrorNamingTheField(string field, string value)
    {
        var kit = EntityKits.For("note", fixture);
        var tenant = await fixture.NewTenantAsync();
        var grid = field switch
        {
            "sort_by" => new GridRequest { SortBy = value },
            "count" => new GridRequest { Count = int.Parse(value) },
            _ => new GridRequest { Offset = int.Parse(value) },
        };

        var error = Invalid(await kit.BrowseAsync(tenant.Member, grid), field);

        Assert.Contains(field, error.Message);
    }
}
