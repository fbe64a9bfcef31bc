using ToolBridge.Data;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Comments;

public sealed class CommentServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private CommentService Comments => fixture.Get<CommentService>();

    private NoteService Notes => fixture.Get<NoteService>();

    [Fact]
    public async Task Create_OnANoteAndOnATask_DefaultsTheAuthorToTheActor()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = await EntityKits.NewNoteAsync(fixture, tenant.Owner);
        var task = await EntityKits.NewTaskAsync(fixture, tenant.Owner);

        var onNote = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note, Content = "Looks good" }));
        var onTask = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "task", ParentUid = task, Content = "On it", Author = "Build bot" }));

        Assert.Equal((CommentParentType.Note, note), (onNote.ParentType, onNote.ParentUid));
        Assert.Equal(tenant.Member.Actor.Name, onNote.Author);
        Assert.Equal((CommentParentType.Task, task), (onTask.ParentType, onTask.ParentUid));
        Assert.Equal("Build bot", onTask.Author);
        Assert.Equal(CommentStatus.Open, onTask.Status);
    }

    [Fact]
    public async Task Create_WithoutParentOrContent_NamesEachMissingField()
    {
        var tenant = await fixture.NewTenantAsync();

        var error = Invalid(await Comments.CreateAsync(tenant.Member, new CommentCreateInput()), "content", "parent_type", "parent_uid");

        Assert.Equal("parent_uid is required", error.Fields["parent_uid"].Single());
    }

    [Fact]
    public async Task Create_UnknownParentType_IsAValidationError()
    {
        var tenant = await fixture.NewTenantAsync();

        var error = Invalid(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "chat", ParentUid = Guid.NewGuid(), Content = "x" }), "parent_type");

        Assert.Equal("parent_type must be one of: note, task", error.Fields["parent_type"].Single());
    }

    [Fact]
    public async Task Create_ParentMissingDeletedOfAnotherTenantOrOfTheOtherType_IsAValidationErrorOnParentUid()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var deletedNote = await EntityKits.NewNoteAsync(fixture, tenant.Owner);
        Ok(await Notes.DeleteAsync(tenant.Owner, deletedNote));
        var foreignNote = await EntityKits.NewNoteAsync(fixture, other.Owner);
        var task = await EntityKits.NewTaskAsync(fixture, tenant.Owner);
        var missing = Guid.NewGuid();

        var errors = new[]
        {
            Invalid(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = missing, Content = "x" }), "parent_uid"),
            Invalid(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = deletedNote, Content = "x" }), "parent_uid"),
            Invalid(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = foreignNote, Content = "x" }), "parent_uid"),
            Invalid(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = task, Content = "x" }), "parent_uid"),
        };

        Assert.Contains("is not a note of this tenant", errors[0].Message);
        Assert.Contains("is a deleted note; restore the note first", errors[1].Message);
        Assert.Equal(errors[0].Message.Replace(missing.ToString(), foreignNote.ToString()), errors[2].Message);
        Assert.Contains("is not a note of this tenant", errors[3].Message);
        Assert.Empty(Ok(await Comments.ListAsync(tenant.Member, new CommentListQuery { IncludeDeleted = true })).Items);
    }

    [Fact]
    public async Task UpdateAndPatch_NeverChangeTheParent()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = await EntityKits.NewNoteAsync(fixture, tenant.Owner);
        var comment = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note, Content = "x", Author = "Ann" }));

        var updated = Ok(await Comments.UpdateAsync(tenant.Member, comment.Uid, new CommentInput { Content = "y" }));
        var error = Invalid(await Comments.PatchAsync(tenant.Member, comment.Uid, TestJson.Parse($$"""{"parent_uid": "{{Guid.NewGuid()}}"}""")), "parent_uid");

        // The update replaced the comment whole: the author it was not given is the default a create gives, the caller's name.
        Assert.Equal(note, updated.ParentUid);
        Assert.Equal(tenant.Member.Actor.Name, updated.Author);
        Assert.Contains("parent_uid cannot be patched", error.Message);
    }

    [Fact]
    public async Task DeletingANote_DeletesItsLiveComments_AndRestoringBringsBackOnlyThose()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = await EntityKits.NewNoteAsync(fixture, tenant.Owner);
        var otherNote = await EntityKits.NewNoteAsync(fixture, tenant.Owner);
        var kept = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note, Content = "kept" }));
        var deletedEarlier = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note, Content = "deleted earlier" }));
        Ok(await Comments.DeleteAsync(tenant.Member, deletedEarlier.Uid));
        var elsewhere = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = otherNote, Content = "elsewhere" }));

        var deletedNote = Ok(await Notes.DeleteAsync(tenant.Member, note));
        var cascaded = Ok(await Comments.GetAsync(tenant.Member, kept.Uid, includeDeleted: true));
        Ok(await Notes.RestoreAsync(tenant.Member, note));

        Assert.Equal(deletedNote.DeletedAt, cascaded.DeletedAt);
        Assert.Equal(2, cascaded.Version);
        Assert.Equal(tenant.Member.Actor.Reference, cascaded.UpdatedBy);
        var restored = Ok(await Comments.GetAsync(tenant.Member, kept.Uid));
        Assert.Equal(3, restored.Version);
        Assert.NotNull(Ok(await Comments.GetAsync(tenant.Member, deletedEarlier.Uid, includeDeleted: true)).DeletedAt);
        Assert.Equal(1, Ok(await Comments.GetAsync(tenant.Member, elsewhere.Uid)).Version);
    }

    [Fact]
    public async Task Restore_CommentWhoseParentIsDeleted_IsRefusedUntilTheParentIsBack()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = await EntityKits.NewNoteAsync(fixture, tenant.Owner);
        var comment = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note, Content = "x" }));
        Ok(await Notes.DeleteAsync(tenant.Member, note));

        var refused = Invalid(await Comments.RestoreAsync(tenant.Member, comment.Uid), "parent_uid");
        Ok(await Notes.RestoreAsync(tenant.Member, note));

        Assert.Contains("restore the note first", refused.Message);
        Assert.Null(Ok(await Comments.GetAsync(tenant.Member, comment.Uid)).DeletedAt);
    }

    [Fact]
    public async Task List_FiltersByParentAndStatus()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = await EntityKits.NewNoteAsync(fixture, tenant.Owner);
        var task = await EntityKits.NewTaskAsync(fixture, tenant.Owner);
        var onNote = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note, Content = "n" }));
        var onTask = Ok(await Comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "task", ParentUid = task, Content = "t" }));
        Ok(await Comments.ProcessAsync(tenant.Member, onTask.Uid, "resolve"));

        Assert.Equal([onNote.Uid], Ok(await Comments.ListAsync(tenant.Member, new CommentListQuery { ParentUid = note })).Items.Select(c => c.Uid));
        Assert.Equal([onTask.Uid], Ok(await Comments.ListAsync(tenant.Member, new CommentListQuery { ParentType = "task" })).Items.Select(c => c.Uid));
        Assert.Equal([onTask.Uid], Ok(await Comments.ListAsync(tenant.Member, new CommentListQuery { Status = "resolved" })).Items.Select(c => c.Uid));
        Invalid(await Comments.ListAsync(tenant.Member, new CommentListQuery { ParentType = "chat" }), "parent_type");
    }
}
