using ToolBridge.Data;

namespace ToolBridge.Web.Portal;

/// <summary>The signed-in person, from the sign-in cookie's claims.</summary>
/// <param name="Id">The local user id (<c>UserItem.Id</c>), from the <c>NameIdentifier</c> claim.</param>
public sealed record PortalUser(Guid Id, string Name, string Email, bool IsPlatformAdmin)
{
    public Actor Actor => Actor.ForUser(Id, Name);
}
