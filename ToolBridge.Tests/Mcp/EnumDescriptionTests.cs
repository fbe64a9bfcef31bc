using ToolBridge.Data.Comments;
using ToolBridge.Data.Tasks;
using ToolBridge.Web.Mcp.Tools;

namespace ToolBridge.Tests.Mcp;

public sealed class EnumDescriptionTests
{
    [Fact]
    public void Description_NamesTheEnumsValuesAsAlternativesWhereTheTextSaysSo()
    {
        Assert.Equal("Only tasks with this status: open, in_progress, completed or archived.",
            new EnumDescriptionAttribute<WorkTaskStatus>("Only tasks with this status: " + ToolText.Values + ".").Description);
        Assert.Equal("What the comment is on: note or task.", new EnumDescriptionAttribute<CommentParentType>("What the comment is on: " + ToolText.Values + ".").Description);
    }
}
