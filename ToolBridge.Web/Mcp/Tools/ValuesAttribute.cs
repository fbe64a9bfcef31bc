namespace ToolBridge.Web.Mcp.Tools;

/// <summary>The only values an argument takes: published as the <c>enum</c> of its input schema (<see cref="ToolSchemas"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal class ValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}
