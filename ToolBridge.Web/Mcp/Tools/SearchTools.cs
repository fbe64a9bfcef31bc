using System.ComponentModel;
using System.Security.Claims;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Search;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class SearchTools(SearchService search, ResponseShaper shape)
{
    [McpServerTool(Name = "search", Title = "Search everything", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<SearchItem>))]
    [Description("Finds notes, tasks, comments, chats and chat messages at once, newest change first, as short rows {type, uid, title, excerpt, status, updated_at}; fetch or get_<type> reads one whole.")]
    public async Task<CallToolResult> Search(
        ClaimsPrincipal user,
        [Description(ToolText.Query)] string? query = null,
        [ValuesOf(typeof(EntityRules), nameof(EntityRules.EntityTypes))] List<string>? types = null,
        [ValuesOf(typeof(SearchService), nameof(SearchService.Statuses))] string? status = null,
        string? tag = null,
        [Description("Only a task's subtasks, a note's or task's comments, or a chat's messages.")] Guid? parent_uid = null,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.PageAsync(user.GetTenantScope(), await search.SearchAsync(user.GetTenantScope(), new SearchQuery
        {
            Query = query, Types = types, Status = status, Tag = tag, ParentUid = parent_uid, Limit = limit, Cursor = cursor,
        }, cancellationToken), response_format, cancellationToken);

    [McpServerTool(Name = "fetch", Title = "Fetch any item", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(FetchResult))]
    [Description("Gets any item by uid, whatever its type, as {type, item}; with related true also a note's or task's comments or a chat's messages (their first page).")]
    public async Task<CallToolResult> Fetch(
        ClaimsPrincipal user,
        Guid uid,
        [Description("Also return its comments or messages.")] bool related = false,
        int content_offset = 0,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.FetchedAsync(user.GetTenantScope(), await search.FetchAsync(user.GetTenantScope(), uid, related, cancellationToken), response_format, content_offset, cancellationToken);
}
