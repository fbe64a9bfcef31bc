namespace ToolBridge.Data.Tokens;

/// <summary>Why a presented token was refused; each maps to the description of the 401 the endpoint returns.</summary>
public enum TokenFailure
{
    Malformed,
    BadChecksum,
    Unknown,
    Expired,
    Revoked,
    Replaced,
    TenantSuspended,
    OwnerNotMember,
    OAuthNoOrganization,
    OAuthOrganizationNotLinked,
    OAuthNotAMember,
    OAuthRevoked,
    OAuthRefusedByTenant,
}
