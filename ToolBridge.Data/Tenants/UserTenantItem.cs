namespace ToolBridge.Data.Tenants;

/// <summary>A tenant as one of its members sees it: with their role there.</summary>
public sealed record UserTenantItem(TenantItem Tenant, MemberRole Role);
