using System.Net;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Web;

public sealed class HomePageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Get_Root_AnswersHtmlNamingToolBridge()
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>ToolBridge</title>", html);
        Assert.Contains("<h1>ToolBridge</h1>", html);
    }
}
