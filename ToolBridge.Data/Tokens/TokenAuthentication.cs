namespace ToolBridge.Data.Tokens;

/// <summary>The outcome of presenting a secret: an identity, or the reason it was refused.</summary>
public sealed record TokenAuthentication(TokenIdentity? Identity, TokenFailure? Failure)
{
    public string Description => Failure switch
    {
        TokenFailure.Malformed => "The token is malformed: ToolBridge tokens start with tb_ and are 52 characters long.",
        TokenFailure.BadChecksum => "The token's checksum does not match: it was mistyped or cut short.",
        TokenFailure.Unknown => "The token is not recognised.",
        TokenFailure.Expired => "The token has expired.",
        TokenFailure.Revoked => "The token was revoked.",
        TokenFailure.Replaced => "This secret was replaced by a rotation and its grace window is over: use the new secret.",
        TokenFailure.TenantSuspended => "The token's tenant is suspended.",
        TokenFailure.OwnerNotMember => "The token's owner is no longer a member of its tenant.",
        TokenFailure.OAuthNoOrganization => "The access token names no organization: connect again and choose the organization of your ToolBridge workspace when asked.",
        TokenFailure.OAuthOrganizationNotLinked => "The organization chosen at sign-in has no ToolBridge workspace: connect again and choose your workspace's organization, or ask its owner to link it.",
        TokenFailure.OAuthNotAMember => "You are not a member of the ToolBridge workspace of the organization chosen at sign-in: ask an owner or admin to add you, or connect again with another organization.",
        TokenFailure.OAuthRefusedByTenant => "This workspace does not allow OAuth clients: ask an owner to allow them in its settings, or use a token issued in the portal.",
        TokenFailure.OAuthRevoked => "An owner or admin revoked this app's access to the workspace: ask them to allow it again, or use a token issued in the portal.",
        _ => "The token is valid.",
    };

    /// <summary>The snake_case reason, for logs and metrics.</summary>
    public string Reason => Failure is { } failure ? EnumNames<TokenFailure>.Name(failure) : "ok";
}
