using System.Text.Json;
using ToolBridge.Data;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Tests.Data.Common;

public sealed class JsonTests
{
    [Fact]
    public void Options_AreFrozenWithTheirResolver_SoLibrariesCannotTripOnThem()
    {
        Assert.True(Json.Options.IsReadOnly);
        Assert.NotNull(Json.Options.TypeInfoResolver);
    }

    [Fact]
    public void Serialize_UsesSnakeCaseNamesAndEnumValuesAndReadableText()
    {
        var json = JsonSerializer.Serialize(new { DueAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Status = WorkTaskStatus.InProgress, Title = "Café <b>" }, Json.Options);

        Assert.Equal("""{"due_at":"2026-01-02T03:04:05+00:00","status":"in_progress","title":"Café <b>"}""", json);
    }
}
