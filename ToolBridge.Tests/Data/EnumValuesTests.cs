using ToolBridge.Data;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Tests.Data;

/// <summary>Allowed values come from the enums: a value added to one is accepted and named without another edit.</summary>
public sealed class EnumValuesTests
{
    [Fact]
    public void Names_AreTheSnakeCaseNamesInDeclarationOrder()
    {
        Assert.Equal(["open", "in_progress", "completed", "archived"], EnumValues<WorkTaskStatus>.Names);
    }

    [Theory]
    [InlineData("open")]
    [InlineData("in_progress")]
    [InlineData(null)]
    public void OneOf_AnEnumNameOrNothing_IsValid(string? status)
    {
        Assert.Null(InputValidator.Validate(new TaskListQuery { Status = status }));
    }

    [Theory]
    [InlineData("In_Progress")]
    [InlineData("inprogress")]
    [InlineData("")]
    public void OneOf_AnythingElse_IsAValidationErrorNamingEveryValue(string status)
    {
        var error = InputValidator.Validate(new TaskListQuery { Status = status });

        Assert.NotNull(error);
        Assert.Equal(["status must be one of: open, in_progress, completed, archived"], error.Fields["status"]);
    }

    [Fact]
    public void OneOf_OnAnInputClass_ReadsItsOwnEnum()
    {
        var error = InputValidator.Validate(new CommentListQuery { ParentType = "chat" });

        Assert.NotNull(error);
        Assert.Equal(["parent_type must be one of: note, task"], error.Fields["parent_type"]);
    }
}
