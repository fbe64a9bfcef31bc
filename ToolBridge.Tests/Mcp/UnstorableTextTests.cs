using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// Text PostgreSQL cannot store (U+0000, lone UTF-16 surrogates) is refused as a validation error naming the field,
/// before anything is written, on every way in: tool arguments, extra, patch, the list query, and the portal's service calls.
/// </summary>
public sealed class UnstorableTextTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    public static TheoryData<string, string> NulArguments => new()
    {
        // tool, field
        { "create_note", "title" },
        { "create_note", "content" },
        { "create_note", "tags" },
        { "create_note", "extra" },
        { "create_note", "extra key" },
        { "patch_note", "title" },
        { "patch_note", "extra" },
        { "list_notes", "query" },
        { "list_notes", "tag" },
    };

    [Theory]
    [MemberData(nameof(NulArguments))]
    public async Task Tool_NulInAField_IsAValidationErrorNamingItAndWritesNothing(string tool, string field)
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);
        var existing = (await client.CallAsync("create_note", new { title = "Before" })).ContentOf().GetProperty("uid").GetGuid();
        object args = (tool, field) switch
        {
            ("create_note", "title") => new { title = "a\0b" },
            ("create_note", "content") => new { title = "ok", content = "body\0" },
            ("create_note", "tags") => new { title = "ok", tags = new[] { "fine", "t\0g" } },
            ("create_note", "extra") => new { title = "ok", extra = new { nested = new { value = "x\0y" } } },
            ("create_note", _) => new { title = "ok", extra = new Dictionary<string, object> { ["k\0ey"] = 1 } },
            ("patch_note", "title") => new { uid = existing, patch = new { title = "\0" } },
            ("patch_note", _) => new { uid = existing, patch = new { extra = new { list = new[] { "a", "\0" } } } },
            (_, "query") => new { query = "find\0me" },
            _ => new { tag = "t\0" },
        };

        var error = (await client.CallAsync(tool, args)).ErrorOf();
        var notes = await app.Get<NoteService>().ListAsync(tenant.Member, new NoteListQuery());

        Assert.Equal("validation", (string?)error["error"]);
        var named = field.Split(' ')[0];
        Assert.True(error["fields"]?[named] is not null, $"expected a message for {named}, got {error.ToJsonString()}");
        Assert.Contains("U+0000", (string?)error["fields"]![named]![0]);
        var item = Assert.Single(notes.Value!.Items);
        Assert.Equal(1, item.Version);
    }

    [Fact]
    public async Task Service_NulOrLoneSurrogateFromThePortal_IsAValidationErrorNamingTheField()
    {
        var tenant = await app.NewTenantAsync();
        var notes = app.Get<NoteService>();
        var tasks = app.Get<TaskService>();

        var nulTitle = await notes.CreateAsync(tenant.Member, new NoteInput { Title = "x\0" });
        var surrogate = await notes.CreateAsync(tenant.Member, new NoteInput { Title = "ok", Content = "broken \ud800 pair" });
        var taskDescription = await tasks.CreateAsync(tenant.Member, new TaskInput { Title = "ok", Description = "\0" });
        var search = await notes.ListAsync(tenant.Member, new NoteListQuery { Query = "\udc00" });
        var listed = await notes.ListAsync(tenant.Member, new NoteListQuery());

        Assert.Equal(["title"], nulTitle.Error!.Fields.Keys);
        Assert.Equal(["content"], surrogate.Error!.Fields.Keys);
        Assert.Equal(["description"], taskDescription.Error!.Fields.Keys);
        Assert.Equal(["query"], search.Error!.Fields.Keys);
        Assert.Empty(listed.Value!.Items);
    }
}
