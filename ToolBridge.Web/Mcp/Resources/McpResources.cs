using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Search;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Web.Mcp.Resources;

/// <summary>
/// Notes and tasks as MCP resources, in Markdown: <c>toolbridge://notes/{uid}</c> and <c>toolbridge://tasks/{uid}</c>.
/// The tenant is the token's, and a token reads the resources of a type only if it may call that type's get tool.
/// </summary>
public static class McpResources
{
    public const string MimeType = "text/markdown";

    /// <summary>Resources per page of <c>resources/list</c>.</summary>
    public const int PageSize = 50;

    private static readonly (string Type, string Plural, string GetTool)[] Kinds = [("note", "notes", "get_note"), ("task", "tasks", "get_task")];

    public static string UriOf(string type, Guid uid) => $"toolbridge://{Kinds.Single(k => k.Type == type).Plural}/{uid}";

    public static ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourceTemplatesResult
        {
            ResourceTemplates = [.. Readable(context).Select(k => new ResourceTemplate
            {
                UriTemplate = $"toolbridge://{k.Plural}/{{uid}}",
                Name = k.Plural,
                Title = $"A {k.Type} as Markdown",
                MimeType = MimeType,
            })],
        });

    /// <summary>The tenant's notes and tasks the token may read, newest change first, a page at a time; each with its last change as a caching hint.</summary>
    public static async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken)
    {
        var types = Readable(context).Select(k => k.Type).ToList();
        if (types.Count == 0)
        {
            return new ListResourcesResult { Resources = [] };
        }

        var page = await context.Services!.GetRequiredService<SearchService>().SearchAsync(
            context.User.GetTenantScope(), new SearchQuery { Types = types, Limit = PageSize, Cursor = context.Params?.Cursor }, cancellationToken);
        if (!page.IsSuccess)
        {
            throw new McpProtocolException($"Invalid params: {page.Error.Message}", McpErrorCode.InvalidParams);
        }

        return new ListResourcesResult
        {
            Resources = [.. page.Value.Items.Select(item => new Resource
            {
                Uri = UriOf(item.Type, item.Uid),
                Name = item.Title,
                MimeType = MimeType,
                Annotations = new Annotations { LastModified = item.UpdatedAt },
            })],
            NextCursor = page.Value.NextCursor,
        };
    }

    public static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> context, CancellationToken cancellationToken)
    {
        var uri = context.Params?.Uri ?? "";
        var kind = Kinds.FirstOrDefault(k => uri.StartsWith($"toolbridge://{k.Plural}/", StringComparison.Ordinal));
        if (kind.Type is null || !Guid.TryParseExact(uri[$"toolbridge://{kind.Plural}/".Length..], "D", out var uid))
        {
            throw new McpProtocolException($"Unknown resource {uri}: ToolBridge serves toolbridge://notes/{{uid}} and toolbridge://tasks/{{uid}}.", McpErrorCode.InvalidParams);
        }

        if (!Readable(context).Contains(kind))
        {
            throw new McpProtocolException($"This token may not read {kind.Plural}: it may not call {kind.GetTool}.", McpErrorCode.InvalidRequest);
        }

        var scope = context.User.GetTenantScope();
        var services = context.Services!;
        var markdown = kind.Type == "note"
            ? Render(await services.GetRequiredService<NoteService>().GetAsync(scope, uid, cancellationToken: cancellationToken), uri, Markdown)
            : Render(await services.GetRequiredService<TaskService>().GetAsync(scope, uid, cancellationToken: cancellationToken), uri, Markdown);
        return new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, MimeType = MimeType, Text = markdown }] };
    }

    private static IEnumerable<(string Type, string Plural, string GetTool)> Readable<T>(RequestContext<T> context)
    {
        var catalog = context.Services!.GetRequiredService<McpToolCatalog>();
        return Kinds.Where(k => catalog.Allows(context.User.GetToken(), k.GetTool));
    }

    // An item that is not there (or not this tenant's) is a resource not found, whatever the reason.
    private static string Render<T>(Result<T> result, string uri, Func<T, string> markdown) =>
        result.IsSuccess ? markdown(result.Value) : throw new McpProtocolException($"Resource not found: {uri} ({result.Error.Message})", McpErrorCode.ResourceNotFound);

    private static string Markdown(NoteItem note) =>
        Document(note.Title, (note.Content, "get_note", note.Uid), [("status", EnumNames<NoteStatus>.Name(note.Status)), ("pinned", note.Pinned ? "yes" : null),
            ("tags", note.Tags.Count > 0 ? string.Join(", ", note.Tags) : null), ("version", $"{note.Version}"), ("updated", ResponseShaper.Instant(note.UpdatedAt))]);

    private static string Markdown(TaskItem task) =>
        Document(task.Title, (task.Description, "get_task", task.Uid), [("status", EnumNames<WorkTaskStatus>.Name(task.Status)), ("priority", task.Priority is { } p ? EnumNames<TaskPriority>.Name(p) : null),
            ("due", task.DueAt is { } due ? ResponseShaper.Instant(due) : null), ("parent task", task.ParentTaskUid is { } parent ? UriOf("task", parent) : null),
            ("tags", task.Tags.Count > 0 ? string.Join(", ", task.Tags) : null), ("version", $"{task.Version}"), ("updated", ResponseShaper.Instant(task.UpdatedAt))]);

    /// <summary>
    /// The item as Markdown: its title, its facts, and its long text, of which a resource carries what a tool reply would
    /// (<see cref="LongText"/>) and then says where the rest is.
    /// </summary>
    private static string Document(string title, (string? Text, string GetTool, Guid Uid) body, (string Name, string? Value)[] facts)
    {
        var text = new StringBuilder().Append("# ").AppendLine(title).AppendLine();
        foreach (var (name, value) in facts.Where(f => f.Value is not null))
        {
            text.Append("- ").Append(name).Append(": ").AppendLine(value);
        }

        if (!string.IsNullOrEmpty(body.Text))
        {
            var end = LongText.PartEnd(body.Text, 0);
            text.AppendLine().AppendLine(body.Text[..end]);
            if (end < body.Text.Length)
            {
                text.AppendLine().Append($"_The text is cut here, at {end} of its {body.Text.Length} characters: {body.GetTool} with uid {body.Uid} and content_offset {end} returns the rest._").AppendLine();
            }
        }

        return text.ToString();
    }
}
