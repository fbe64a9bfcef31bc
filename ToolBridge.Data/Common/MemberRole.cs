namespace ToolBridge.Data;

/// <summary>Roles inside a tenant, strongest first: a smaller value is a stronger role.</summary>
public enum MemberRole
{
    Owner,
    Admin,
    Member,
    Viewer,
}
