using System.Text.Json;
using ModelContextProtocol.Client;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>Every tool through the real endpoint: its happy path and each error kind it can return (docs/mcp-tools.md, docs/domain.md "Errors").</summary>
public sealed class ToolCallTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    private const string TokenName = "Call token";

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task EveryTool_HappyPath_ReturnsTheItemAsStructuredContentAndText(string name)
    {
        var entity = McpEntity.For(name);
        await using var client = await ConnectAsync();

        var created = (await client.CallAsync(entity.Create, await entity.CreateArgs(client))).ContentOf();
        var uid = created.GetProperty("uid").GetGuid();
        var got = await client.CallAsync(entity.Get, new { uid });
        var listedResult = await client.CallAsync(entity.ListTool, new { limit = 10 });
        var listed = listedResult.ContentOf();
        var updated = (await client.CallAsync(entity.Update, entity.UpdateArgs.With("uid", uid).With("if_match", 1))).ContentOf();
        var patched = (await client.CallAsync(entity.PatchTool, new { uid, patch = entity.Patch, if_match = 2 })).ContentOf();
        var processed = (await client.CallAsync(entity.Process, new { uid, action = entity.ChangingAction })).ContentOf();
        var archived = (await client.CallAsync(entity.Archive, new { uid })).ContentOf();
        var deleted = (await client.CallAsync(entity.Delete, new { uid })).ContentOf();
        var tombstone = (await client.CallAsync(entity.Get, new { uid, include_deleted = true })).ContentOf();

        Assert.Equal(1, created.GetProperty("version").GetInt64());
        // get is detailed by default: the item as create returned it, with who created and last changed it named.
        var named = System.Text.Json.Nodes.JsonNode.Parse(created.GetRawText())!.AsObject();
        named["created_by_name"] = TokenName;
        named["updated_by_name"] = TokenName;
        var gotItem = System.Text.Json.Nodes.JsonNode.Parse(got.ContentOf().GetRawText());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(named, gotItem), $"get returned {gotItem}; create returned {created.GetRawText()}");
        Assert.Matches($@"^{char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ')} .*\(uid {uid}, version 1\b", McpClientExtensions.Text(got));
        Assert.DoesNotContain("\"created_at\"", McpClientExtensions.Text(got));
        Assert.Contains("+00:00", got.ContentOf().GetProperty("created_at").GetString());
        Assert.Contains($"(uid {uid}, version 1", McpClientExtensions.Text(listedResult));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("uid").GetGuid() == uid);
        Assert.Equal([2, 3, 4, 5, 6], new[] { updated, patched, processed, archived, deleted }.Select(i => i.GetProperty("version").GetInt64()));
        Assert.Equal(JsonValueKind.Null, archived.GetProperty("deleted_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, tombstone.GetProperty("deleted_at").ValueKind);
        Assert.StartsWith("token:", created.GetProperty("created_by").GetString());
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task EveryUidTool_UnknownUid_IsNotFound(string name)
    {
        var entity = McpEntity.For(name);
        await using var client = await ConnectAsync();
        var missing = Guid.NewGuid();

        foreach (var (tool, args) in entity.UidTools)
        {
            var error = (await client.CallAsync(tool, args.With("uid", missing))).ErrorOf();

            Assert.Equal("not_found", (string?)error["error"]);
            Assert.Contains(missing.ToString(), (string?)error["message"]);
        }
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task EveryUidTool_DeletedItem_IsGoneWithDeletedAt(string name)
    {
        var entity = McpEntity.For(name);
        await using var client = await ConnectAsync();
        var uid = await entity.CreateAsync(client);
        var deletedAt = (await client.CallAsync(entity.Delete, new { uid })).ContentOf().GetProperty("deleted_at").GetDateTimeOffset();

        foreach (var (tool, args) in entity.UidTools)
        {
            var error = (await client.CallAsync(tool, args.With("uid", uid))).ErrorOf();

            Assert.Equal("gone", (string?)error["error"]);
            Assert.Equal(deletedAt, error["deleted_at"]!.GetValue<DateTimeOffset>());
        }
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task EveryWriteTool_StaleIfMatchOrTakenUid_IsAConflictWithTheCurrentVersion(string name)
    {
        var entity = McpEntity.For(name);
        await using var client = await ConnectAsync();
        var uid = await entity.CreateAsync(client);
        await client.CallAsync(entity.PatchTool, new { uid, patch = entity.Patch });

        var conflicts = new List<JsonElement>();
        foreach (var (tool, args) in entity.UidTools.Where(t => t.Tool != entity.Get))
        {
            conflicts.Add(JsonSerializer.SerializeToElement((await client.CallAsync(tool, args.With("uid", uid).With("if_match", 1))).ErrorOf()));
        }

        var taken = (await client.CallAsync(entity.Create, (await entity.CreateArgs(client)).With("uid", uid))).ErrorOf();

        Assert.All(conflicts, c => Assert.Equal(("conflict", 2), (c.GetProperty("error").GetString(), c.GetProperty("current_version").GetInt64())));
        Assert.Equal(("conflict", 2L), ((string?)taken["error"], taken["current_version"]!.GetValue<long>()));
        Assert.Equal(2, (await client.CallAsync(entity.Get, new { uid })).ContentOf().GetProperty("version").GetInt64());
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task EveryTool_BadArguments_AreValidationErrorsNamingThem(string name)
    {
        var entity = McpEntity.For(name);
        await using var client = await ConnectAsync();
        var uid = await entity.CreateAsync(client);
        var createArgs = await entity.CreateArgs(client);
        var required = createArgs.ContainsKey("title") ? "title" : "content";

        var cases = new List<(string Tool, object Args, string Argument)>
        {
            (entity.ListTool, new { limit = 0 }, "limit"),
            (entity.ListTool, new { cursor = "garbage" }, "cursor"),
            (entity.ListTool, new { status = "sideways" }, "status"),
            (entity.Create, createArgs.With(required, null), required),
            (entity.Create, createArgs.With(required, new string('x', 20_001)), required),
            (entity.Create, createArgs.With("extra", new[] { 1, 2 }), "extra"),
            (entity.Update, entity.UpdateArgs.With("uid", uid).With(required, ""), required),
            (entity.PatchTool, new { uid, patch = new { } }, "patch"),
            (entity.PatchTool, new { uid, patch = new { version = 9 } }, "version"),
            (entity.Process, new { uid, action = "teleport" }, "action"),
        };
        foreach (var tool in new[] { entity.Get, entity.Delete, entity.Archive })
        {
            cases.Add((tool, new { uid = "not-a-uuid" }, "uid"));
            cases.Add((tool, new { }, "uid"));
            cases.Add((tool, new { uid, if_match = "one" }, "if_match"));
            cases.Add((tool, new { uid, tenant_id = Guid.NewGuid() }, "tenant_id"));
        }

        foreach (var (tool, args, argument) in cases)
        {
            var error = (await client.CallAsync(tool, args)).ErrorOf();

            Assert.True((string?)error["error"] == "validation", $"{tool} {JsonSerializer.Serialize(args)}: {error.ToJsonString()}");
            Assert.True(error["fields"]?[argument] is not null, $"{tool} should name {argument}: {error.ToJsonString()}");
        }

        Assert.Equal(1, (await client.CallAsync(entity.Get, new { uid })).ContentOf().GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("note")]
    [InlineData("task")]
    [InlineData("comment")]
    public async Task ProcessTool_ActionNotAllowedNow_IsAnInvalidTransitionListingAllowedActions(string name)
    {
        var entity = McpEntity.For(name);
        var (setup, refused, allowed) = entity.Refusal!.Value;
        await using var client = await ConnectAsync();
        var uid = await entity.CreateAsync(client);
        await client.CallAsync(entity.Process, new { uid, action = setup });

        var error = (await client.CallAsync(entity.Process, new { uid, action = refused })).ErrorOf();

        Assert.Equal("invalid_transition", (string?)error["error"]);
        Assert.Equal(allowed, error["allowed_actions"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task EveryWriteTool_WithAReadOnlyToken_IsForbiddenAndChangesNothing(string name)
    {
        var entity = McpEntity.For(name);
        var tenant = await app.NewTenantAsync();
        await using var writer = await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);
        await using var reader = await app.ConnectAsync((await app.IssueAsync(tenant.Member, write: false)).Secret);
        var uid = await entity.CreateAsync(writer);

        var refusals = new List<(string Tool, object Args)> { (entity.Create, await entity.CreateArgs(writer)) };
        refusals.AddRange(entity.UidTools.Where(t => t.Tool != entity.Get).Select(t => (t.Tool, (object)t.Args.With("uid", uid))));
        foreach (var (tool, args) in refusals)
        {
            var error = (await reader.CallAsync(tool, args)).ErrorOf();

            Assert.True((string?)error["error"] == "forbidden", $"{tool}: {error.ToJsonString()}");
        }

        Assert.Equal(1, (await reader.CallAsync(entity.Get, new { uid })).ContentOf().GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task HealthCheck_ReportsTheTokenTenantScopesAndDatabase()
    {
        var tenant = await app.NewTenantAsync("Health Co");
        var token = await app.IssueAsync(tenant.Member, write: false, name: "Claude Desktop");
        await using var client = await app.ConnectAsync(token.Secret);

        var report = (await client.CallAsync("health_check")).ContentOf();

        Assert.Equal("ok", report.GetProperty("status").GetString());
        Assert.True(report.GetProperty("database_reachable").GetBoolean());
        Assert.Equal("Health Co", report.GetProperty("tenant").GetString());
        Assert.Equal("Claude Desktop", report.GetProperty("token").GetString());
        Assert.Equal(["read"], report.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.False(string.IsNullOrEmpty(report.GetProperty("version").GetString()));
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - report.GetProperty("server_time").GetDateTimeOffset()).TotalMinutes) < 5);
    }

    [Fact]
    public async Task ListTool_PagesWithNextCursorUntilItIsAbsent()
    {
        await using var client = await ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.CallAsync("create_note", new { title = $"Note {i}" });
        }

        var first = (await client.CallAsync("list_notes", new { limit = 3 })).ContentOf();
        var second = (await client.CallAsync("list_notes", new { limit = 3, cursor = first.GetProperty("next_cursor").GetString() })).ContentOf();

        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.False(second.TryGetProperty("next_cursor", out _), "next_cursor must be absent on the last page");
    }

    private async Task<McpClient> ConnectAsync()
    {
        var tenant = await app.NewTenantAsync();
        return await app.ConnectAsync((await app.IssueAsync(tenant.Member, name: TokenName)).Secret);
    }
}
