using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// List replies have a size budget: long text comes as a preview flagged content_truncated, the full item comes from
/// get, and a page ends early rather than pass <see cref="EntityRules.ListReplyBudgetBytes"/> of items.
/// </summary>
public sealed class ListBudgetTests(McpAppFixture app, ITestOutputHelper output) : IClassFixture<McpAppFixture>
{
    private const int LongContent = EntityRules.ContentMax;

    /// <summary>The budget of items plus the text rendering and the JSON-RPC envelope.</summary>
    private const int WireCeiling = EntityRules.ListReplyBudgetBytes + 64 * 1024;

    [Fact]
    public async Task ListNotes_TwoHundredNotesOfMaximumLength_OneReplyStaysUnderTheBudgetAndGetReturnsTheFullContent()
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);
        await InsertNotesAsync(tenant.Id, 200, LongContent, extraBytes: 0);

        // detailed: each note's first 1,000 characters, the largest a page can be.
        using var response = await app.PostAsync(token.Secret, CallRequest("list_notes", new { limit = 200, response_format = "detailed" }));
        var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
        using var concise = await app.PostAsync(token.Secret, CallRequest("list_notes", new { limit = 200 }));
        var conciseBody = await concise.Content.ReadAsByteArrayAsync();
        var conciseItems = ResultOf(Encoding.UTF8.GetString(conciseBody)).GetProperty("structuredContent").GetProperty("items");
        var result = ResultOf(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
        var first = result.GetProperty("structuredContent").GetProperty("items")[0];
        await using var client = await app.ConnectAsync(token.Secret);
        var full = (await client.CallAsync("get_note", new { uid = first.GetProperty("uid").GetGuid() })).ContentOf();

        output.WriteLine($"one list_notes reply of 200 notes of {LongContent} characters: {bytes} bytes on the wire detailed, {conciseBody.Length} concise");
        Assert.Equal(200, conciseItems.GetArrayLength());
        Assert.True(conciseBody.Length * 2 < bytes, $"a concise page was {conciseBody.Length} bytes, a detailed one {bytes}");
        Assert.All(conciseItems.EnumerateArray(), i => Assert.Equal(LongContent, i.GetProperty("content_length").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(bytes < WireCeiling, $"one list_notes reply was {bytes} bytes on the wire");
        Assert.Equal(EntityRules.ListPreviewChars, first.GetProperty("content").GetString()!.Length);
        Assert.True(first.GetProperty("content_truncated").GetBoolean());
        Assert.Equal(LongContent, full.GetProperty("content").GetString()!.Length);
        Assert.False(full.TryGetProperty("content_truncated", out _));

        // The same page through search: short rows (under 600 bytes each on the wire, the excerpt's 200 characters included).
        using var searched = await app.PostAsync(token.Secret, CallRequest("search", new { limit = 200 }));
        var searchBody = await searched.Content.ReadAsByteArrayAsync();
        var rows = ResultOf(Encoding.UTF8.GetString(searchBody)).GetProperty("structuredContent").GetProperty("items");
        output.WriteLine($"one search reply of 200 notes of {LongContent} characters: {searchBody.Length} bytes on the wire");
        Assert.Equal(200, rows.GetArrayLength());
        Assert.True(searchBody.Length < 200 * 600, $"one search reply was {searchBody.Length} bytes on the wire");
        Assert.All(rows.EnumerateArray(), r => Assert.True(r.GetProperty("excerpt").GetString()!.Length <= 200));
    }

    [Fact]
    public async Task GetNote_TextLongerThanAReply_ComesInPartsWithinTheBudget_AndTheyMakeTheWholeText()
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);
        await using var client = await app.ConnectAsync(token.Secret);
        var text = string.Concat(Enumerable.Range(0, LongContent / 2).Select(i => i % 2 == 0 ? "€" : "😀"));
        var uid = await McpEntity.NewAsync(client, "create_note", new { title = "Multi-byte", content = text });
        var parts = new List<string>();
        int? offset = 0;

        while (offset is { } from)
        {
            using var response = await app.PostAsync(token.Secret, CallRequest("get_note", new { uid, content_offset = from }));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(body.Length < WireCeiling, $"the part from {from} was {body.Length} bytes on the wire");
            var item = ResultOf(Encoding.UTF8.GetString(body)).GetProperty("structuredContent");
            Assert.Equal((from, text.Length, true), (item.GetProperty("content_offset").GetInt32(), item.GetProperty("content_length").GetInt32(), item.GetProperty("content_truncated").GetBoolean()));
            parts.Add(item.GetProperty("content").GetString()!);
            offset = item.TryGetProperty("next_content_offset", out var next) ? next.GetInt32() : null;
        }

        output.WriteLine($"a note of {text.Length} UTF-16 characters, {Encoding.UTF8.GetByteCount(text)} bytes: {parts.Count} parts");
        Assert.True(parts.Count > 1);
        Assert.Equal(text, string.Concat(parts));
        var past = (await client.CallAsync("get_note", new { uid, content_offset = text.Length + 1 })).ErrorOf();
        Assert.NotNull(past["fields"]?["content_offset"]);
        var shortNote = await McpEntity.NewAsync(client, "create_note", new { title = "Short", content = "Whole" });
        var whole = (await client.CallAsync("get_note", new { uid = shortNote })).ContentOf();
        Assert.False(whole.TryGetProperty("content_offset", out _));
    }

    [Fact]
    public async Task ListNotes_LargeExtraObjects_PagesEndEarlyWithinTheBudgetAndPagingReturnsEachNoteOnce()
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);
        var inserted = await InsertNotesAsync(tenant.Id, 60, 10, extraBytes: 60_000);
        await using var client = await app.ConnectAsync(token.Secret);
        var seen = new List<Guid>();
        var pages = 0;
        string? cursor = null;

        do
        {
            using var response = await app.PostAsync(token.Secret, CallRequest("list_notes", cursor is null ? new { limit = 200 } : new { limit = 200, cursor }));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(body.Length < WireCeiling, $"page {pages} was {body.Length} bytes on the wire");
            var content = ResultOf(Encoding.UTF8.GetString(body)).GetProperty("structuredContent");
            seen.AddRange(content.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uid").GetGuid()));
            cursor = content.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;

            // A page the budget ended says so, in its content and its text; the last page, which holds what was left, does not.
            var truncated = content.TryGetProperty("truncated", out var flag) && flag.GetBoolean();
            Assert.Equal(cursor is not null, truncated);
            Assert.Equal(truncated, Encoding.UTF8.GetString(body).Contains("before limit"));
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.True(pages > 1, "a page of 60 notes with 60 KB of extra each should have ended early");
        Assert.Equal(inserted.Order(), seen.Order());
    }

    [Fact]
    public async Task ListNotes_TextBlock_IsAShortReadingNotASecondCopyOfTheItems()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);
        var uids = await InsertNotesAsync(tenant.Id, 3, LongContent, extraBytes: 0);

        var page = await client.CallAsync("list_notes", new { limit = 2 });
        var text = McpClientExtensions.Text(page);
        var lines = text.Split('\n');

        Assert.StartsWith("2 notes, more with next_cursor ", lines[0]);
        Assert.False(page.ContentOf().TryGetProperty("truncated", out _), "a page that ends at limit is not truncated");
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], l => Assert.Matches(@"^- note ""Long note"" \(uid [0-9a-f-]{36}, version 1, active\)$", l));
        Assert.True(text.Length < 400, $"the text block is {text.Length} characters");
        var getNote = (await client.ListToolsAsync()).Single(t => t.Name == "get_note").ProtocolTool.OutputSchema!.Value;
        Assert.DoesNotContain("content_truncated", getNote.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(getNote.GetProperty("properties").TryGetProperty("content_truncated", out _));
        Assert.Equal(2, page.ContentOf().GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ListNotes_EightParallelWorstCaseListsOnA512MbHeap_LeaveTheAppServingWithout5xx()
    {
        var issued = await AppProcess.IssueTokenAsync(app.ConnectionString, "Heap limit");
        await InsertNotesAsync(issued.TenantId, 200, LongContent, extraBytes: 0);
        await using var process = await AppProcess.StartAsync(app.ConnectionString, new Dictionary<string, string?>
        {
            ["DOTNET_GCHeapHardLimit"] = "0x20000000",
        });
        using var http = new HttpClient { BaseAddress = new Uri(process.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                using var response = await McpAppFixture.PostAsync(http, issued.Secret, CallRequest("list_notes", new { limit = 200 }));
                return (Status: (int)response.StatusCode, Bytes: (await response.Content.ReadAsByteArrayAsync()).Length);
            }
            catch (HttpRequestException)
            {
                return (Status: 599, Bytes: 0);
            }
        }));
        using var live = await http.GetAsync("/health/live");
        output.WriteLine($"8 parallel lists: {replies.Sum(r => r.Bytes)} bytes in all; the app's peak resident memory {process.PeakMemoryBytes / (1024 * 1024)} MB");

        Assert.All(replies, r => Assert.True(r.Status < 500, $"a list call answered {r.Status}"));
        Assert.All(replies, r => Assert.True(r.Bytes < WireCeiling, $"a list reply was {r.Bytes} bytes"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task ListNotes_TextTheReplyEscapes_StaysWithinTheBudgetAsSent()
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);
        await InsertNotesAsync(tenant.Id, 200, LongContent, extraBytes: 0, fill: "\"");

        using var response = await app.PostAsync(token.Secret, CallRequest("list_notes", new { limit = 200, response_format = "detailed" }));
        var body = await response.Content.ReadAsByteArrayAsync();
        var page = ResultOf(Encoding.UTF8.GetString(body)).GetProperty("structuredContent");

        output.WriteLine($"one list_notes reply of notes of {LongContent} quotes: {page.GetProperty("items").GetArrayLength()} notes, {body.Length} bytes on the wire");
        Assert.True(body.Length < WireCeiling, $"one list_notes reply was {body.Length} bytes on the wire");
        Assert.True(page.TryGetProperty("next_cursor", out _));
    }

    [Fact]
    public async Task Fetch_TheLargestNoteWithFiftyOfTheLargestComments_StaysWithinTheBudget()
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);
        // Quotes: one byte each as input, six in the reply's JSON (\u0022), the most a character can take there.
        var note = (await app.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Largest", Content = new string('"', LongContent) })).Value!.Uid;
        for (var i = 0; i < EntityRules.ListLimitDefault; i++)
        {
            var comment = new CommentCreateInput { ParentType = "note", ParentUid = note, Content = new string('"', EntityRules.DescriptionMax) };
            Assert.True((await app.Get<CommentService>().CreateAsync(tenant.Member, comment)).IsSuccess);
        }

        using var response = await app.PostAsync(token.Secret, CallRequest("fetch", new { uid = note, related = true }));
        var body = await response.Content.ReadAsByteArrayAsync();
        var fetched = ResultOf(Encoding.UTF8.GetString(body)).GetProperty("structuredContent");

        output.WriteLine($"fetch of a note of {LongContent} quotes with its comments: {body.Length} bytes on the wire");
        Assert.True(body.Length < WireCeiling, $"the fetch reply was {body.Length} bytes on the wire");
        Assert.True(fetched.GetProperty("item").GetProperty("next_content_offset").GetInt32() > 0);
        Assert.True(fetched.GetProperty("comments").GetProperty("items").GetArrayLength() > 0);
    }

    private static string CallRequest(string tool, object arguments) => JsonSerializer.Serialize(new
    {
        jsonrpc = "2.0",
        id = 1,
        method = "tools/call",
        @params = new { name = tool, arguments },
    });

    /// <summary>The <c>result</c> of a JSON-RPC reply sent as plain JSON or as one server-sent event.</summary>
    private static JsonElement ResultOf(string body)
    {
        var json = body.TrimStart().StartsWith('{')
            ? body
            : string.Concat(body.Split('\n').Where(l => l.StartsWith("data:")).Select(l => l["data:".Length..]));
        var reply = TestJson.Parse(json);
        Assert.True(reply.TryGetProperty("result", out var result), body.Length > 500 ? body[..500] : body);
        Assert.False(result.TryGetProperty("isError", out var error) && error.GetBoolean(), body.Length > 500 ? body[..500] : body);
        return result;
    }

    /// <summary>Notes written in one statement, as the service would store them (the change trigger stamps each).</summary>
    private async Task<List<Guid>> InsertNotesAsync(Guid tenantId, int count, int contentChars, int extraBytes, string fill = "a")
    {
        var uids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO notes (tenant_id, uid, title, content, tags, status, pinned, version, created_at, updated_at, created_by, updated_by, extra)
            SELECT @tenant, u, 'Long note', repeat(@fill, @chars), '{}', 'active', false, 1, now(), now(), 'test', 'test',
                   CASE WHEN @extra > 0 THEN jsonb_build_object('blob', repeat('b', @extra)) END
            FROM unnest(@uids) AS u
            """, connection);
        insert.Parameters.AddWithValue("tenant", tenantId);
        insert.Parameters.AddWithValue("chars", contentChars);
        insert.Parameters.AddWithValue("fill", fill);
        insert.Parameters.AddWithValue("extra", extraBytes);
        insert.Parameters.AddWithValue("uids", uids.ToArray());
        Assert.Equal(count, await insert.ExecuteNonQueryAsync());
        return uids;
    }
}
