using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// response_format on list_*, get_*, search and fetch: concise (the lists' and search's default) leaves out nulls and
/// people references, gives timestamps to the second and long text as an excerpt with its length; detailed (get's and
/// fetch's default) is the item whole with the people named. Both hold to the tools' output schemas. Through the real endpoint.
/// </summary>
public sealed class ResponseFormatTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    private const string TokenName = "Format token";

    // 4,000 UTF-16 code units in 3,500 characters: PostgreSQL counts the emoji once, content_offset twice.
    private static readonly string LongText = string.Concat(Enumerable.Repeat("Plan 😀 ", 500));

    private static readonly string[] ShapedTools =
        ["list_notes", "list_tasks", "list_comments", "list_chats", "list_chat_messages", "get_note", "get_task", "get_comment", "get_chat", "get_chat_message", "search", "fetch"];

    [Fact]
    public async Task List_IsConciseByDefault_AnExcerptWithTheWholeLength_NoNullsOrReferences_TimesToTheSecond()
    {
        await using var client = await ConnectAsync(await app.NewTenantAsync());
        await McpEntity.NewAsync(client, "create_note", new { title = "Long", content = LongText });

        var concise = Single(await client.CallAsync("list_notes"));
        var detailed = Single(await client.CallAsync("list_notes", new { response_format = "detailed" }));

        Assert.Equal(LongText[..200], concise.GetProperty("excerpt").GetString());
        Assert.Equal(LongText.Length, concise.GetProperty("content_length").GetInt32());
        Assert.Equal(LongText.Length, detailed.GetProperty("content_length").GetInt32());
        var names = concise.EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain("content", names);
        Assert.DoesNotContain("content_truncated", names);
        Assert.DoesNotContain("created_by", names);
        Assert.DoesNotContain("updated_by", names);
        Assert.DoesNotContain("deleted_at", names);
        Assert.DoesNotContain("extra", names);
        Assert.All(concise.EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind));
        var updated = detailed.GetProperty("updated_at").GetDateTimeOffset();
        Assert.Equal(updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), concise.GetProperty("updated_at").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", concise.GetProperty("created_at").GetString());
        Assert.True(JsonSerializer.Serialize(concise).Length * 2 < JsonSerializer.Serialize(detailed).Length, "a concise row is a fraction of a detailed one");
    }

    [Fact]
    public async Task Detailed_IsTheItemWhole_NamingWhoCreatedAndLastChangedIt()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await ConnectAsync(tenant);
        var created = await app.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "From the portal", Content = LongText });
        var uid = created.Value!.Uid;
        (await client.CallAsync("patch_note", new { uid, patch = new { title = "Renamed by an agent" } })).ContentOf();

        var listed = Single(await client.CallAsync("list_notes", new { response_format = "detailed" }));
        var got = (await client.CallAsync("get_note", new { uid })).ContentOf();

        foreach (var item in new[] { listed, got })
        {
            Assert.Equal(tenant.Member.Actor.Reference, item.GetProperty("created_by").GetString());
            Assert.Equal(tenant.Member.Actor.Name, item.GetProperty("created_by_name").GetString());
            Assert.StartsWith("token:", item.GetProperty("updated_by").GetString());
            Assert.Equal(TokenName, item.GetProperty("updated_by_name").GetString());
        }

        Assert.Equal(LongText[..EntityRules.ListPreviewChars], listed.GetProperty("content").GetString());
        Assert.True(listed.GetProperty("content_truncated").GetBoolean());
        Assert.Equal(LongText, got.GetProperty("content").GetString());
    }

    [Fact]
    public async Task GetAndFetch_AreDetailedByDefault_AndConciseOnRequest_RelatedItemsToo()
    {
        await using var client = await ConnectAsync(await app.NewTenantAsync());
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "With comments", content = LongText });
        await McpEntity.NewAsync(client, "create_comment", new { parent_type = "note", parent_uid = note, content = "First!" });

        var concise = (await client.CallAsync("get_note", new { uid = note, response_format = "concise" })).ContentOf();
        Assert.Equal(LongText.Length, concise.GetProperty("content_length").GetInt32());
        Assert.False(concise.TryGetProperty("content", out _));

        var fetched = (await client.CallAsync("fetch", new { uid = note, related = true })).ContentOf();
        Assert.Equal(LongText, fetched.GetProperty("item").GetProperty("content").GetString());
        Assert.Equal(TokenName, fetched.GetProperty("item").GetProperty("created_by_name").GetString());
        Assert.Equal(TokenName, fetched.GetProperty("comments").GetProperty("items")[0].GetProperty("created_by_name").GetString());

        var brief = (await client.CallAsync("fetch", new { uid = note, related = true, response_format = "concise" })).ContentOf();
        Assert.Equal(LongText[..200], brief.GetProperty("item").GetProperty("excerpt").GetString());
        var comment = brief.GetProperty("comments").GetProperty("items")[0];
        Assert.Equal("First!", comment.GetProperty("excerpt").GetString());
        Assert.False(comment.TryGetProperty("created_by", out _));
    }

    [Fact]
    public async Task SearchDetailed_NamesWhoChangedEachRowLast()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await ConnectAsync(tenant);
        await app.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Portal note" });

        var row = Single(await client.CallAsync("search", new { response_format = "detailed" }));

        Assert.Equal(tenant.Member.Actor.Reference, row.GetProperty("updated_by").GetString());
        Assert.Equal(tenant.Member.Actor.Name, row.GetProperty("updated_by_name").GetString());
        Assert.False(Single(await client.CallAsync("search")).TryGetProperty("updated_by", out _));
    }

    [Fact]
    public async Task Names_OfAMemberWhoLeft_AreTheOnesTheTenantsEventsRecorded()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Owner)).Secret);
        var uid = (await app.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Left behind" })).Value!.Uid;
        Assert.True((await app.Get<MemberService>().RemoveMemberAsync(tenant.Owner, tenant.Member.Actor.Id)).IsSuccess);

        var got = (await client.CallAsync("get_note", new { uid })).ContentOf();

        Assert.Equal(tenant.Member.Actor.Name, got.GetProperty("created_by_name").GetString());
    }

    [Fact]
    public async Task Names_AreOnlyEverTheTenantsOwn()
    {
        var a = await app.NewTenantAsync();
        var b = await app.NewTenantAsync();
        var tokenOfA = await app.IssueAsync(a.Member, name: TokenName);
        var references = new[] { a.Member.Actor.Reference, $"token:{tokenOfA.Token.Id}" };

        Assert.Equal(2, (await app.Get<ActorNames>().ResolveAsync(a.Owner, references)).Count);
        Assert.Empty(await app.Get<ActorNames>().ResolveAsync(b.Owner, references));
    }

    [Fact]
    public async Task Fetch_TextLongerThanAReply_ComesInPartsThatMakeTheWholeText()
    {
        await using var client = await ConnectAsync(await app.NewTenantAsync());
        var text = string.Concat(Enumerable.Repeat("😀", 60_000));
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Emoji", content = text });
        var parts = new List<string>();

        for (int? offset = 0; offset is { } from;)
        {
            var reply = await client.CallAsync("fetch", new { uid = note, content_offset = from });
            var item = reply.ContentOf().GetProperty("item");
            Assert.Equal(text.Length, item.GetProperty("content_length").GetInt32());
            parts.Add(item.GetProperty("content").GetString()!);
            offset = item.TryGetProperty("next_content_offset", out var next) ? next.GetInt32() : null;
            Assert.Equal(offset is not null, McpClientExtensions.Text(reply).Contains($"call again with content_offset {offset} for the rest"));
        }

        Assert.True(parts.Count > 1);
        Assert.Equal(text, string.Concat(parts));
        Assert.NotNull((await client.CallAsync("fetch", new { uid = note, content_offset = text.Length + 1 })).ErrorOf()["fields"]?["content_offset"]);
    }

    [Fact]
    public async Task ResourceRead_OfATextLongerThanAReply_IsCutAndSaysWhereTheRestIs()
    {
        await using var client = await ConnectAsync(await app.NewTenantAsync());
        var text = string.Concat(Enumerable.Repeat("😀", 60_000));
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Emoji", content = text });

        var markdown = ((TextResourceContents)(await client.ReadResourceAsync($"toolbridge://notes/{note}")).Contents.Single()).Text;

        Assert.True(markdown.Length < text.Length, $"the resource was {markdown.Length} characters");
        Assert.Matches($@"get_note with uid {note} and content_offset \d+ returns the rest", markdown);
    }

    [Fact]
    public async Task ResponseFormat_OutsideItsValues_IsAValidationErrorNamingTheArgument()
    {
        await using var client = await ConnectAsync(await app.NewTenantAsync());

        foreach (var tool in new[] { "list_notes", "search" })
        {
            var error = (await client.CallAsync(tool, new { response_format = "verbose" })).ErrorOf();
            Assert.Equal("validation", (string?)error["error"]);
            Assert.Contains("concise", (string?)error["fields"]?["response_format"]?[0]);
        }
    }

    [Fact]
    public async Task EveryShapedReply_HoldsToItsToolsOutputSchema_InBothFormats()
    {
        await using var client = await ConnectAsync(await app.NewTenantAsync());
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Note", content = LongText, tags = new[] { "a" } });
        var task = await McpEntity.NewAsync(client, "create_task", new { title = "Task", description = "Do it", due_at = "2027-01-02T03:04:05.678Z" });
        var comment = await McpEntity.NewAsync(client, "create_comment", new { parent_type = "task", parent_uid = task, content = "Comment" });
        var chat = await McpEntity.NewAsync(client, "create_chat", new { title = "Chat" });
        var message = await McpEntity.NewAsync(client, "create_chat_message", new { chat_uid = chat, content = "Message" });
        var schemas = (await client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.ProtocolTool.OutputSchema!.Value);
        var calls = new (string Tool, object Args)[]
        {
            ("list_notes", new { }), ("list_tasks", new { }), ("list_comments", new { }), ("list_chats", new { }), ("list_chat_messages", new { }),
            ("get_note", new { uid = note }), ("get_task", new { uid = task }), ("get_comment", new { uid = comment }), ("get_chat", new { uid = chat }),
            ("get_chat_message", new { uid = message }), ("search", new { }), ("fetch", new { uid = task, related = true }), ("fetch", new { uid = chat, related = true }),
        };
        Assert.Equal(ShapedTools.Order(), calls.Select(c => c.Tool).Distinct().Order());

        foreach (var (tool, args) in calls)
        {
            foreach (var format in new[] { "concise", "detailed" })
            {
                var arguments = McpEntity.Dict(args).With("response_format", format);
                var content = (await client.CallAsync(tool, arguments)).ContentOf();
                Assert.True(SchemaCheck.Problems(schemas[tool], content) is [] , $"{tool} {format}: {string.Join("; ", SchemaCheck.Problems(schemas[tool], content))}");
            }
        }
    }

    private async Task<McpClient> ConnectAsync(TestTenant tenant) => await app.ConnectAsync((await app.IssueAsync(tenant.Member, name: TokenName)).Secret);

    private static JsonElement Single(CallToolResult result) => Assert.Single(result.ContentOf().GetProperty("items").EnumerateArray());
}
