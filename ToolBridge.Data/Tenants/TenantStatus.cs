namespace ToolBridge.Data.Tenants;

public enum TenantStatus
{
    Active,
    Suspended,
}
