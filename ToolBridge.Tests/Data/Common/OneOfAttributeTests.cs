using ToolBridge.Data;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Tests.Data.Common;

/// <summary>Allowed values come from the enums: a value added to one is accepted and named without another edit.</summary>
public sealed class OneOfAttributeTests
{
    [Fact]
    public void EnumNames_All_AreTheSnakeCaseNamesInDeclarationOrder()
    {
        Assert.Equal(["open", "in_progress", "completed", "archived"], EnumNames<WorkTaskStatus>.All);
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
}
