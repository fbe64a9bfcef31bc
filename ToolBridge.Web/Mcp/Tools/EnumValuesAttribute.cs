using ToolBridge.Data;

namespace ToolBridge.Web.Mcp.Tools;

/// <summary>An argument that takes the names of <typeparamref name="TEnum"/>: a value added to the enum reaches the schema by itself.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class EnumValuesAttribute<TEnum>() : ValuesAttribute([.. EnumNames<TEnum>.All])
    where TEnum : struct, Enum;
