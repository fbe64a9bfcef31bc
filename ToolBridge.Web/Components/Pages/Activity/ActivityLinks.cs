using ToolBridge.Data.Audit;
using ToolBridge.Web.Portal;

namespace ToolBridge.Web.Components.Pages.Activity;

/// <summary>Where an event's item is shown in the portal.</summary>
public static class ActivityLinks
{
    /// <summary>
    /// The page of the item: a chat's thread (a message's chat's); a note, task or comment opened in its list page; a
    /// deleted one, that list page (its trash); members, tokens and the tenant's settings have a page each. Null for an
    /// item that no longer exists in the tenant, or of a type the portal has no page for.
    /// </summary>
    public static string? Of(string slug, ActivityItem item)
    {
        if (item.Subject is not { Exists: true } subject)
        {
            return null;
        }

        // A deleted note, task or comment does not open (it is in its page's trash).
        var live = item.EntityUid is { } uid && subject.DeletedAt is null ? uid : (Guid?)null;
        return item.EntityType switch
        {
            "note" => OpenedOrListed(PortalLinks.Notes(slug), live),
            "task" => OpenedOrListed(PortalLinks.Tasks(slug), live),
            "comment" => OpenedOrListed(PortalLinks.Comments(slug), live),
            "chat" when live is { } chat => PortalLinks.Chat(slug, chat),
            "chat_message" when subject.ChatUid is { } chat => PortalLinks.Chat(slug, chat),
            "chat" => PortalLinks.Chats(slug),
            "token" => PortalLinks.Tokens(slug),
            "member" => PortalLinks.Members(slug),
            "tenant" => PortalLinks.Settings(slug),
            _ => null,
        };
    }

    private static string OpenedOrListed(string listPage, Guid? live) => live is { } uid ? PortalLinks.Open(listPage, uid) : listPage;
}
