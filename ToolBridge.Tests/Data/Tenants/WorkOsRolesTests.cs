using ToolBridge.Data;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Tests.Data.Tenants;

/// <summary>The one mapping between ToolBridge roles and WorkOS role slugs, which the sync and the WorkOS mirror both use.</summary>
public sealed class WorkOsRolesTests
{
    [Theory]
    [InlineData(MemberRole.Owner, "admin")]
    [InlineData(MemberRole.Admin, "admin")]
    [InlineData(MemberRole.Member, "member")]
    [InlineData(MemberRole.Viewer, "member")]
    public void SlugFor_EveryRole_MapsToAWorkOsDefaultRole(MemberRole role, string slug) =>
        Assert.Equal(slug, WorkOsRoles.SlugFor(role));

    [Theory]
    [InlineData("admin", MemberRole.Admin)]
    [InlineData("member", MemberRole.Member)]
    [InlineData("custom-role", MemberRole.Member)]
    public void RoleFor_WorkOsSlug_JoinsAsTheNonOwnerRoleMirroredAsIt(string slug, MemberRole role) =>
        Assert.Equal(role, WorkOsRoles.RoleFor(slug));
}
