using ToolBridge.Data.Audit;
using ToolBridge.Web.Portal;

namespace ToolBridge.Web.Components.Pages.Activity;

/// <summary>Where an event's item is shown in the portal.</summary>
public static class ActivityLinks
{
    /// <summary>
    /// The page of the item: a chat's thread (a message's chat's), else the page that lists items of its type (notes,
    /// tasks and comments open from there; members, tokens and the tenant's settings have a page each). Null for an item
    /// that no longer exists in the tenant, or of a type the portal has no page for.
    /// </summary>
    public static string? Of(string slug, ActivityItem item)
    {
        if (item.Subject is not { Exists: true } subject)
        {
            return null;
        }

        return item.EntityType switch
        {
            "note" => PortalLinks.Notes(slug),
            "task" => PortalLinks.Tasks(slug),
            "comment" => PortalLinks.Comments(slug),
            "chat" when item.EntityUid is { } chat && subject.DeletedAt is null => PortalLinks.Chat(slug, chat),
            "chat_message" when subject.ChatUid is { } chat => PortalLinks.Chat(slug, chat),
            "chat" => PortalLinks.Chats(slug),
            "token" => PortalLinks.Tokens(slug),
            "member" => PortalLinks.Members(slug),
            "tenant" => PortalLinks.Settings(slug),
            _ => null,
        };
    }
}
