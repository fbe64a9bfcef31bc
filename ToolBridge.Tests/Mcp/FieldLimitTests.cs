using System.Diagnostics;
using System.Text.Json.Nodes;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Search;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// Every length, count and size limit the input classes declare, through the MCP door: a value exactly at the limit is
/// stored and read back unchanged, one past it is a validation error naming the field and nothing is written. The
/// limits are found by reflection (<see cref="FieldLimit"/>), so a limit added later is tested here too. Arguments
/// travel as compact UTF-8 JSON with astral characters unescaped, as JavaScript and Python clients send them.
/// </summary>
public sealed class FieldLimitTests(McpAppFixture app, ITestOutputHelper output) : IClassFixture<McpAppFixture>
{
    /// <summary>Input classes no tool takes: the portal's forms and filters, tested through the portal (Portal/FieldLimitFormTests).</summary>
    private static readonly HashSet<Type> PortalOnly =
        [typeof(TokenIssueInput), typeof(TenantSettingsInput), typeof(MemberInput), typeof(ActivityQuery), typeof(GridRequest)];

    private static readonly string[] ListTools = ["list_notes", "list_tasks", "list_comments", "list_chats", "list_chat_messages"];

    public static TheoryData<string> McpModels => new(FieldLimit.All.Select(l => l.Model).Distinct().Where(m => !PortalOnly.Contains(m)).Select(m => m.Name));

    [Fact]
    public void EveryLimitedInput_IsTestedThroughAFrontDoor()
    {
        var models = FieldLimit.All.Select(l => l.Model).Distinct().ToList();

        var untested = models.Where(m => !PortalOnly.Contains(m) && DoorOf(m) is null).Select(m => m.Name).ToList();

        Assert.Empty(untested);
        Assert.True(FieldLimit.All.Count >= 30, $"only {FieldLimit.All.Count} limits found: is the reflection still finding them?");
        output.WriteLine($"limits: {FieldLimit.All.Count} limits on {models.Count} input classes ({models.Count - PortalOnly.Count} reached by tools, {PortalOnly.Count} by the portal only)");
    }

    /// <summary>
    /// The validator both front doors run in the service (<see cref="InputValidator"/>), for every limit, the portal's
    /// filters included (the activity query, the grid request): at the limit no "at most" message for the field, one
    /// past it one.
    /// </summary>
    [Fact]
    public void SharedValidator_EveryLimit_AcceptsTheLimitAndNamesTheFieldOnePast()
    {
        var failures = new List<string>();
        var cases = 0;

        foreach (var limitCase in FieldLimit.All.SelectMany(l => l.Cases()))
        {
            var model = limitCase.Limit.Model.IsAbstract ? typeof(NoteListQuery) : limitCase.Limit.Model;
            var input = Activator.CreateInstance(model)!;
            var property = limitCase.Limit.Property;
            property.SetValue(input, System.Text.Json.JsonSerializer.Deserialize(limitCase.Value.ToJsonString(), property.PropertyType));

            var messages = InputValidator.Validate(input)?.Fields.GetValueOrDefault(limitCase.Limit.Field) ?? [];
            var limitMessages = messages.Where(m => m.Contains("at most", StringComparison.Ordinal)).ToList();
            cases++;
            if (limitCase.Fits ? limitMessages.Count != 0 : limitMessages.Count != 1)
            {
                failures.Add($"{limitCase}: {(messages.Length == 0 ? "no message" : string.Join(" | ", messages))}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        output.WriteLine($"limits: the shared validator: {FieldLimit.All.Count} limits, {cases} values at and one past them, each judged on its own field");
    }

    [Theory]
    [MemberData(nameof(McpModels))]
    public async Task Tool_EachLimitedField_StoresTheLimitAndRefusesOnePastWritingNothing(string modelName)
    {
        var limits = FieldLimit.All.Where(l => l.Model.Name == modelName).ToList();
        var door = DoorOf(limits[0].Model)!;
        var tenant = await app.NewTenantAsync();
        var secret = (await app.IssueAsync(tenant.Member)).Secret;
        await using var client = await app.ConnectAsync(secret);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        int stored = 0, refused = 0;

        foreach (var limitCase in limits.SelectMany(l => l.Cases()))
        {
            var field = limitCase.Limit.Field;
            if (door.StartsWith("list_", StringComparison.Ordinal) || door == "search")
            {
                foreach (var tool in door == "list_*" ? [.. ListTools, "search"] : new[] { door })
                {
                    var reply = await CallAsync(secret, tool, new JsonObject { [field] = limitCase.Value.DeepClone() });
                    Check(failures, $"{tool} {limitCase}", limitCase.Fits ? Succeeded(reply) : RefusedNaming(reply, field));
                }
            }
            else
            {
                var entity = door["create_".Length..];
                var args = ToObject(await McpEntity.For(entity).CreateArgs(client));
                args[field] = limitCase.Value.DeepClone();
                var writesBefore = (await app.AuditAsync(tenant.Id)).Count;

                var reply = await CallAsync(secret, door, args);

                if (limitCase.Fits)
                {
                    var problem = Succeeded(reply);
                    if (problem is null)
                    {
                        var uid = (string)reply.Content["uid"]!;
                        var (read, value) = await ReadBackAsync(secret, entity, uid, field);
                        problem = Succeeded(read) ?? (JsonNode.DeepEquals(limitCase.Value, value)
                            ? null
                            : $"read back changed: sent {Describe(limitCase.Value)}, got {Describe(value)}");
                        problem ??= await PatchRefusesOnePastAsync(secret, entity, uid, limitCase.Limit);
                    }

                    Check(failures, $"{door} {limitCase}", problem);
                }
                else
                {
                    var problem = RefusedNaming(reply, field);
                    var writesAfter = (await app.AuditAsync(tenant.Id)).Count;
                    problem ??= writesAfter == writesBefore ? null : $"{writesAfter - writesBefore} writes recorded for a refused call";
                    Check(failures, $"{door} {limitCase}", problem);
                }
            }

            _ = limitCase.Fits ? stored++ : refused++;
        }

        output.WriteLine($"limits: {modelName} through {door}: {limits.Count} limits, {stored} values at the limit accepted, {refused} one past refused, in {clock.ElapsedMilliseconds} ms");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The tool that takes an input class: <c>create_x</c> for <c>XInput</c>, <c>list_xs</c> for <c>XListQuery</c>; every list for the shared query.</summary>
    private static string? DoorOf(Type model)
    {
        if (model == typeof(ListQuery))
        {
            return "list_*";
        }

        if (model == typeof(SearchQuery))
        {
            return "search";
        }

        var name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(model.Name);
        if (name.EndsWith("_list_query", StringComparison.Ordinal) && ListTools.Contains($"list_{name[..^"_list_query".Length]}s"))
        {
            return $"list_{name[..^"_list_query".Length]}s";
        }

        return name.EndsWith("_input", StringComparison.Ordinal) && McpEntity.Names.Cast<object[]>().Select(n => (string)n[0]).Contains(name[..^"_input".Length])
            ? $"create_{name[..^"_input".Length]}"
            : null;
    }

    /// <summary>The same field one past its limit through patch, on the item just stored: refused, the item unchanged.</summary>
    private async Task<string?> PatchRefusesOnePastAsync(string secret, string entity, string uid, FieldLimit limit)
    {
        var past = limit.Cases().First(c => !c.Fits);
        var reply = await CallAsync(secret, $"patch_{entity}", new JsonObject { ["uid"] = uid, ["patch"] = new JsonObject { [limit.Field] = past.Value.DeepClone() } });
        var after = await CallAsync(secret, $"get_{entity}", new JsonObject { ["uid"] = uid });
        return RefusedNaming(reply, limit.Field) is { } problem
            ? $"patch one past: {problem}"
            : (long?)after.Content["version"] == 1 ? null : $"patch one past changed the item to version {after.Content["version"]}";
    }

    /// <summary>
    /// A tools/call as one raw POST of compact UTF-8 JSON, astral characters unescaped (<see cref="McpAppFixture.CallToolAsync"/>
    /// lets System.Text.Json escape them, which makes a limit-length value of them three times as many bytes).
    /// </summary>
    /// <summary>The field as get returns it, its parts put together when a long text comes in several (next_content_offset).</summary>
    private async Task<(ToolReply Read, JsonNode? Value)> ReadBackAsync(string secret, string entity, string uid, string field)
    {
        var read = await CallAsync(secret, $"get_{entity}", new JsonObject { ["uid"] = uid });
        if (Succeeded(read) is not null || read.Content["next_content_offset"] is null)
        {
            return (read, read.Content?[field]?.DeepClone());
        }

        var text = new System.Text.StringBuilder((string?)read.Content[field]);
        for (var next = read.Content["next_content_offset"]; next is not null; next = read.Content["next_content_offset"])
        {
            read = await CallAsync(secret, $"get_{entity}", new JsonObject { ["uid"] = uid, ["content_offset"] = (int)next });
            if (Succeeded(read) is not null)
            {
                return (read, null);
            }

            text.Append((string?)read.Content[field]);
        }

        return (read, JsonValue.Create(text.ToString()));
    }

    private async Task<ToolReply> CallAsync(string secret, string tool, JsonObject arguments)
    {
        var body = FieldLimit.CompactJson(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments },
        });
        using var response = await app.PostAsync(secret, body);
        return ToolReply.Read(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? Succeeded(ToolReply reply) => reply.IsOk ? null : $"refused: {reply.Outcome} {Describe(reply.Text)}";

    /// <summary>
    /// A validation error naming the field, its messages whole text: a message quoting the value must not cut a character
    /// in two (the half would reach the client as U+FFFD, or break the reply).
    /// </summary>
    private static string? RefusedNaming(ToolReply reply, string field) =>
        reply.Outcome != "validation" ? $"expected a validation error, got {reply.Outcome} {Describe(reply.Text)}"
        : reply.Error["fields"]?[field] is not JsonArray messages ? $"the validation error does not name {field}: {Describe(reply.Error)}"
        : messages.Any(m => ((string)m!).Contains('\uFFFD') || StorableText.Problem((string)m!) is not null) ? $"its message has a broken character: {Describe(messages)}"
        : null;

    private static void Check(List<string> failures, string what, string? problem)
    {
        if (problem is not null)
        {
            failures.Add($"{what}: {problem}");
        }
    }

    private static JsonObject ToObject(Dictionary<string, object?> args) =>
        JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(args))!.AsObject();

    /// <summary>A value short enough for a message: its JSON, cut after 300 characters.</summary>
    private static string Describe(JsonNode? value) => Describe(value?.ToJsonString() ?? "null");

    private static string Describe(string json) => json.Length <= 300 ? json : json[..300] + $"… ({json.Length} characters)";
}
