using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.AuditSeed;

namespace ToolBridge.Tests.Data.Audit;

/// <summary>Reading the audit log (docs/domain.md, "Audit and usage"): filters, paging, who may read what, tenant isolation, the export.</summary>
public sealed class AuditServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private AuditService Audit => fixture.Get<AuditService>();

    // ---- ListAsync: what a row carries ----

    [Fact]
    public async Task ListAsync_RealChanges_NewestFirstWithBeforeAndAfter()
    {
        var tenant = await fixture.NewTenantAsync();
        var notes = fixture.Get<NoteService>();
        var note = ResultAssert.Ok(await notes.CreateAsync(tenant.Member, new NoteInput { Title = "Draft", Content = "Body" }));
        ResultAssert.Ok(await notes.UpdateAsync(tenant.Member, note.Uid, new NoteInput { Title = "Final", Content = "Body" }));

        var page = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { EntityType = "note" }, new GridRequest()));

        Assert.Equal(["note.update", "note.create"], page.Items.Select(i => i.Action));
        var update = page.Items[0];
        Assert.Equal(new ActivityActor(ActorKind.User, tenant.Member.Actor.Id, tenant.Member.Actor.Name) { Email = await EmailAsync(tenant.Member) }, update.Actor);
        Assert.Equal(Channel.Portal, update.Channel);
        Assert.Equal("note", update.EntityType);
        Assert.Equal(note.Uid, update.EntityUid);
        var title = Assert.Single(update.Changes);
        Assert.Equal("title", title.Field);
        Assert.Equal("Draft", title.Before!.GetValue<string>());
        Assert.Equal("Final", title.After!.GetValue<string>());
        var created = page.Items[1].Changes.ToDictionary(c => c.Field);
        Assert.Null(created["title"].Before);
        Assert.Equal("Draft", created["title"].After!.GetValue<string>());
        Assert.Equal("Body", created["content"].After!.GetValue<string>());
    }

    // ---- ListAsync: filters ----

    [Fact]
    public async Task ListAsync_ActorFilter_ReturnsOnlyThatActor()
    {
        var tenant = await fixture.NewTenantAsync();
        var tokenId = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.create"),
            Event(ActorKind.Token, tokenId, "Laptop", "note.update"),
            Event(ActorKind.Token, tokenId, "Laptop", "note.pin"),
            Event(ActorKind.System, null, "system", "tenant.suspend"));

        var byAdmin = await ActionsAsync(tenant.Owner, new ActivityQuery { Actor = $"user:{tenant.Admin.Actor.Id}" });
        var byToken = await ActionsAsync(tenant.Owner, new ActivityQuery { Actor = $"token:{tokenId}" });
        var bySystem = await ActionsAsync(tenant.Owner, new ActivityQuery { Actor = "system" });

        Assert.Equal(["note.create"], byAdmin);
        Assert.Equal(["note.pin", "note.update"], byToken);
        Assert.Equal(["tenant.suspend"], bySystem);
    }

    [Fact]
    public async Task ListAsync_ActorFilterForAToken_IgnoresAUserWithTheSameId()
    {
        var tenant = await fixture.NewTenantAsync();
        var id = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.User, id, "A user", "note.create"), Event(ActorKind.Token, id, "A token", "note.update"));

        var actions = await ActionsAsync(tenant.Owner, new ActivityQuery { Actor = $"token:{id}" });

        Assert.Equal(["note.update"], actions);
    }

    [Theory]
    [InlineData(Channel.Portal, "note.create")]
    [InlineData(Channel.Mcp, "note.update")]
    [InlineData(Channel.System, "tenant.suspend")]
    public async Task ListAsync_ChannelFilter_ReturnsOnlyThatChannel(Channel channel, string expected)
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.create", channel: Channel.Portal, entityType: "note"),
            Event(ActorKind.Token, Guid.NewGuid(), "Laptop", "note.update", channel: Channel.Mcp, entityType: "note"),
            Event(ActorKind.System, null, "system", "tenant.suspend", channel: Channel.System, entityType: "tenant"));

        var actions = await ActionsAsync(tenant.Owner, new ActivityQuery { Channel = channel, EntityType = channel == Channel.System ? "tenant" : "note" });

        Assert.Equal([expected], actions);
    }

    [Fact]
    public async Task ListAsync_ExactAction_ReturnsOnlyThatAction()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Event(action: "note.update"), Event(action: "note.update_extra"), Event(action: "note.pin"), Event(action: "task.update", entityType: "task"));

        var actions = await ActionsAsync(tenant.Owner, new ActivityQuery { Action = "note.update" });

        Assert.Equal(["note.update"], actions);
    }

    [Fact]
    public async Task ListAsync_ActionPrefix_ReturnsEveryActionOfThatEntity()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Event(action: "note.create"), Event(action: "note.pin"), Event(action: "notes_x.create"), Event(action: "task.update", entityType: "task"));

        var actions = await ActionsAsync(tenant.Owner, new ActivityQuery { Action = "note." });

        Assert.Equal(["note.pin", "note.create"], actions);
    }

    [Fact]
    public async Task ListAsync_EntityTypeAndUid_ReturnOnlyThatEntity()
    {
        var tenant = await fixture.NewTenantAsync();
        var uid = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id,
            Event(action: "note.create", entityUid: uid),
            Event(action: "note.pin", entityUid: uid),
            Event(action: "note.create", entityUid: Guid.NewGuid()),
            Event(action: "task.create", entityType: "task", entityUid: uid));

        var ofType = await ActionsAsync(tenant.Owner, new ActivityQuery { EntityType = "task" });
        var ofEntity = await ActionsAsync(tenant.Owner, new ActivityQuery { EntityType = "note", EntityUid = uid });
        var ofUid = await ActionsAsync(tenant.Owner, new ActivityQuery { EntityUid = uid });

        Assert.Equal(["task.create"], ofType);
        Assert.Equal(["note.pin", "note.create"], ofEntity);
        Assert.Equal(["task.create", "note.pin", "note.create"], ofUid);
    }

    [Fact]
    public async Task ListAsync_DateRange_IncludesFromAndExcludesTo()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id,
            Event(action: "note.before", at: Day.AddMilliseconds(-1)),
            Event(action: "note.first", at: Day),
            Event(action: "note.last", at: Day.AddDays(1).AddMilliseconds(-1)),
            Event(action: "note.after", at: Day.AddDays(1)));

        var actions = await ActionsAsync(tenant.Owner, new ActivityQuery { From = Day, To = Day.AddDays(1), EntityType = "note" });
        var onlyFrom = await ActionsAsync(tenant.Owner, new ActivityQuery { From = Day.AddDays(1), EntityType = "note" });
        var onlyTo = await ActionsAsync(tenant.Owner, new ActivityQuery { To = Day, EntityType = "note" });

        Assert.Equal(["note.last", "note.first"], actions);
        Assert.Equal(["note.after"], onlyFrom);
        Assert.Equal(["note.before"], onlyTo);
    }

    [Fact]
    public async Task ListAsync_DateRangeWithAnOffset_ComparesInstants()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Event(action: "note.early", at: Day.AddHours(1)), Event(action: "note.late", at: Day.AddHours(3)));

        // 04:00 in UTC+02:00 is 02:00 UTC.
        var actions = await ActionsAsync(tenant.Owner, new ActivityQuery { From = new DateTimeOffset(2026, 3, 10, 4, 0, 0, TimeSpan.FromHours(2)), EntityType = "note" });

        Assert.Equal(["note.late"], actions);
    }

    [Fact]
    public async Task ListAsync_FromAfterTo_IsAValidationError()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Audit.ListAsync(tenant.Owner, new ActivityQuery { From = Day.AddDays(1), To = Day }, new GridRequest());

        var error = ResultAssert.Invalid(result, "from");
        Assert.Contains("from must not be after to", error.Message);
    }

    [Fact]
    public async Task ListAsync_FromEqualsTo_IsAnEmptyRange()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Event(action: "note.create", at: Day));

        var page = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { From = Day, To = Day }, new GridRequest()));

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Theory]
    [InlineData("someone")]
    [InlineData("user:not-a-guid")]
    [InlineData("group:6f1c2f0e-0c7b-4a4e-9a43-1c8e3f1b2a10")]
    [InlineData("system:6f1c2f0e-0c7b-4a4e-9a43-1c8e3f1b2a10")]
    public async Task ListAsync_BadActor_IsAValidationError(string actor)
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Audit.ListAsync(tenant.Owner, new ActivityQuery { Actor = actor }, new GridRequest());

        ResultAssert.Invalid(result, "actor");
    }

    [Theory]
    [InlineData("action", "note")]
    [InlineData("action", "Note.Create")]
    [InlineData("action", "note.create; drop")]
    [InlineData("action", "%.")]
    [InlineData("entity_type", "note.")]
    [InlineData("entity_type", "NOTE")]
    public async Task ListAsync_BadActionOrEntityType_IsAValidationError(string field, string value)
    {
        var tenant = await fixture.NewTenantAsync();
        var query = field == "action" ? new ActivityQuery { Action = value } : new ActivityQuery { EntityType = value };

        var result = await Audit.ListAsync(tenant.Owner, query, new GridRequest());

        ResultAssert.Invalid(result, field);
    }

    [Fact]
    public async Task ListAsync_UndefinedChannel_IsAValidationError()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Audit.ListAsync(tenant.Owner, new ActivityQuery { Channel = (Channel)42 }, new GridRequest());

        ResultAssert.Invalid(result, "channel");
    }

    // ---- ListAsync: paging ----

    [Fact]
    public async Task ListAsync_Pages_ReturnEachSliceWithTheTotal()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Enumerable.Range(1, 12).Select(i => Event(action: $"note.step{i}")).ToArray());
        var all = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { EntityType = "note" }, new GridRequest { Count = 200 })).Items;

        var first = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { EntityType = "note" }, new GridRequest { Offset = 0, Count = 5 }));
        var third = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { EntityType = "note" }, new GridRequest { Offset = 10, Count = 5 }));
        var beyond = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { EntityType = "note" }, new GridRequest { Offset = 15, Count = 5 }));

        Assert.Equal(12, all.Count);
        Assert.Equal(12, first.Total);
        Assert.Equal(all.Take(5).Select(i => i.Id), first.Items.Select(i => i.Id));
        Assert.Equal(12, third.Total);
        Assert.Equal(all.Skip(10).Select(i => i.Id), third.Items.Select(i => i.Id));
        Assert.Empty(beyond.Items);
        Assert.Equal(12, beyond.Total);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Id > p.Second.Id), "newest first");
    }

    [Fact]
    public async Task ListAsync_NotDescending_ReturnsOldestFirst()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Event(action: "note.first"), Event(action: "note.second"));

        var page = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { EntityType = "note" }, new GridRequest { SortBy = "at", Descending = false }));

        Assert.Equal(["note.first", "note.second"], page.Items.Select(i => i.Action));
    }

    [Theory]
    [InlineData(0, 25, "title", "sort_by")]
    [InlineData(0, 0, null, "count")]
    [InlineData(0, 201, null, "count")]
    [InlineData(-1, 25, null, "offset")]
    public async Task ListAsync_BadGrid_IsAValidationError(int offset, int count, string? sortBy, string field)
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Audit.ListAsync(tenant.Owner, new ActivityQuery(), new GridRequest { Offset = offset, Count = count, SortBy = sortBy });

        ResultAssert.Invalid(result, field);
    }

    // ---- Who may read what ----

    [Fact]
    public async Task ListAsync_Member_SeesOnlyOwnAndOwnTokensEvents()
    {
        var tenant = await fixture.NewTenantAsync();
        var mine = await fixture.TokenAsync(tenant.Member, "Mine");
        var theirs = await fixture.TokenAsync(tenant.Admin, "Theirs");
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.by_me"),
            Event(ActorKind.Token, mine.Id, "Mine", "note.by_my_token"),
            Event(ActorKind.Token, theirs.Id, "Theirs", "note.by_their_token"),
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.by_admin"),
            Event(ActorKind.User, tenant.Viewer.Actor.Id, "Viewer", "note.by_viewer"),
            Event(ActorKind.Token, tenant.Member.Actor.Id, "A token with my user id", "note.by_lookalike"),
            Event(ActorKind.System, null, "system", "note.by_system"));

        var actions = await ActionsAsync(tenant.Member, new ActivityQuery { EntityType = "note" });
        var all = await ActionsAsync(tenant.Member, new ActivityQuery());

        Assert.Equal(["note.by_my_token", "note.by_me"], actions);
        Assert.Equal(["note.by_my_token", "note.by_me"], all);
    }

    [Fact]
    public async Task ListAsync_MemberFiltersForSomeoneElse_GetsNothing()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.create"));

        var page = ResultAssert.Ok(await Audit.ListAsync(tenant.Member, new ActivityQuery { Actor = $"user:{tenant.Admin.Actor.Id}" }, new GridRequest()));

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task ListAsync_MembersToken_SeesWhatThatTokenDid()
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await fixture.TokenAsync(tenant.Member, "Laptop");
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, token.Id, "Laptop", "note.by_token"),
            Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.by_owner"));
        var asToken = new TenantScope(tenant.Id, new Actor(ActorKind.Token, token.Id, "Laptop"), MemberRole.Member);

        var actions = await ActionsAsync(asToken, new ActivityQuery());

        Assert.Equal(["note.by_token"], actions);
    }

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    public async Task ListAsync_OwnerOrAdmin_SeesEveryonesEvents(MemberRole role)
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await fixture.TokenAsync(tenant.Member, "Laptop");
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.by_member"),
            Event(ActorKind.Token, token.Id, "Laptop", "note.by_token"),
            Event(ActorKind.System, null, "system", "note.by_system"));
        var reader = role == MemberRole.Owner ? tenant.Owner : tenant.Admin;

        var actions = await ActionsAsync(reader, new ActivityQuery { EntityType = "note" });

        Assert.Equal(["note.by_system", "note.by_token", "note.by_member"], actions);
    }

    [Fact]
    public async Task ReadMethods_Viewer_AreForbidden()
    {
        var tenant = await fixture.NewTenantAsync();

        var list = await Audit.ListAsync(tenant.Viewer, new ActivityQuery(), new GridRequest());
        var facets = await Audit.FacetsAsync(tenant.Viewer);
        var export = Audit.Export(tenant.Viewer, new ActivityQuery());

        Assert.Contains("Viewers cannot read the activity log", ResultAssert.Fails(ErrorKind.Forbidden, list).Message);
        ResultAssert.Fails(ErrorKind.Forbidden, facets);
        ResultAssert.Fails(ErrorKind.Forbidden, export);
    }

    [Fact]
    public async Task ReadMethods_AnotherTenantsEvents_NeverAppear()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync("Other tenant");
        var uid = Guid.NewGuid();
        var tokenId = Guid.NewGuid();
        await fixture.SeedAsync(other.Id,
            Event(ActorKind.Token, tokenId, "Elsewhere", "note.secret", entityUid: uid),
            Event(ActorKind.User, tenant.Owner.Actor.Id, "Same person elsewhere", "note.secret", entityUid: uid));
        var otherIds = (await fixture.AuditAsync(other.Id)).Select(e => e.Id).ToHashSet();

        var all = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery(), new GridRequest { Count = 200 }));
        var byUid = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { EntityUid = uid }, new GridRequest()));
        var byToken = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, new ActivityQuery { Actor = $"token:{tokenId}" }, new GridRequest()));
        var facets = ResultAssert.Ok(await Audit.FacetsAsync(tenant.Owner));
        var exported = await ToListAsync(ResultAssert.Ok(Audit.Export(tenant.Owner, new ActivityQuery())));

        Assert.NotEmpty(all.Items);
        Assert.DoesNotContain(all.Items, i => otherIds.Contains(i.Id));
        Assert.Empty(byUid.Items);
        Assert.Empty(byToken.Items);
        Assert.DoesNotContain("note.secret", facets.Actions);
        Assert.DoesNotContain(facets.Actors, a => a.Name is "Elsewhere" or "Same person elsewhere");
        Assert.DoesNotContain(exported, i => otherIds.Contains(i.Id));
        Assert.Equal(all.Items.Select(i => i.Id), exported.Select(i => i.Id));
    }

    // ---- Export ----

    [Fact]
    public async Task Export_ManyEvents_YieldsTheSameRowsAsTheList()
    {
        var tenant = await fixture.NewTenantAsync();
        var count = AuditService.ExportBatchSize * 2 + 7;
        await fixture.SeedAsync(tenant.Id, Enumerable.Range(0, count).Select(i => Event(action: i % 10 == 0 ? "note.pin" : "note.update", channel: i % 10 == 1 ? Channel.Portal : Channel.Mcp)).ToArray());
        var query = new ActivityQuery { Action = "note.update", Channel = Channel.Mcp };
        var listed = new List<ActivityItem>();
        for (var offset = 0; ; offset += 200)
        {
            var page = ResultAssert.Ok(await Audit.ListAsync(tenant.Owner, query, new GridRequest { Offset = offset, Count = 200 }));
            listed.AddRange(page.Items);
            if (page.Items.Count < 200)
            {
                break;
            }
        }

        var exported = await ToListAsync(ResultAssert.Ok(Audit.Export(tenant.Owner, query)));

        Assert.True(listed.Count > AuditService.ExportBatchSize, $"only {listed.Count} rows: the export reads one batch");
        Assert.Equal(listed.Select(i => i.Id), exported.Select(i => i.Id));
        Assert.All(exported, i => Assert.Equal(("note.update", Channel.Mcp), (i.Action, i.Channel)));
    }

    [Fact]
    public async Task Export_Member_YieldsOnlyOwnEvents()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.mine"),
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.theirs"));

        var exported = await ToListAsync(ResultAssert.Ok(Audit.Export(tenant.Member, new ActivityQuery())));

        Assert.Equal(["note.mine"], exported.Select(i => i.Action));
    }

    [Fact]
    public async Task Export_BadFilters_IsAValidationError()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = Audit.Export(tenant.Owner, new ActivityQuery { From = Day, To = Day.AddDays(-1) });

        ResultAssert.Invalid(result, "from");
    }

    [Fact]
    public async Task Export_FiltersChangedAfterwards_KeepsTheFiltersItWasGiven()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Event(action: "note.create"), Event(action: "note.pin"));
        var query = new ActivityQuery { Action = "note.pin" };
        var export = ResultAssert.Ok(Audit.Export(tenant.Owner, query));

        query.Action = "note.create";
        var exported = await ToListAsync(export);

        Assert.Equal(["note.pin"], exported.Select(i => i.Action));
    }

    // ---- FacetsAsync ----

    [Fact]
    public async Task FacetsAsync_Owner_ListsActorsWithTheirLatestNameAndTheActionsAndEntityTypes()
    {
        var tenant = await fixture.NewTenantAsync();
        var tokenId = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, tokenId, "Old name", "note.create"),
            Event(ActorKind.Token, tokenId, "New name", "task.update", entityType: "task"),
            Event(ActorKind.System, null, "system", "tenant.suspend", entityType: "tenant"));

        var facets = ResultAssert.Ok(await Audit.FacetsAsync(tenant.Owner));

        Assert.Contains(new ActivityActor(ActorKind.Token, tokenId, "New name"), facets.Actors);
        Assert.Contains(new ActivityActor(ActorKind.System, null, "system"), facets.Actors);
        Assert.Contains(new ActivityActor(ActorKind.User, tenant.Owner.Actor.Id, tenant.Owner.Actor.Name) { Email = await EmailAsync(tenant.Owner) }, facets.Actors);
        Assert.DoesNotContain(facets.Actors, a => a.Name == "Old name");
        Assert.Equal(facets.Actors.Count, facets.Actors.Select(a => a.Reference).Distinct().Count());
        Assert.Equal(["member.add", "note.create", "task.update", "tenant.create", "tenant.suspend"], facets.Actions);
        Assert.Equal(["member", "note", "task", "tenant"], facets.EntityTypes);
    }

    [Fact]
    public async Task FacetsAsync_Member_ListsOnlyThemselvesAndTheirTokens()
    {
        var tenant = await fixture.NewTenantAsync();
        var mine = await fixture.TokenAsync(tenant.Member, "Mine");
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, mine.Id, "Mine", "note.create"),
            Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.pin"),
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "task.create", entityType: "task"));

        var facets = ResultAssert.Ok(await Audit.FacetsAsync(tenant.Member));

        Assert.Equal([$"user:{tenant.Member.Actor.Id}", $"token:{mine.Id}"], facets.Actors.Select(a => a.Reference));
        Assert.Equal(["note.create", "note.pin"], facets.Actions);
        Assert.Equal(["note"], facets.EntityTypes);
    }

    // ---- Helpers ----

    private async Task<string> EmailAsync(TenantScope scope) => (await fixture.Get<ToolBridge.Data.Tenants.UserService>().GetAsync(scope.Actor.Id))!.Email;

    private async Task<List<string>> ActionsAsync(TenantScope scope, ActivityQuery query) =>
        ResultAssert.Ok(await Audit.ListAsync(scope, query, new GridRequest { Count = 200 })).Items.Select(i => i.Action).ToList();

    private static async Task<List<ActivityItem>> ToListAsync(IAsyncEnumerable<ActivityItem> items)
    {
        var list = new List<ActivityItem>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
