namespace ToolBridge.Web.WorkOS;

public sealed record OrganizationMembershipRole(string Slug);
