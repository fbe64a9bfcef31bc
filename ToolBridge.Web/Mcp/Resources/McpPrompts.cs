using System.Globalization;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Search;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Web.Mcp.Resources;

/// <summary>
/// Three workflows as MCP prompts, each filled with the workspace's data as the token may read it: triage the open
/// tasks, summarize a chat, review the week. A prompt is offered only to a token that may call the tools it reads with.
/// </summary>
public static class McpPrompts
{
    /// <summary>The most items a prompt carries.</summary>
    public const int MaxItems = 100;

    private sealed record Definition(string Name, string Title, string Description, PromptArgument[] Arguments, string[] Tools);

    private static readonly Definition[] Definitions =
    [
        new("triage_open_tasks", "Triage open tasks", "The open and started tasks, to set priorities and due dates and close what is done.",
            [new() { Name = "tag", Description = "Only tasks carrying this tag.", Required = false }], ["list_tasks"]),
        new("summarize_chat", "Summarize a chat", "A chat's messages, to summarize decisions, open questions and action items.",
            [new() { Name = "chat_uid", Description = "The chat's uid.", Required = true }], ["get_chat", "list_chat_messages"]),
        new("weekly_review", "Weekly review", "What changed in the last seven days and the tasks due in the next seven.", [], ["search", "list_tasks"]),
    ];

    public static ValueTask<ListPromptsResult> ListAsync(RequestContext<ListPromptsRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListPromptsResult
        {
            Prompts = [.. Definitions.Where(d => Allowed(context, d)).Select(d => new Prompt { Name = d.Name, Title = d.Title, Description = d.Description, Arguments = [.. d.Arguments] })],
        });

    public static async ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> context, CancellationToken cancellationToken)
    {
        var name = context.Params?.Name ?? "";
        var definition = Definitions.FirstOrDefault(d => d.Name == name)
            ?? throw new McpProtocolException($"Invalid params: no prompt named {name}; there are {string.Join(", ", Definitions.Select(d => d.Name))}.", McpErrorCode.InvalidParams);
        if (!Allowed(context, definition))
        {
            throw new McpProtocolException($"This token may not use {name}: it needs {string.Join(" and ", definition.Tools)}.", McpErrorCode.InvalidRequest);
        }

        var arguments = context.Params?.Arguments ?? new Dictionary<string, System.Text.Json.JsonElement>();
        string? Argument(string argument) =>
            arguments.TryGetValue(argument, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
        var scope = context.User.GetTenantScope();
        var services = context.Services!;
        var text = name switch
        {
            "triage_open_tasks" => await TriageAsync(services, scope, Argument("tag"), cancellationToken),
            "summarize_chat" => await SummarizeChatAsync(services, scope, Argument("chat_uid"), cancellationToken),
            _ => await WeeklyReviewAsync(services, scope, cancellationToken),
        };
        return new GetPromptResult
        {
            Description = definition.Description,
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        };
    }

    private static async Task<string> TriageAsync(IServiceProvider services, TenantScope scope, string? tag, CancellationToken cancellationToken)
    {
        var tasks = services.GetRequiredService<TaskService>();
        var open = new List<TaskItem>();
        foreach (var status in new[] { WorkTaskStatus.Open, WorkTaskStatus.InProgress })
        {
            var query = new TaskListQuery { Status = EnumNames<WorkTaskStatus>.Name(status), Tag = tag, Limit = MaxItems };
            open.AddRange(Value(await tasks.ListAsync(scope, query, cancellationToken)).Items);
        }

        var text = new StringBuilder("Triage the open tasks of this ToolBridge workspace")
            .Append(tag is null ? "" : $" tagged {tag}").AppendLine(". For each, say whether it is still needed, its priority and due date, and whether to start,")
            .AppendLine("complete or archive it. Ask me before changing anything; then apply what I approve with patch_task and process_task.")
            .AppendLine();
        AppendLines(text, open.Take(MaxItems).Select(t => $"- {t.Title} (uid {t.Uid}; {EnumNames<WorkTaskStatus>.Name(t.Status)}" +
            $"{(t.Priority is { } p ? $", {EnumNames<TaskPriority>.Name(p)} priority" : "")}{(t.DueAt is { } due ? $", due {Day(due)}" : "")})"), "There are no open tasks.");
        return text.ToString();
    }

    private static async Task<string> SummarizeChatAsync(IServiceProvider services, TenantScope scope, string? chatUid, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(chatUid, "D", out var uid))
        {
            throw new McpProtocolException("Invalid params: chat_uid must be a chat's uid such as 0190a0c4-9b1e-7a52-8f3e-2b6c1d4e5f60.", McpErrorCode.InvalidParams);
        }

        var chat = Value(await services.GetRequiredService<ChatService>().GetAsync(scope, uid, cancellationToken: cancellationToken));
        var messages = Value(await services.GetRequiredService<ChatMessageService>().ListAsync(scope, new ChatMessageListQuery { ChatUid = uid, Limit = MaxItems }, cancellationToken)).Items;
        var text = new StringBuilder($"Summarize the chat \"{chat.Title}\" (uid {chat.Uid}) of this ToolBridge workspace: the decisions made, the open")
            .AppendLine(" questions and the action items with who owns them. Offer to record the action items with create_task.")
            .AppendLine()
            .AppendLine(messages.Count < MaxItems ? "The messages, oldest first:" : $"Its latest {MaxItems} messages, oldest first:");
        AppendLines(text, messages.Reverse().Select(m => $"- {m.Sender} ({Day(m.CreatedAt)}): {m.Content}"), "The chat has no messages yet.");
        return text.ToString();
    }

    private static async Task<string> WeeklyReviewAsync(IServiceProvider services, TenantScope scope, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var changed = Value(await services.GetRequiredService<SearchService>().SearchAsync(scope, new SearchQuery { Limit = MaxItems }, cancellationToken)).Items
            .Where(i => i.UpdatedAt >= now.AddDays(-7));
        var due = Value(await services.GetRequiredService<TaskService>().ListAsync(
            scope, new TaskListQuery { Status = EnumNames<WorkTaskStatus>.Name(WorkTaskStatus.Open), DueBefore = now.AddDays(7), Limit = MaxItems }, cancellationToken)).Items;
        var text = new StringBuilder("Write a short weekly review of this ToolBridge workspace: what moved forward, what is due soon, and what looks")
            .AppendLine(" stuck. Use fetch for any item you need in full.")
            .AppendLine().AppendLine("Changed in the last seven days, newest first:");
        AppendLines(text, changed.Select(i => $"- {i.Type} \"{i.Title}\" (uid {i.Uid}; {i.Status}; {Day(i.UpdatedAt)})"), "Nothing changed.");
        text.AppendLine().AppendLine("Open tasks due in the next seven days (or overdue):");
        AppendLines(text, due.Select(t => $"- {t.Title} (uid {t.Uid}; due {Day(t.DueAt!.Value)})"), "None.");
        return text.ToString();
    }

    private static bool Allowed<T>(RequestContext<T> context, Definition definition)
    {
        var catalog = context.Services!.GetRequiredService<McpToolCatalog>();
        return definition.Tools.All(tool => catalog.Allows(context.User.GetToken(), tool));
    }

    // What the tools would answer with an error a prompt answers as a JSON-RPC error, with the same message.
    private static T Value<T>(Result<T> result) =>
        result.IsSuccess ? result.Value : throw new McpProtocolException($"Invalid params: {result.Error.Message}", McpErrorCode.InvalidParams);

    private static void AppendLines(StringBuilder text, IEnumerable<string> lines, string none)
    {
        var any = false;
        foreach (var line in lines)
        {
            text.AppendLine(line);
            any = true;
        }

        if (!any)
        {
            text.AppendLine(none);
        }
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
