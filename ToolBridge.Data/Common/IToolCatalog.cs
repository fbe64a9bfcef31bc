namespace ToolBridge.Data;

/// <summary>The tools the MCP endpoint serves. The web app provides it from the registered tools, so there is one list.</summary>
public interface IToolCatalog
{
    IReadOnlyList<ToolInfo> Tools { get; }

    /// <summary>A validation error on <paramref name="field"/> when an allow-list names tools the endpoint does not serve.</summary>
    Error? CheckKnown(IEnumerable<string> names, string field)
    {
        var unknown = names.Where(name => !Tools.Any(t => t.Name == name)).ToList();
        return unknown.Count == 0 ? null : Error.Validation(field, $"{field} names unknown tools: {string.Join(", ", unknown)}");
    }
}
