using System.Reflection;
using System.Reflection.Emit;
using ToolBridge.Data;

namespace ToolBridge.Tests.Architecture;

/// <summary>
/// Namespaces that build on one another depend on each other in one direction only. The dependencies are read from the
/// compiled code: every type named by a type's base, interfaces, attributes, members and method bodies (IL), lambdas
/// and async methods included. Constants are inlined by the compiler, so a use of one is not seen.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private static readonly Lazy<IReadOnlyList<(Type From, Type To)>> References = new(() =>
        new[] { typeof(ToolBridgeDbContext).Assembly, typeof(Program).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => ReferencedTypes(type).Distinct().Select(to => (type, to)))
            .ToList());

    [Theory]
    [InlineData("ToolBridge.Data.Tenants", "ToolBridge.Data.Tokens")]
    [InlineData("ToolBridge.Web.Mcp", "ToolBridge.Web.Hosting")]
    public void Namespaces_DependOnEachOtherInOneDirectionAtMost(string first, string second)
    {
        var forward = Edges(first, second);
        var back = Edges(second, first);

        Assert.True(forward.Count == 0 || back.Count == 0,
            $"{first} and {second} depend on each other:{Environment.NewLine}{string.Join(Environment.NewLine, forward.Concat(back))}");
    }

    [Fact]
    public void Edges_OfAKnownDependency_AreFound()
    {
        Assert.Contains("ToolBridge.Data.Tokens.TokenService → ToolBridge.Data.Tenants.PlatformLimits", Edges("ToolBridge.Data.Tokens", "ToolBridge.Data.Tenants"));
        Assert.Contains(Edges("ToolBridge.Web.Mcp", "ToolBridge.Web.Hosting"), e => e.EndsWith("ToolBridge.Web.Hosting.LogScope", StringComparison.Ordinal));
    }

    /// <summary>Type to type references from <paramref name="from"/> (or a namespace inside it) into <paramref name="to"/>, as text.</summary>
    private static List<string> Edges(string from, string to) =>
        References.Value
            .Where(r => In(r.From, from) && In(r.To, to))
            .Select(r => $"{Name(r.From)} → {Name(r.To)}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool In(Type type, string space) =>
        type.Namespace is { } name && (name == space || name.StartsWith(space + ".", StringComparison.Ordinal));

    // Compiler-generated types (closures, state machines) are named for the type whose code they hold.
    private static string Name(Type type) => type.DeclaringType is { } outer ? Name(outer) : type.FullName ?? type.Name;

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var named = new List<Type>();
        named.AddRange(type.GetInterfaces());
        if (type.BaseType is { } baseType)
        {
            named.Add(baseType);
        }

        named.AddRange(AttributeTypes(type.CustomAttributes));
        foreach (var field in type.GetFields(declared))
        {
            named.Add(field.FieldType);
            named.AddRange(AttributeTypes(field.CustomAttributes));
        }

        foreach (var property in type.GetProperties(declared))
        {
            named.Add(property.PropertyType);
            named.AddRange(AttributeTypes(property.CustomAttributes));
        }

        foreach (var method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
        {
            if (method is MethodInfo info)
            {
                named.Add(info.ReturnType);
            }

            named.AddRange(AttributeTypes(method.CustomAttributes));
            foreach (var parameter in method.GetParameters())
            {
                named.Add(parameter.ParameterType);
                named.AddRange(AttributeTypes(parameter.CustomAttributes));
            }

            named.AddRange(BodyTypes(method));
        }

        return named.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> AttributeTypes(IEnumerable<CustomAttributeData> attributes) =>
        attributes.SelectMany(a => a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue))
            .Select(v => v.Value).OfType<Type>().Append(a.AttributeType));

    /// <summary>The types a method body's locals and instructions name: every type, method and field token.</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        if (method.GetMethodBody() is not { } body || body.GetILAsByteArray() is not { } il)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var offset = 0; offset < il.Length;)
        {
            var code = OpCodesByValue[il[offset] == 0xFE ? unchecked((short)(0xFE00 | il[offset + 1])) : il[offset]];
            offset += code.Size;
            if (code.OperandType is OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField)
            {
                switch (method.Module.ResolveMember(BitConverter.ToInt32(il, offset), typeArguments, methodArguments))
                {
                    case Type type:
                        yield return type;
                        break;
                    case MethodBase called:
                        yield return called.DeclaringType!;
                        foreach (var argument in called.IsGenericMethod ? called.GetGenericArguments() : [])
                        {
                            yield return argument;
                        }

                        break;
                    case FieldInfo field:
                        yield return field.DeclaringType!;
                        break;
                }
            }

            offset += OperandSize(code.OperandType, il, offset);
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int offset) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, offset),
        _ => 4,
    };

    private static readonly Dictionary<short, OpCode> OpCodesByValue =
        typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(c => c.Value);

    /// <summary>A type as named, with what it is built from: element types and generic arguments.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }

            yield break;
        }

        if (type.IsConstructedGenericType)
        {
            yield return type.GetGenericTypeDefinition();
            foreach (var inner in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return inner;
            }

            yield break;
        }

        yield return type;
    }
}
