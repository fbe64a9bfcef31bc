using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Notes;

public sealed class NoteServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private NoteService Notes => fixture.Get<NoteService>();

    public static TheoryData<string, string> InvalidInputs => new()
    {
        // field, what is wrong
        { "title", "missing" },
        { "title", "blank" },
        { "title", "too long" },
        { "content", "too long" },
        { "tags", "too many" },
        { "tags", "one too long" },
        { "tags", "one empty" },
        { "extra", "not an object" },
        { "extra", "too big" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Create_InvalidField_IsAValidationErrorNamingItAndStoresNothing(string field, string problem)
    {
        var tenant = await fixture.NewTenantAsync();
        var input = new NoteInput { Title = "Valid" };
        switch (field, problem)
        {
            case ("title", "missing"): input.Title = null!; break;
            case ("title", "blank"): input.Title = "   "; break;
            case ("title", "too long"): input.Title = new string('t', 501); break;
            case ("content", _): input.Content = new string('c', 200_001); break;
            case ("tags", "too many"): input.Tags = Enumerable.Range(0, 51).Select(i => $"t{i}").ToList(); break;
            case ("tags", "one too long"): input.Tags = ["ok", new string('x', 65)]; break;
            case ("tags", "one empty"): input.Tags = ["ok", ""]; break;
            case ("extra", "not an object"): input.Extra = TestJson.Parse("[1, 2]"); break;
            case ("extra", "too big"): input.Extra = TestJson.Parse($$"""{"blob": "{{new string('b', 65_536)}}"}"""); break;
        }

        var error = Invalid(await Notes.CreateAsync(tenant.Member, input), field);

        Assert.StartsWith(field, error.Fields[field].Single().Replace("each of ", ""));
        Assert.Empty(Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { IncludeDeleted = true })).Items);
    }

    [Fact]
    public async Task Create_AtTheLimits_IsAccepted()
    {
        var tenant = await fixture.NewTenantAsync();

        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput
        {
            Title = new string('t', 500),
            Content = new string('c', 200_000),
            Tags = Enumerable.Range(0, 50).Select(i => new string('x', 63) + (char)('a' + (i % 26))).ToList(),
            Extra = TestJson.Parse($$"""{"blob": "{{new string('b', 65_000)}}"}"""),
        }));

        Assert.Equal(500, note.Title.Length);
        Assert.Equal(50, note.Tags.Count);
    }

    [Fact]
    public async Task Create_SeveralInvalidFields_NamesEveryOne()
    {
        var tenant = await fixture.NewTenantAsync();

        var error = Invalid(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "", Tags = [""], Extra = TestJson.Parse("3") }), "title", "tags", "extra");

        Assert.Equal("title is required", error.Fields["title"].Single());
        Assert.Contains("title is required", error.Message);
    }

    [Fact]
    public async Task Create_NewNote_IsActiveUnpinnedWithItsExtraKept()
    {
        var tenant = await fixture.NewTenantAsync();

        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "T", Extra = TestJson.Parse("""{"source": "import", "n": 3}""") }));

        Assert.Equal(NoteStatus.Active, note.Status);
        Assert.False(note.Pinned);
        Assert.Empty(note.Tags);
        Assert.Equal("import", (string?)note.Extra!["source"]);
        Assert.Equal(3, (int?)Ok(await Notes.GetAsync(tenant.Member, note.Uid)).Extra!["n"]);
    }

    [Fact]
    public async Task Update_ReplacesEveryEditableField()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "T", Content = "C", Tags = ["a"], Extra = TestJson.Parse("""{"k": 1}""") }));

        var updated = Ok(await Notes.UpdateAsync(tenant.Member, note.Uid, new NoteInput { Title = "T2" }));

        Assert.Equal("T2", updated.Title);
        Assert.Null(updated.Content);
        Assert.Empty(updated.Tags);
        Assert.Null(updated.Extra);
    }

    [Fact]
    public async Task Update_InvalidInput_IsRefusedBeforeAnythingChanges()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "T" }));

        Invalid(await Notes.UpdateAsync(tenant.Member, note.Uid, new NoteInput { Title = "" }), "title");

        Assert.Equal(1, Ok(await Notes.GetAsync(tenant.Member, note.Uid)).Version);
    }

    [Fact]
    public async Task Patch_NullOnAnOptionalField_ClearsItAndKeepsTheRest()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "T", Content = "C", Tags = ["a", "b"] }));

        var patched = Ok(await Notes.PatchAsync(tenant.Member, note.Uid, TestJson.Parse("""{"content": null, "tags": ["c"]}""")));

        Assert.Equal("T", patched.Title);
        Assert.Null(patched.Content);
        Assert.Equal(["c"], patched.Tags);
    }

    [Theory]
    [InlineData("""{"title": null}""", "title", "title is required")]
    [InlineData("""{"title": 5}""", "title", "title must be a string")]
    [InlineData("""{"tags": "a"}""", "tags", "tags must be a list of strings")]
    [InlineData("""{"colour": "red"}""", "colour", "colour cannot be patched")]
    [InlineData("""{"status": "archived"}""", "status", "change state with the process or archive operation")]
    [InlineData("""{"uid": "5b0a8c4e-58a4-4c1e-9b4a-2e7f3f0f9b11"}""", "uid", "uid cannot be patched")]
    [InlineData("""{}""", "patch", "patch must name at least one field to change")]
    [InlineData("""["title"]""", "patch", "patch must be a JSON object of the fields to change")]
    public async Task Patch_BadPatch_IsAValidationErrorNamingTheField(string patch, string field, string message)
    {
        var tenant = await fixture.NewTenantAsync();
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "T" }));

        var error = Invalid(await Notes.PatchAsync(tenant.Member, note.Uid, TestJson.Parse(patch)), field);

        Assert.Contains(message, error.Fields[field].Single());
        Assert.Equal(1, Ok(await Notes.GetAsync(tenant.Member, note.Uid)).Version);
    }

    [Fact]
    public async Task List_FiltersByStatusPinnedAndTag()
    {
        var tenant = await fixture.NewTenantAsync();
        var pinned = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Pinned", Tags = ["work"] }));
        Ok(await Notes.ProcessAsync(tenant.Member, pinned.Uid, "pin"));
        var archived = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Archived", Tags = ["home"] }));
        Ok(await Notes.ArchiveAsync(tenant.Member, archived.Uid));
        var plain = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Plain", Tags = ["work", "later"] }));

        async Task<IEnumerable<Guid>> Uids(NoteListQuery query) => Ok(await Notes.ListAsync(tenant.Member, query)).Items.Select(n => n.Uid).Order();

        Assert.Equal([archived.Uid], await Uids(new NoteListQuery { Status = "archived" }));
        Assert.Equal(new[] { pinned.Uid, plain.Uid }.Order(), await Uids(new NoteListQuery { Status = "active" }));
        Assert.Equal([pinned.Uid], await Uids(new NoteListQuery { Pinned = true }));
        Assert.Equal(new[] { pinned.Uid, plain.Uid }.Order(), await Uids(new NoteListQuery { Tag = "work" }));
        Assert.Equal([plain.Uid], await Uids(new NoteListQuery { Tag = "work", Pinned = false }));
    }

    [Fact]
    public async Task List_UnknownStatus_IsAValidationError()
    {
        var tenant = await fixture.NewTenantAsync();

        var error = Invalid(await Notes.ListAsync(tenant.Member, new NoteListQuery { Status = "deleted" }), "status");

        Assert.Equal("status must be one of: active, archived", error.Fields["status"].Single());
    }
}
