using System.Reflection;

namespace ToolBridge.Web.Mcp.Tools;

/// <summary>An argument that takes the values of a static list the code keeps (<c>[ValuesOf(typeof(X), nameof(X.Names))]</c>).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class ValuesOfAttribute(Type type, string member) : ValuesAttribute(Read(type, member))
{
    private static string[] Read(Type type, string member) =>
        [.. (IEnumerable<string>)(type.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
            ?? type.GetProperty(member, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)];
}
