using ToolBridge.Data;

namespace ToolBridge.Tests.Data;

/// <summary>The shared serializer options: libraries given them must find nothing left to fill in.</summary>
public sealed class JsonOptionsTests
{
    [Fact]
    public void CreateOptions_ForTheSharedInstance_IsReadOnlyWithItsResolverSet()
    {
        var options = Json.CreateOptions();

        Assert.True(options.IsReadOnly);
        Assert.NotNull(options.TypeInfoResolver);
    }
}
