using System.Text.Json.Nodes;
using ToolBridge.Web.Components.Pages.Activity;

namespace ToolBridge.Tests.Portal.Activity;

/// <summary>How times and changed values are worded on the Activity page.</summary>
public sealed class ActivityFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(59, "just now")]
    [InlineData(60, "1 min ago")]
    [InlineData(59 * 60, "59 min ago")]
    [InlineData(3 * 3600 + 10, "3 h ago")]
    [InlineData(30 * 3600, "yesterday")]
    [InlineData(3 * 86400, "3 days ago")]
    [InlineData(10 * 86400, "2026-11-14")]
    public void Relative_Age_IsWordedForPeople(int secondsAgo, string expected)
    {
        var at = Now.AddSeconds(-secondsAgo);

        var text = ActivityFormat.Relative(at, Now);

        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("\"plain text\"", "plain text")]
    [InlineData("42", "42")]
    [InlineData("true", "true")]
    [InlineData("[\"a\",\"b\"]", "[\"a\",\"b\"]")]
    [InlineData("{\"k\": \"é+1\"}", "{\"k\":\"é+1\"}")]
    public void Value_Json_IsShownCompactly(string json, string expected)
    {
        var node = JsonNode.Parse(json);

        var text = ActivityFormat.Value(node);

        Assert.Equal(expected, text);
    }

    [Fact]
    public void Value_None_IsNull()
    {
        var text = ActivityFormat.Value(null);

        Assert.Null(text);
    }
}
