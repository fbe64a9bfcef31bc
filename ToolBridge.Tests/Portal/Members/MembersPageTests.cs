using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MudBlazor.Extensions;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Web.Components.Pages.Members;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Tests.Portal.Members;

public sealed class MembersPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task Render_AnyRole_ListsEveryMemberWithTheirRole(MemberRole role)
    {
        var (context, tenant, providers) = await SetUpAsync(role);
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        var rows = cut.FindAll("table.mud-table-root tbody tr");
        Assert.Equal(4, rows.Count);
        foreach (var scope in new[] { tenant.Owner, tenant.Admin, tenant.Member, tenant.Viewer })
        {
            var email = (await context.Users.GetAsync(scope.Actor.Id))!.Email;
            var row = Assert.Single(rows, r => r.QuerySelector(".member-email")?.TextContent == email);
            Assert.Contains(scope.Role.ToString().ToLowerInvariant(), RoleShown(row));
        }
    }

    [Fact]
    public async Task Render_NotSignedInYet_ShowsPendingBadgeOnlyForThatMember()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        await MarkSignedInAsync(tenant.Owner.Actor.Id);

        var cut = RenderPage(context, tenant);

        var owner = Row(cut, (await context.Users.GetAsync(tenant.Owner.Actor.Id))!.Email);
        var viewer = Row(cut, (await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email);
        Assert.Null(owner.QuerySelector(".pending-badge"));
        Assert.NotNull(viewer.QuerySelector(".pending-badge"));
    }

    [Fact]
    public async Task Render_Owner_OffersEveryControlIncludingOwnerRows()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        Assert.NotNull(cut.Find("form.invite-member"));
        Assert.Equal(4, cut.FindAll(".member-role").Count);
        Assert.Equal(4, cut.FindAll("button.remove-member").Count);
        Assert.Contains(MemberRole.Owner, InviteRoleOptions(cut));
    }

    [Fact]
    public async Task Render_Admin_OffersControlsButNotForOwners()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Admin);
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        Assert.NotNull(cut.Find("form.invite-member"));
        var owner = Row(cut, (await context.Users.GetAsync(tenant.Owner.Actor.Id))!.Email);
        Assert.Null(owner.QuerySelector(".member-role"));
        Assert.Null(owner.QuerySelector("button.remove-member"));
        Assert.Equal("owner", owner.QuerySelector(".role-chip")?.TextContent.Trim());
        Assert.Equal(3, cut.FindAll(".member-role").Count);
        Assert.Equal(3, cut.FindAll("button.remove-member").Count);
        Assert.DoesNotContain(MemberRole.Owner, InviteRoleOptions(cut));
    }

    [Theory]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task Render_MemberOrViewer_OffersNoControls(MemberRole role)
    {
        var (context, tenant, providers) = await SetUpAsync(role);
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        Assert.Empty(cut.FindAll("form"));
        Assert.Empty(cut.FindAll(".member-role"));
        Assert.Empty(cut.FindAll("button.remove-member"));
        Assert.Equal(4, cut.FindAll(".role-chip").Count);
        Assert.Contains("Owners and admins invite people", cut.Find(".members-manager-note").TextContent);
    }

    // Platform admins list and suspend every tenant but read a tenant's content only as its members (least privilege):
    // this used to show them the members read-only.
    [Fact]
    public async Task Render_PlatformAdminNotMember_IsDeniedByTheGate()
    {
        var tenant = await fixture.NewTenantAsync($"Audited {Guid.NewGuid():N}");
        var adminEmail = $"platform-{Guid.NewGuid():N}@example.com";
        await using var context = new PortalTestContext(fixture, adminEmail);
        context.SignIn(await context.Users.EnsureAsync(adminEmail));
        context.RenderProviders();

        var cut = context.Render<MembersPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));

        cut.WaitForElement(".tenant-denied");
        Assert.Empty(cut.FindAll("table"));
        Assert.DoesNotContain((await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email, cut.Markup);
    }

    [Fact]
    public async Task Remove_SuspendedTenantOwner_IsOfferedAndRemovesTheMember()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        Assert.True((await context.Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, Actor.System)).IsSuccess);
        var dialogs = providers.Dialogs;
        var cut = RenderPage(context, tenant);
        var viewerEmail = (await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email;
        Assert.NotNull(cut.Find(".suspended-banner"));
        Assert.Empty(cut.FindAll("form"));
        Assert.Empty(cut.FindAll(".member-role"));
        Assert.Equal(4, cut.FindAll("button.remove-member").Count);

        Row(cut, viewerEmail).QuerySelector("button.remove-member")!.Click();
        dialogs.WaitForElement(".confirm-ok");
        dialogs.Find("button.confirm-ok").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain(viewerEmail, cut.Markup));
        Assert.DoesNotContain(await context.Members.ListMembersAsync(tenant.Owner), m => m.Email == viewerEmail);
        Assert.Contains(context.Snackbars, s => s.Contains($"{viewerEmail} was removed"));
    }

    [Fact]
    public async Task Invite_BadEmail_ShowsFieldMessageAndAddsNobody()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);

        cut.Find("#invite-email").Change("not-an-email");
        cut.Find("form.invite-member").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Email must be an email address", cut.Markup));
        Assert.Equal(4, (await context.Members.ListMembersAsync(tenant.Owner)).Count);
    }

    [Fact]
    public async Task Invite_NewEmail_AddsPendingMember()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Admin);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var email = $"new-{Guid.NewGuid():N}@example.com";

        cut.Find("#invite-email").Change(email);
        cut.Find("form.invite-member").Submit();

        cut.WaitForAssertion(() => Assert.NotNull(Row(cut, email).QuerySelector(".pending-badge")));
        var added = Assert.Single(await context.Members.ListMembersAsync(tenant.Owner), m => m.Email == email);
        Assert.Equal(MemberRole.Member, added.Role);
        Assert.Contains(context.Snackbars, s => s.Contains($"{email} was added as member"));
    }

    [Fact]
    public async Task Invite_ExistingMember_ShowsServiceMessage()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var email = (await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email;

        cut.Find("#invite-email").Change(email);
        cut.Find("form.invite-member").Submit();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains("is already a member")));
    }

    [Fact]
    public async Task ChangeRole_LastOwnerDemotesThemselves_ShowsLastOwnerMessageAndKeepsRole()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var ownerEmail = (await context.Users.GetAsync(tenant.Owner.Actor.Id))!.Email;

        await ChooseRoleAsync(cut, providers, ownerEmail, MemberRole.Admin);

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains("is the last owner of this tenant")));
        var owner = Assert.Single(await context.Members.ListMembersAsync(tenant.Owner), m => m.UserId == tenant.Owner.Actor.Id);
        Assert.Equal(MemberRole.Owner, owner.Role);
        cut.WaitForAssertion(() => Assert.Equal(MemberRole.Owner, RoleSelect(cut, ownerEmail).Instance.GetState(x => x.Value)));
    }

    [Fact]
    public async Task ChangeRole_AdminPromotesViewer_ChangesRole()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Admin);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var viewerEmail = (await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email;

        await ChooseRoleAsync(cut, providers, viewerEmail, MemberRole.Member);

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains($"{viewerEmail} is now member")));
        Assert.Equal(MemberRole.Member, (await context.Members.ListMembersAsync(tenant.Owner)).Single(m => m.Email == viewerEmail).Role);
    }

    [Fact]
    public async Task ChangeRole_ThroughTheSelect_ChangesRole()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var memberEmail = (await context.Users.GetAsync(tenant.Member.Actor.Id))!.Email;

        Row(cut, memberEmail).QuerySelector(".member-role")!.MouseDown();
        var popover = providers.Popovers;
        popover.WaitForElements(".mud-popover-open .mud-list-item");
        popover.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "viewer").Click();
        providers.Dialogs.WaitForElement("button.confirm-ok").Click();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains($"{memberEmail} is now viewer")));
        Assert.Equal(MemberRole.Viewer, (await context.Members.ListMembersAsync(tenant.Owner)).Single(m => m.Email == memberEmail).Role);
    }

    [Fact]
    public async Task ChangeRole_AsksFirst_CancellingChangesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var memberEmail = (await context.Users.GetAsync(tenant.Member.Actor.Id))!.Email;

        var choosing = cut.InvokeAsync(() => RoleSelect(cut, memberEmail).Instance.ValueChanged.InvokeAsync(MemberRole.Owner));
        var question = providers.Dialogs.WaitForElement(".confirm-message").TextContent;
        await providers.Dialogs.InvokeAsync(() => providers.Dialogs.Find("button.confirm-cancel").Click());
        await choosing;

        Assert.Contains($"Change {memberEmail} from member to owner", question);
        Assert.Contains("Owners have full control", question);
        Assert.Equal(MemberRole.Member, (await context.Members.ListMembersAsync(tenant.Owner)).Single(m => m.Email == memberEmail).Role);
        cut.WaitForAssertion(() => Assert.Equal(MemberRole.Member, RoleSelect(cut, memberEmail).Instance.GetState(x => x.Value)));
        Assert.DoesNotContain(context.Snackbars, s => s.Contains("is now"));
    }

    [Fact]
    public async Task Remove_Confirmed_RemovesMember()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        var dialogs = providers.Dialogs;
        var cut = RenderPage(context, tenant);
        var viewerEmail = (await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email;

        Row(cut, viewerEmail).QuerySelector("button.remove-member")!.Click();
        dialogs.WaitForElement(".confirm-ok");
        Assert.Contains(viewerEmail, dialogs.Find(".confirm-message").TextContent);
        dialogs.Find("button.confirm-ok").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain(viewerEmail, cut.Markup));
        Assert.DoesNotContain(await context.Members.ListMembersAsync(tenant.Owner), m => m.Email == viewerEmail);
        Assert.Contains(context.Snackbars, s => s.Contains($"{viewerEmail} was removed"));
    }

    [Fact]
    public async Task Remove_Cancelled_KeepsMember()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        var dialogs = providers.Dialogs;
        var cut = RenderPage(context, tenant);
        var viewerEmail = (await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email;

        Row(cut, viewerEmail).QuerySelector("button.remove-member")!.Click();
        dialogs.WaitForElement(".confirm-cancel");
        dialogs.Find("button.confirm-cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".confirm-ok")));
        Assert.Contains(await context.Members.ListMembersAsync(tenant.Owner), m => m.Email == viewerEmail);
        Assert.Contains(viewerEmail, cut.Markup);
    }

    [Fact]
    public async Task Remove_LastOwnerRemovesThemselves_ShowsLastOwnerMessage()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Owner);
        await using var _ = context;
        var dialogs = providers.Dialogs;
        var cut = RenderPage(context, tenant);
        var ownerEmail = (await context.Users.GetAsync(tenant.Owner.Actor.Id))!.Email;

        Row(cut, ownerEmail).QuerySelector("button.remove-member")!.Click();
        dialogs.WaitForElement(".confirm-ok");
        dialogs.Find("button.confirm-ok").Click();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains("is the last owner of this tenant")));
        Assert.Contains(await context.Members.ListMembersAsync(tenant.Owner), m => m.Email == ownerEmail);
    }

    [Fact]
    public async Task RemoveAndChangeRole_LinkedTenant_AreMirroredToWorkOs()
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        await using var context = new PortalTestContext(fixture, workOs.AppSettings);
        var organizationId = $"org_{Guid.NewGuid():N}";
        var tenant = await TestTenant.CreateAsync(context.Services, $"Linked {Guid.NewGuid():N}", organizationId);
        var demoted = await WorkOsMemberAsync(context, workOs, tenant, organizationId, MemberRole.Admin);
        var removed = await WorkOsMemberAsync(context, workOs, tenant, organizationId, MemberRole.Member);
        await context.SignInAsync(tenant.Owner);
        var providers = context.RenderProviders();
        var cut = RenderPage(context, tenant);

        await ChooseRoleAsync(cut, providers, demoted.Email, MemberRole.Viewer);
        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains($"{demoted.Email} is now viewer")));
        Row(cut, removed.Email).QuerySelector("button.remove-member")!.Click();
        providers.Dialogs.WaitForElement(".confirm-ok");
        Assert.Contains("only an invitation does", providers.Dialogs.Find(".confirm-message").TextContent);
        providers.Dialogs.Find("button.confirm-ok").Click();
        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains($"{removed.Email} was removed")));

        Assert.Equal("member", (string?)workOs.Memberships[demoted.MembershipId]["role"]!["slug"]);
        Assert.False(workOs.Memberships.ContainsKey(removed.MembershipId));
        Assert.Contains($"PUT /user_management/organization_memberships/{demoted.MembershipId}", workOs.Requests);
        Assert.Contains($"DELETE /user_management/organization_memberships/{removed.MembershipId}", workOs.Requests);
    }

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    public async Task Render_InvitedNotJoined_ShowsInvitedWithTheDateAndOffersResendAndCancel(MemberRole role)
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        await using var context = new PortalTestContext(fixture, workOs.AppSettings);
        var (tenant, email, _) = await InvitedAsync(context, workOs);
        await context.SignInAsync(role == MemberRole.Owner ? tenant.Owner : tenant.Admin);
        context.RenderProviders();

        var cut = RenderPage(context, tenant);

        var row = Row(cut, email);
        Assert.NotNull(row.QuerySelector(".invited-badge"));
        Assert.Null(row.QuerySelector(".pending-badge"));
        Assert.Equal($"Invited {DateTimeOffset.UtcNow:yyyy-MM-dd}", row.QuerySelector(".invited-at")?.TextContent.Trim());
        Assert.NotNull(row.QuerySelector("button.resend-invitation"));
        Assert.NotNull(row.QuerySelector("button.cancel-invitation"));
        Assert.Null(row.QuerySelector("button.remove-member"));
        var viewer = Row(cut, (await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email);
        Assert.Null(viewer.QuerySelector(".invited-badge"));
        Assert.Null(viewer.QuerySelector("button.resend-invitation"));
    }

    [Fact]
    public async Task Render_MemberSeesInvitedPerson_OffersNoInvitationControls()
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        await using var context = new PortalTestContext(fixture, workOs.AppSettings);
        var (tenant, email, _) = await InvitedAsync(context, workOs);
        await context.SignInAsync(tenant.Member);
        context.RenderProviders();

        var cut = RenderPage(context, tenant);

        Assert.NotNull(Row(cut, email).QuerySelector(".invited-badge"));
        Assert.Empty(cut.FindAll("button.resend-invitation"));
        Assert.Empty(cut.FindAll("button.cancel-invitation"));
    }

    [Fact]
    public async Task Resend_InvitedMember_SendsTheWorkOsInvitationAgain()
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        await using var context = new PortalTestContext(fixture, workOs.AppSettings);
        var (tenant, email, organizationId) = await InvitedAsync(context, workOs);
        await context.SignInAsync(tenant.Admin);
        context.RenderProviders();
        var cut = RenderPage(context, tenant);
        var invitation = workOs.Invitation(email, organizationId);

        Row(cut, email).QuerySelector("button.resend-invitation")!.Click();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains($"The invitation to {email} was sent again")));
        Assert.Contains($"POST /user_management/invitations/{invitation["id"]}/resend", workOs.Requests);
        Assert.Equal(1, (int?)invitation["resent"]);

        // The page shows the members again after the change: wait for it rather than read it halfway.
        cut.WaitForAssertion(() => Assert.NotNull(Row(cut, email).QuerySelector(".invited-badge")));
    }

    [Fact]
    public async Task Resend_InvitationNoLongerPending_ShowsWhyAndKeepsTheMember()
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        await using var context = new PortalTestContext(fixture, workOs.AppSettings);
        var (tenant, email, organizationId) = await InvitedAsync(context, workOs);
        workOs.Invitation(email, organizationId)["state"] = "expired";
        await context.SignInAsync(tenant.Owner);
        context.RenderProviders();
        var cut = RenderPage(context, tenant);

        Row(cut, email).QuerySelector("button.resend-invitation")!.Click();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains($"could not send the invitation to {email} again")));
        Assert.Contains(await context.Members.ListMembersAsync(tenant.Owner), m => m.Email == email && m.Invited);
    }

    [Fact]
    public async Task Cancel_InvitedMember_RevokesTheInvitationAndRemovesThem()
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        await using var context = new PortalTestContext(fixture, workOs.AppSettings);
        var (tenant, email, organizationId) = await InvitedAsync(context, workOs);
        await context.SignInAsync(tenant.Owner);
        var providers = context.RenderProviders();
        var cut = RenderPage(context, tenant);
        var invitation = workOs.Invitation(email, organizationId);

        Row(cut, email).QuerySelector("button.cancel-invitation")!.Click();
        providers.Dialogs.WaitForElement(".confirm-ok");
        Assert.Contains(email, providers.Dialogs.Find(".confirm-message").TextContent);
        providers.Dialogs.Find("button.confirm-ok").Click();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains($"The invitation of {email} was cancelled")));
        cut.WaitForAssertion(() => Assert.DoesNotContain(email, cut.Markup));
        Assert.Equal("revoked", (string?)invitation["state"]);
        Assert.Contains($"POST /user_management/invitations/{invitation["id"]}/revoke", workOs.Requests);
        Assert.DoesNotContain(await context.Members.ListMembersAsync(tenant.Owner), m => m.Email == email);
    }

    // Cancelling only takes access away, like a removal: offered and carried out in a suspended tenant too.
    [Fact]
    public async Task Cancel_SuspendedTenantOwner_IsOfferedAndRevokesTheInvitation()
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        await using var context = new PortalTestContext(fixture, workOs.AppSettings);
        var (tenant, email, organizationId) = await InvitedAsync(context, workOs);
        Assert.True((await context.Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, Actor.System)).IsSuccess);
        await context.SignInAsync(tenant.Owner);
        var providers = context.RenderProviders();
        var cut = RenderPage(context, tenant);
        Assert.Null(Row(cut, email).QuerySelector("button.resend-invitation"));

        Row(cut, email).QuerySelector("button.cancel-invitation")!.Click();
        providers.Dialogs.WaitForElement(".confirm-ok");
        providers.Dialogs.Find("button.confirm-ok").Click();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains($"The invitation of {email} was cancelled")));
        Assert.Equal("revoked", (string?)workOs.Invitation(email, organizationId)["state"]);
        Assert.DoesNotContain(await context.Members.ListMembersAsync(tenant.Owner), m => m.Email == email);
    }

    [Fact]
    public async Task Action_AfterTheUserWasDemoted_RunsWithTheNewRole()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Admin);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var viewerEmail = (await context.Users.GetAsync(tenant.Viewer.Actor.Id))!.Email;
        Assert.True((await context.Members.ChangeRoleAsync(tenant.Owner, tenant.Admin.Actor.Id, MemberRole.Member)).IsSuccess);

        await ChooseRoleAsync(cut, providers, viewerEmail, MemberRole.Admin);

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains("Only owners and admins can manage members")));
        Assert.Equal(MemberRole.Viewer, (await context.Members.ListMembersAsync(tenant.Owner)).Single(m => m.Email == viewerEmail).Role);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".member-role")));
    }

    /// <summary>A person who has signed in through WorkOS, a member of the tenant and of its WorkOS organization with the matching slug.</summary>
    private static async Task<(string Email, string MembershipId)> WorkOsMemberAsync(PortalTestContext context, WorkOsDouble workOs, TestTenant tenant, string organizationId, MemberRole role)
    {
        var person = workOs.AddUser($"{role}-{Guid.NewGuid():N}@example.com".ToLowerInvariant());
        var user = await context.Users.SignInAsync((string)person["id"]!, (string)person["email"]!, "Linked Person");
        Assert.True((await context.Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = user.Email, Role = role })).IsSuccess);
        return (user.Email, workOs.AddMembership((string)person["id"]!, organizationId, WorkOsRoles.SlugFor(role)));
    }

    /// <summary>A tenant linked to a WorkOS organization and a person invited to it through the Members page's service, not joined yet.</summary>
    private static async Task<(TestTenant Tenant, string Email, string OrganizationId)> InvitedAsync(PortalTestContext context, WorkOsDouble workOs)
    {
        var organizationId = $"org_{Guid.NewGuid():N}";
        var tenant = await TestTenant.CreateAsync(context.Services, $"Linked {Guid.NewGuid():N}", organizationId);
        var email = $"invitee-{Guid.NewGuid():N}@example.com";
        var invited = await context.Services.GetRequiredService<WorkOsDirectory>().InviteAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Member });
        Assert.True(invited.IsSuccess, invited.ToString());
        Assert.Contains(workOs.Invitations, i => (string?)i["email"] == email);
        return (tenant, email, organizationId);
    }

    private Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SetUpAsync(MemberRole role) =>
        PortalTestContext.SignedInAsync(fixture, role, "Members");

    private static IRenderedComponent<MembersPage> RenderPage(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<MembersPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForElements("table.mud-table-root tbody tr");
        return cut;
    }

    private static IElement Row(IRenderedComponent<MembersPage> cut, string email) =>
        cut.FindAll("table.mud-table-root tbody tr").Single(r => r.QuerySelector(".member-email")?.TextContent == email);

    private static string RoleShown(IElement row) =>
        row.QuerySelector(".role-chip")?.TextContent.Trim() ?? row.QuerySelector(".member-role input")?.GetAttribute("value") ?? "";

    /// <summary>The role select of a member's row: the row selects render in row order, after the invite form's.</summary>
    private static IRenderedComponent<MudSelect<MemberRole>> RoleSelect(IRenderedComponent<MembersPage> cut, string email)
    {
        var rowsWithSelect = cut.FindAll("table.mud-table-root tbody tr").Where(r => r.QuerySelector(".member-role") is not null).ToList();
        var index = rowsWithSelect.FindIndex(r => r.QuerySelector(".member-email")?.TextContent == email);
        Assert.True(index >= 0, $"{email} has no role select");
        return cut.FindComponents<MudSelect<MemberRole>>().Where(s => !s.Markup.Contains("invite-role")).ElementAt(index);
    }

    /// <summary>Picks a role in a member's select, as the select reports a choice to the page, and answers the question that follows.</summary>
    private static async Task ChooseRoleAsync(IRenderedComponent<MembersPage> cut, Providers providers, string email, MemberRole role, bool confirm = true)
    {
        var select = RoleSelect(cut, email);
        var choosing = cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(role));
        await providers.Dialogs.InvokeAsync(() => providers.Dialogs.WaitForElement(confirm ? "button.confirm-ok" : "button.confirm-cancel").Click());
        await choosing;
    }

    /// <summary>The roles the invite form offers (the select keeps its items registered while closed).</summary>
    private static IReadOnlyList<MemberRole> InviteRoleOptions(IRenderedComponent<MembersPage> cut) =>
        cut.FindComponents<MudSelect<MemberRole>>().Single(s => s.Markup.Contains("invite-role"))
            .FindComponents<MudSelectItem<MemberRole>>().Select(i => i.Instance.Value).Distinct().ToList();

    private async Task MarkSignedInAsync(Guid userId)
    {
        await using var db = await fixture.DbAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, DateTimeOffset.UtcNow));
    }
}
