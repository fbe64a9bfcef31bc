namespace ToolBridge.Data.Tenants;

/// <summary>
/// The one mapping between ToolBridge roles and WorkOS organization role slugs. WorkOS knows only its default
/// <c>admin</c> and <c>member</c>; owner and viewer are ToolBridge's own and map to the nearest of those.
/// </summary>
public static class WorkOsRoles
{
    /// <summary>The WorkOS slug a ToolBridge role is mirrored as: owner and admin → <c>admin</c>, member and viewer → <c>member</c>.</summary>
    public static string SlugFor(MemberRole role) => role <= MemberRole.Admin ? "admin" : "member";

    /// <summary>The role a person joins with when WorkOS brings them in: the non-owner role mirrored as that slug.</summary>
    public static MemberRole RoleFor(string slug) => slug == SlugFor(MemberRole.Admin) ? MemberRole.Admin : MemberRole.Member;
}
