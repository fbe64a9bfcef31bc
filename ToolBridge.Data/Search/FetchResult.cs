using System.ComponentModel;
using System.Text.Json.Serialization;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Comments;

namespace ToolBridge.Data.Search;

/// <summary>One item of any type, as its get returns it, and with related items when asked: a note's or task's comments, a chat's messages.</summary>
public sealed record FetchResult(
    [property: Description("note, task, comment, chat or chat_message.")] string Type,
    [property: Description("The item, as get_<type> returns it.")] object Item,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("A note's or task's comments, newest change first: the first page of list_comments.")] Page<CommentItem>? Comments = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("A chat's messages, newest change first: the first page of list_chat_messages.")] Page<ChatMessageItem>? Messages = null);
