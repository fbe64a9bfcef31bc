using System.Net;
using System.Text.Json.Nodes;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>Requests the MCP client never sends, as raw POSTs: each gets a specific answer, never a server error.</summary>
public sealed class MalformedRequestTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    [Theory]
    [InlineData("get_note", "uid", "\\ud800")]
    [InlineData("create_note", "title", "x\\udc00y")]
    [InlineData("list_notes", "query", "\\ud800")]
    [InlineData("list_tasks", "due_before", "2026\\ud800")]
    public async Task ArgumentWithALoneSurrogate_IsInvalidParamsNamingIt(string tool, string argument, string escaped)
    {
        var secret = await SecretAsync();
        var body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{\"" + argument + "\":\"" + escaped + "\"}}}";

        using var response = await app.PostAsync(secret, body);
        var message = Message(await response.Content.ReadAsStringAsync());

        Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, response.StatusCode.ToString());
        Assert.True((int?)message?["error"]?["code"] == -32602, message?.ToJsonString());
        Assert.Contains($"params.arguments.{argument}", (string?)message!["error"]!["message"]);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_note","arguments":[1,2]}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_note","arguments":"uid"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":[]}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":12}}""")]
    public async Task ParamsOfTheWrongShape_AreInvalidParams(string body)
    {
        var secret = await SecretAsync();

        using var response = await app.PostAsync(secret, body);
        var message = Message(await response.Content.ReadAsStringAsync());

        Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, response.StatusCode.ToString());
        Assert.True((int?)message?["error"]?["code"] == -32602, message?.ToJsonString());
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":5,"capabilities":[],"clientInfo":null}}""")]
    public async Task InitializeWithParamsThatAreNotAnInitializeRequest_IsABadRequest(string body)
    {
        var secret = await SecretAsync();

        using var response = await app.PostAsync(secret, body);
        var message = Message(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32602, (int?)message?["error"]?["code"]);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(secret, McpAppFixture.ToolsListRequest)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task PostWithoutAContentType_IsUnsupportedMediaType(string? contentType)
    {
        var secret = await SecretAsync();
        using var http = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(McpAppFixture.ToolsListRequest)) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    /// <summary>The JSON-RPC message of a reply sent as JSON or as one server-sent event.</summary>
    private static JsonNode? Message(string text)
    {
        var json = text.TrimStart().StartsWith("event:", StringComparison.Ordinal)
            ? string.Concat(text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()))
            : text;
        return JsonNode.Parse(json);
    }

    private async Task<string> SecretAsync()
    {
        var tenant = await app.NewTenantAsync();
        return (await app.IssueAsync(tenant.Member)).Secret;
    }
}
