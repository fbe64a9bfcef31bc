using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Common;

/// <summary>The patch shape check and merge on their own, without a service or a database.</summary>
public sealed class EntityPatchTests
{
    [Fact]
    public void CheckShape_UnknownField_NamesThePatchableFieldsOfTheInput()
    {
        var error = EntityPatch<NoteInput>.CheckShape(TestJson.Parse("""{"title": "T", "colour": "red"}"""));

        Assert.NotNull(error);
        Assert.Equal(["colour"], error.Fields.Keys);
        Assert.Equal("colour cannot be patched (patchable fields: title, content, tags, extra)", error.Fields["colour"].Single());
    }

    [Fact]
    public void Merge_NamedFields_ReplacesThemAndLeavesTheCurrentInputAlone()
    {
        var current = new NoteInput { Title = "T", Content = "C", Tags = ["a"] };

        var merged = EntityPatch<NoteInput>.Merge(current, TestJson.Parse("""{"content": null, "tags": ["b", "c"]}"""));

        Assert.True(merged.IsSuccess);
        Assert.Equal("T", merged.Value.Title);
        Assert.Null(merged.Value.Content);
        Assert.Equal(["b", "c"], merged.Value.Tags);
        Assert.Equal("C", current.Content);
        Assert.Equal(["a"], current.Tags);
    }
}
