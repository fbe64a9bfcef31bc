using System.Text.Json.Nodes;
using Bunit;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Activity;
using static ToolBridge.Tests.Portal.Activity.ActivityPageSteps;
using static ToolBridge.Tests.Support.AuditSeed;

namespace ToolBridge.Tests.Portal.Activity;

/// <summary>The Activity page: the audit log's rows, filters, paging and diffs, and who may see it.</summary>
public sealed class ActivityPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Render_Event_ShowsEachColumn()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var tokenId = Guid.NewGuid();
        var uid = Guid.Parse("0192f5c3-8e4a-7c1d-9b2e-5f6a7b8c9d0e");
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.Token, tokenId, "Claude Desktop", "note.pin", entityUid: uid, at: Day.AddHours(9).AddMinutes(5)));

        var cut = RenderPage(context, tenant);

        var row = Row(cut, "note.pin");
        Assert.Equal("2026-03-10 09:05:00 UTC", Text(row, ".activity-time"));
        Assert.Equal("Claude Desktop", Text(row, ".activity-actor"));
        Assert.Equal("token", Text(row, ".activity-actor-kind"));
        Assert.Equal("MCP", Text(row, ".activity-channel"));
        Assert.Equal("pinned note", Text(row, ".activity-action"));
        Assert.Equal("b", Text(row, ".activity-entity"));
        Assert.Equal(uid.ToString(), row.QuerySelector(".activity-entity")!.GetAttribute("title"));
        Assert.Equal("Portal", Text(Row(cut, "tenant.create"), ".activity-channel"));
        Assert.Equal("note.pin", Actions(cut)[0]);
    }

    [Fact]
    public async Task Render_NoActivity_SaysWhatShowsUpHere()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        Assert.Empty(Rows(cut));
        Assert.Equal("No activity yet — changes made in the portal or by MCP clients show up here.", cut.Find(".activity-empty").TextContent.Trim());
    }

    [Fact]
    public async Task ExpandRow_ShowsTheChangedFieldsBeforeAndAfter()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var changes = new JsonObject
        {
            ["title"] = new JsonObject { ["before"] = "Draft", ["after"] = "Final" },
            ["tags"] = new JsonObject { ["before"] = new JsonArray("a"), ["after"] = new JsonArray("a", "b") },
            ["due_at"] = new JsonObject { ["before"] = null, ["after"] = "2030-01-31T17:00:00Z" },
        };
        await fixture.SeedAsync(tenant.Id, Event(action: "note.update", changes: changes));
        var cut = RenderPage(context, tenant);
        Assert.Empty(cut.FindAll(".activity-diff"));

        var diff = Expand(cut, "note.update");

        Assert.Equal(
            [("due_at", "—", "2030-01-31T17:00:00Z"), ("tags", "[\"a\"]", "[\"a\",\"b\"]"), ("title", "Draft", "Final")],
            diff);
        Assert.Equal("true", Row(cut, "note.update").QuerySelector(".activity-expand")!.GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task ExpandRowTwice_HidesTheDiffAgain()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id, Event(action: "note.update"));
        var cut = RenderPage(context, tenant);
        Expand(cut, "note.update");

        Row(cut, "note.update").QuerySelector(".activity-expand")!.Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".activity-diff")));
    }

    [Fact]
    public async Task ExpandRow_LongValue_IsShortenedWithTheWholeValueInItsTooltip()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var content = new string('x', 5000);
        await fixture.SeedAsync(tenant.Id, Event(action: "note.update", changes: new JsonObject { ["content"] = new JsonObject { ["before"] = "short", ["after"] = content } }));
        var cut = RenderPage(context, tenant);

        Expand(cut, "note.update");

        var after = cut.Find(".activity-diff .diff-after .diff-value");
        Assert.Equal(ActivityFormat.ValueMax + 1, after.TextContent.Length);
        Assert.EndsWith("…", after.TextContent);
        Assert.Equal(ActivityFormat.TitleMax + 1, after.GetAttribute("title")!.Length);
    }

    [Fact]
    public async Task ChooseChannel_Mcp_ShowsOnlyMcpRows()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, Guid.NewGuid(), "Laptop", "note.by_mcp"),
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.by_portal"));
        var cut = RenderPage(context, tenant);

        Choose(cut, providers, "activity-filter-channel", "MCP", actions => actions.SequenceEqual(["note.by_mcp"]));

        Assert.All(Rows(cut), r => Assert.Equal("MCP", Text(r, ".activity-channel")));
        Assert.Contains("channel=mcp", cut.Find("a.activity-export").GetAttribute("href"));
    }

    [Fact]
    public async Task ChooseActor_ShowsOnlyThatActorsRows()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Admin);
        await using var _ = context;
        var tokenId = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, tokenId, "Laptop", "note.create"),
            Event(ActorKind.Token, tokenId, "Laptop", "note.pin"),
            Event(ActorKind.User, tenant.Admin.Actor.Id, tenant.Admin.Actor.Name, "task.create", entityType: "task"));
        var cut = RenderPage(context, tenant);

        Choose(cut, providers, "activity-filter-actor", "Laptop (token)", actions => actions.SequenceEqual(["note.pin", "note.create"]));

        Assert.All(Rows(cut), r => Assert.Equal("Laptop", Text(r, ".activity-actor")));
    }

    [Fact]
    public async Task ChooseActionPrefixThenEntity_NarrowsTheRows()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id,
            Event(action: "note.create"),
            Event(action: "note.pin"),
            Event(action: "task.create", entityType: "task"));
        var cut = RenderPage(context, tenant);
        Assert.Contains("Any note action", Options(cut, providers, "activity-filter-action"));
        providers.Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Any note action").Click();
        cut.WaitForAssertion(() => Assert.Equal(["note.pin", "note.create"], Actions(cut)));

        Choose(cut, providers, "activity-filter-entity", "task", actions => actions.Count == 0);

        Assert.Equal("No activity matches these filters. Clear the filters to see all of it.", cut.Find(".activity-empty").TextContent.Trim());
    }

    [Fact]
    public async Task ClearFilters_ShowsEverythingAgain()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.Token, Guid.NewGuid(), "Laptop", "note.by_mcp"));
        var cut = RenderPage(context, tenant);
        var everything = Actions(cut);
        Choose(cut, providers, "activity-filter-channel", "MCP", actions => actions.Count == 1);

        // Found and clicked in one step on the renderer: the filter's render can replace the button in between.
        await cut.InvokeAsync(() => cut.Find("button.activity-clear").Click());

        cut.WaitForAssertion(() => Assert.Equal(everything, Actions(cut)));
        Assert.DoesNotContain("?", cut.Find("a.activity-export").GetAttribute("href"));
    }

    [Fact]
    public async Task EntityUid_Typed_ShowsThatEntitysHistory()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var uid = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id, Event(action: "note.create", entityUid: uid), Event(action: "note.pin", entityUid: Guid.NewGuid()));
        var cut = RenderPage(context, tenant);

        cut.Find("#activity-entity-uid").Change(uid.ToString());

        cut.WaitForAssertion(() => Assert.Equal(["note.create"], Actions(cut)));
    }

    [Fact]
    public async Task EntityUid_NotAUid_SaysSoAndKeepsTheRows()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var before = Actions(cut);

        cut.Find("#activity-entity-uid").Change("not-a-uid");

        cut.WaitForAssertion(() => Assert.Contains("Enter a uid", cut.Find(".activity-filter-uid").TextContent));
        Assert.Equal(before, Actions(cut));
    }

    [Fact]
    public async Task TypeDates_ShowOnlyThatRangeOfDays()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id,
            Event(action: "note.day_before", at: Day.AddDays(-1).AddHours(23)),
            Event(action: "note.first_day", at: Day),
            Event(action: "note.last_day", at: Day.AddDays(1).AddHours(23).AddMinutes(59)),
            Event(action: "note.day_after", at: Day.AddDays(2)));
        var cut = RenderPage(context, tenant);

        cut.Find(".activity-filter-from input").Change("2026-03-10");
        cut.WaitForAssertion(() => Assert.DoesNotContain("note.day_before", Actions(cut)));
        cut.Find(".activity-filter-to input").Change("2026-03-11");

        cut.WaitForAssertion(() => Assert.Equal(["note.last_day", "note.first_day"], Actions(cut)));
        Assert.Contains("from=2026-03-10T00%3A00%3A00Z&to=2026-03-12T00%3A00%3A00Z", cut.Find("a.activity-export").GetAttribute("href"));
    }

    [Fact]
    public async Task SwitchTenant_ShowsTheOtherTenantsActivity()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var other = await TestTenant.CreateAsync(context.Services, $"Other {Guid.NewGuid():N}");
        await context.Members.AddMemberAsync(other.Owner, new ToolBridge.Data.Tenants.MemberInput
        {
            Email = (await context.Users.GetAsync(tenant.Owner.Actor.Id))!.Email, Role = MemberRole.Admin,
        });
        await fixture.SeedAsync(tenant.Id, Event(action: "note.in_first"));
        await fixture.SeedAsync(other.Id, Event(action: "note.in_other"));
        var cut = RenderPage(context, tenant);
        Assert.Contains("note.in_first", Actions(cut));

        cut.Render(p => p.Add(c => c.Slug, other.Tenant.Slug));

        cut.WaitForAssertion(() => Assert.Contains("note.in_other", Actions(cut)));
        Assert.DoesNotContain("note.in_first", Actions(cut));
        Assert.Contains(other.Tenant.Name, cut.Find("h1").TextContent);
    }

    [Fact]
    public async Task Paging_NextPage_AsksTheServiceForTheNextRows()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id, Enumerable.Range(1, 30).Select(i => Event(ActorKind.Token, Guid.NewGuid(), "Laptop", $"note.step{i:00}")).ToArray());
        var cut = RenderPage(context, tenant, "?channel=mcp");
        Assert.Equal(25, Rows(cut).Count);
        Assert.Equal("note.step30", Actions(cut)[0]);

        cut.Find("button[aria-label='Next page']").Click();

        cut.WaitForAssertion(() => Assert.Equal(["note.step05", "note.step04", "note.step03", "note.step02", "note.step01"], Actions(cut)));
        Assert.Contains("26-30 of 30", cut.Find(".mud-table-pagination").TextContent);
    }

    [Fact]
    public async Task LinkWithFilters_ShowsTheFilteredRowsAndExportsTheSame()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var uid = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id,
            Event(action: "note.before", entityUid: uid, at: Day.AddDays(-1)),
            Event(action: "note.inside", entityUid: uid, at: Day.AddHours(5)),
            Event(action: "note.other", at: Day.AddHours(6)),
            Event(action: "note.after", entityUid: uid, at: Day.AddDays(1)));

        var cut = RenderPage(context, tenant, $"?entity_type=note&entity_uid={uid}&from=2026-03-10&to=2026-03-11T00:00:00Z");

        Assert.Equal(["note.inside"], Actions(cut));
        var href = cut.Find("a.activity-export").GetAttribute("href")!;
        Assert.Equal($"/t/{tenant.Tenant.Slug}/activity.csv?entity_type=note&entity_uid={uid}&from=2026-03-10T00%3A00%3A00Z&to=2026-03-11T00%3A00%3A00Z", href);
        Assert.NotNull(cut.Find("a.activity-export").GetAttribute("download"));
    }

    [Fact]
    public async Task LinkWithBadFilters_IgnoresThemWithAWarning()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;

        var cut = RenderPage(context, tenant, "?channel=fax&from=yesterday");

        Assert.NotEmpty(Rows(cut));
        Assert.Contains(context.Snackbars, s => s.Contains("The filters in the address were ignored") && s.Contains("channel must be one of: portal, mcp, system"));
    }

    [Fact]
    public async Task LinkWithReversedRange_ShowsTheServicesMessage()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;

        var cut = RenderPage(context, tenant, "?from=2026-03-11&to=2026-03-10");

        cut.WaitForAssertion(() => Assert.Contains("from must not be after to", cut.Find(".activity-error").TextContent));
        Assert.Empty(Rows(cut));
    }

    [Fact]
    public async Task Render_Member_SeesOnlyOwnAndOwnTokensRowsWithANote()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var token = await fixture.TokenAsync(tenant.Member, "My laptop");
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, token.Id, "My laptop", "note.by_my_token"),
            Event(ActorKind.User, tenant.Member.Actor.Id, tenant.Member.Actor.Name, "note.by_me"),
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.by_admin"),
            Event(ActorKind.Token, Guid.NewGuid(), "Someone's token", "note.by_other_token"));

        var cut = RenderPage(context, tenant);

        Assert.Equal(["note.by_me", "note.by_my_token"], Actions(cut).Order());
        Assert.Contains("You see what you and your own tokens did", cut.Find(".activity-own-note").TextContent);
        var email = (await context.Users.GetAsync(tenant.Member.Actor.Id))!.Email;
        Assert.Equal(["Anyone", $"{email} (user)", "My laptop (token)"], Options(cut, providers, "activity-filter-actor"));
    }

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    public async Task Render_OwnerOrAdmin_SeesEveryoneWithoutTheNote(MemberRole role)
    {
        var (context, tenant, _) = await SetUpAsync(fixture, role);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.by_member"));

        var cut = RenderPage(context, tenant);

        Assert.Contains("note.by_member", Actions(cut));
        Assert.Contains("tenant.create", Actions(cut));
        Assert.Empty(cut.FindAll(".activity-own-note"));
    }

    [Fact]
    public async Task Render_Viewer_SeesTheRefusalAndNoRows()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.User, tenant.Viewer.Actor.Id, "Viewer", "note.by_viewer"));

        var cut = RenderPage(context, tenant);

        Assert.Contains("Viewers cannot read the activity log", cut.Find(".activity-forbidden").TextContent);
        Assert.Contains(tenant.Tenant.Name, cut.Find("h1").TextContent);
        Assert.Empty(cut.FindAll("table"));
        Assert.Empty(cut.FindAll(".activity-export, .activity-filters"));
        Assert.DoesNotContain("note.by_viewer", cut.Markup);
    }

    [Fact]
    public async Task Render_PlatformAdminNotAMember_IsDeniedByTheGate()
    {
        // Platform admins read a tenant's content only as its members; the page used to open and refuse the log itself.
        var tenant = await fixture.NewTenantAsync($"Activity {Guid.NewGuid():N}");
        var email = $"platform-{Guid.NewGuid():N}@example.com";
        await using var context = new PortalTestContext(fixture, email);
        context.SignIn(await context.Users.EnsureAsync(email));
        context.RenderProviders();

        var cut = context.Render<ActivityPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));

        cut.WaitForElement(".tenant-denied");
        Assert.DoesNotContain(tenant.Tenant.Name, cut.Markup);
        Assert.Empty(cut.FindAll("table, .activity-export"));
    }

    [Fact]
    public async Task Render_NotAMember_IsDeniedByTheGate()
    {
        var tenant = await fixture.NewTenantAsync($"Activity {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        context.RenderProviders();

        var cut = context.Render<ActivityPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));

        cut.WaitForElement(".tenant-denied");
        Assert.DoesNotContain(tenant.Tenant.Name, cut.Markup);
        Assert.Empty(cut.FindAll("table, .activity-export"));
    }
}
