using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// What the tool descriptions promise a model is what the code enforces. Every number a description quotes as a limit
/// ("at most 500 characters", "up to 100", "1 to 200", "64 KB") is the limit declared on the input property its argument
/// (or its field clause, "title (…)") binds to, which the <c>EntityRules</c> constants set; the text every list tool
/// shares is held to the <see cref="EntityRules"/> constants it quotes. The allowed values named for an argument are
/// its enum's, and a process tool names exactly its service's actions. A constant changed without its description (or
/// a description without its constant) fails here.
/// </summary>
public sealed partial class ToolDescriptionTests(McpAppFixture app, ITestOutputHelper output) : IClassFixture<McpAppFixture>
{
    /// <summary>Numbers that are not limits: a date format's name, the version a new item starts at.</summary>
    private static readonly string[] NotLimits = ["ISO 8601", "version 1"];

    /// <summary>The limits the text shared by every list tool quotes, with the constant each one is.</summary>
    private static readonly (Regex Phrase, Limit Limit)[] SharedLimits =
    [
        (new(@"at most (?<n>[\d,]+) KB of items"), new(EntityRules.ListReplyBudgetBytes / 1024, "KB")),
        (new(@"first (?<n>[\d,]+) characters"), new(EntityRules.ListPreviewChars, "")),
        (new(@"parts of at most (?<n>[\d,]+) KB"), new(ToolBridge.Web.Mcp.LongText.ReplyBytes / 1024, "KB")),
    ];

    [Fact]
    public async Task EveryQuotedLimit_IsTheLimitTheCodeEnforces()
    {
        var failures = new List<string>();
        var compared = 0;

        foreach (var tool in await ListAsync())
        {
            var model = InputModel(tool.Name);
            foreach (var (argument, description) in Arguments(tool))
            {
                var property = model is null ? null : PropertyOf(model, argument);
                compared += Compare(failures, $"{tool.Name}({argument})", description, property is null ? [] : LimitsOf(model!, property));
            }

            // Field clauses ("description (at most 20,000)") against the field's own limits; the rest is the shared text.
            var rest = tool.Description ?? "";
            foreach (Match clause in FieldClause().Matches(tool.Description ?? ""))
            {
                if (model is not null && PropertyOf(model, clause.Groups["field"].Value) is { } property)
                {
                    compared += Compare(failures, $"{tool.Name}: {clause.Value}", clause.Groups["text"].Value, LimitsOf(model, property));
                    rest = rest.Replace(clause.Value, "");
                }
            }

            compared += CompareShared(failures, tool.Name, rest);
            foreach (var text in Descriptions(tool.ProtocolTool.OutputSchema!.Value))
            {
                compared += CompareShared(failures, $"{tool.Name} output", text);
            }
        }

        output.WriteLine($"descriptions: {compared} quoted limits compared with the code");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(compared >= 100, $"only {compared} quoted limits found: is the parsing still finding them?");
    }

    [Fact]
    public async Task EnumArguments_ListEveryValueOfTheirEnumInTheSchema()
    {
        var failures = new List<string>();
        var checkedArguments = 0;

        foreach (var tool in await ListAsync())
        {
            if (InputModel(tool.Name) is not { } model)
            {
                continue;
            }

            foreach (var (argument, schema) in tool.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => (p.Name, p.Value)))
            {
                var oneOf = PropertyOf(model, argument)?.GetCustomAttributes<ValidationAttribute>()
                    .FirstOrDefault(a => a.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(OneOfAttribute<>));
                if (oneOf is null)
                {
                    continue;
                }

                var names = (IReadOnlyList<string>)typeof(EnumNames<>).MakeGenericType(oneOf.GetType().GetGenericArguments())
                    .GetProperty(nameof(EnumNames<ErrorKind>.All))!.GetValue(null)!;
                checkedArguments++;
                if (!names.SequenceEqual(EnumOf(schema)))
                {
                    failures.Add($"{tool.Name}({argument}) lists [{string.Join(", ", EnumOf(schema))}]; its enum has [{string.Join(", ", names)}]");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedArguments >= 8, $"only {checkedArguments} enum arguments found");
    }

    [Fact]
    public async Task ProcessTools_ListExactlyTheirServicesActions()
    {
        var process = (await ListAsync()).Where(t => t.Name.StartsWith("process_", StringComparison.Ordinal)).ToList();

        foreach (var tool in process)
        {
            var service = typeof(EntityRules).Assembly.GetTypes().Single(t => t.Name == Pascal(tool.Name["process_".Length..]) + "Service");
            var actions = (IEnumerable<string>)service.GetProperty("ActionNames")!.GetValue(app.Factory.Services.GetService(service))!;

            Assert.Equal(actions, EnumOf(tool.JsonSchema.GetProperty("properties").GetProperty("action")));
        }

        Assert.Equal(McpEntity.Names.Cast<object[]>().Count(), process.Count);
    }

    /// <summary>The rules every tool shares, said once in the server's instructions, quote the constants they name.</summary>
    [Fact]
    public async Task Instructions_QuoteTheSharedLimitsTheCodeEnforces()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Owner)).Secret);
        var failures = new List<string>();

        var quoted = CompareShared(failures, "instructions", client.ServerInstructions ?? "");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(SharedLimits.Length, quoted);
    }

    private static IEnumerable<string?> EnumOf(JsonElement schema) =>
        (schema.TryGetProperty("items", out var items) ? items : schema).TryGetProperty("enum", out var values)
            ? values.EnumerateArray().Select(v => v.GetString())
            : [];

    /// <summary>The quoted numbers of <paramref name="text"/> must each be one of <paramref name="limits"/>, in its unit.</summary>
    private static int Compare(List<string> failures, string where, string text, IReadOnlyList<Limit> limits)
    {
        var quoted = Numbers(text);
        foreach (var number in quoted.Where(n => !limits.Contains(n)))
        {
            failures.Add(limits.Count == 0
                ? $"{where} quotes {number} but binds to no declared limit: {text}"
                : $"{where} quotes {number}; the code's limits are {string.Join(", ", limits)}: {text}");
        }

        return quoted.Count;
    }

    /// <summary>Numbers in the shared list text: each must be a known phrase quoting its constant.</summary>
    private static int CompareShared(List<string> failures, string where, string text)
    {
        var quoted = Numbers(text);
        var explained = 0;
        foreach (var (phrase, limit) in SharedLimits)
        {
            foreach (Match match in phrase.Matches(text))
            {
                var number = new Limit(int.Parse(match.Groups["n"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), limit.Unit);
                explained++;
                if (number != limit)
                {
                    failures.Add($"{where} quotes {number} where the code has {limit}: {match.Value}");
                }
            }
        }

        if (quoted.Count != explained)
        {
            failures.Add($"{where} quotes {quoted.Count} numbers, {explained} of them known limits: add the phrase to SharedLimits or bind it to a field: {text}");
        }

        return quoted.Count;
    }

    private static List<Limit> Numbers(string text)
    {
        foreach (var phrase in NotLimits)
        {
            text = text.Replace(phrase, "");
        }

        return Number().Matches(text)
            .Select(m => new Limit(int.Parse(m.Groups["n"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), m.Groups["unit"].Value))
            .ToList();
    }

    /// <summary>What the input class declares for a property: lengths, counts, sizes (in KB as descriptions say them), ranges and the default.</summary>
    private static List<Limit> LimitsOf(Type model, PropertyInfo property)
    {
        var limits = new List<Limit>();
        foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
        {
            switch (rule)
            {
                case MaxLengthAttribute max:
                    limits.Add(new(max.Length, ""));
                    break;
                case StringListAttribute list:
                    limits.AddRange([new(list.MaxCount, ""), new(list.MaxLength, "")]);
                    break;
                case ExtraObjectAttribute:
                    limits.AddRange([new(EntityRules.ExtraMaxBytes / 1024, "KB"), new(EntityRules.ExtraMaxDepth, "")]);
                    break;
                case RangeAttribute range:
                    limits.AddRange([new(Convert.ToInt32(range.Minimum, CultureInfo.InvariantCulture), ""), new(Convert.ToInt32(range.Maximum, CultureInfo.InvariantCulture), "")]);
                    break;
            }
        }

        if (property.PropertyType == typeof(int) && !model.IsAbstract)
        {
            limits.Add(new((int)property.GetValue(Activator.CreateInstance(model))!, ""));
        }

        return limits;
    }

    /// <summary>
    /// The input class a tool's arguments bind to: <c>XListQuery</c> for <c>list_xs</c>, <c>XCreateInput</c> (or
    /// <c>XInput</c>) for <c>create_x</c>, <c>XInput</c> for <c>update_x</c> and <c>patch_x</c>; none for the others.
    /// </summary>
    private static Type? InputModel(string tool)
    {
        if (tool == "search")
        {
            return typeof(ToolBridge.Data.Search.SearchQuery);
        }

        if (!tool.Contains('_'))
        {
            return null;
        }

        var verb = tool[..tool.IndexOf('_')];
        var entity = Pascal(tool[(verb.Length + 1)..]);
        string[] names = verb switch
        {
            "list" => [entity[..^1] + "ListQuery"],
            "create" => [entity + "CreateInput", entity + "Input"],
            "update" or "patch" => [entity + "Input"],
            _ => [],
        };
        var types = typeof(EntityRules).Assembly.GetTypes();
        return names.Select(n => types.SingleOrDefault(t => t.Name == n)).FirstOrDefault(t => t is not null);
    }

    private static PropertyInfo? PropertyOf(Type model, string field) =>
        model.GetProperties().SingleOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == field);

    private static IEnumerable<(string Name, string Description)> Arguments(McpClientTool tool) =>
        tool.JsonSchema.GetProperty("properties").EnumerateObject()
            .Select(p => (p.Name, p.Value.TryGetProperty("description", out var d) ? d.GetString()! : ""));

    /// <summary>Every description anywhere in a schema.</summary>
    private static IEnumerable<string> Descriptions(JsonElement schema) => schema.ValueKind switch
    {
        JsonValueKind.Object => schema.EnumerateObject().SelectMany(p =>
            p.Name == "description" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Descriptions(p.Value)),
        JsonValueKind.Array => schema.EnumerateArray().SelectMany(Descriptions),
        _ => [],
    };

    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private async Task<IList<McpClientTool>> ListAsync()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Owner)).Secret);
        return await client.ListToolsAsync();
    }

    [GeneratedRegex(@"(?<![\w.])(?<n>\d{1,3}(?:,\d{3})+|\d+)(?:\s*(?<unit>KB))?(?![\w,]\d)")]
    private static partial Regex Number();

    /// <summary>A field named with what the description says of it: <c>title (required, at most 500 characters)</c>.</summary>
    [GeneratedRegex(@"(?<field>[a-z][a-z_]*) \((?<text>[^()]*)\)")]
    private static partial Regex FieldClause();

    private readonly record struct Limit(int Value, string Unit)
    {
        public override string ToString() => Unit.Length == 0 ? Value.ToString("N0", CultureInfo.InvariantCulture) : $"{Value} {Unit}";
    }
}
