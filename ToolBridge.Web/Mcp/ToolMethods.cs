using System.Reflection;
using ModelContextProtocol.Server;

namespace ToolBridge.Web.Mcp;

/// <summary>The C# method behind each tool, by tool name: its parameters are the tool's arguments.</summary>
internal static class ToolMethods
{
    private static readonly Lazy<Dictionary<string, MethodInfo>> ByName = new(() =>
        typeof(ToolMethods).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<McpServerToolTypeAttribute>() is not null)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Method: m, m.GetCustomAttribute<McpServerToolAttribute>()?.Name))
            .Where(m => m.Name is not null)
            .ToDictionary(m => m.Name!, m => m.Method));

    /// <summary>The arguments of tool <paramref name="name"/> as parameters; none for a tool not defined here.</summary>
    public static IReadOnlyList<ParameterInfo> Parameters(string name) =>
        ByName.Value.TryGetValue(name, out var method) ? method.GetParameters() : [];
}
