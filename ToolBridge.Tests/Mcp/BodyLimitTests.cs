using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// The 1 MB ceiling on <c>/mcp</c> request bodies (mcp.md §1) on real Kestrel, where it matters: with a Content-Length
/// and chunked without one (which only the server's body-size check can stop), exactly at the ceiling and one byte past.
/// </summary>
public sealed class BodyLimitTests(BodyLimitTests.Fixture app, ITestOutputHelper output) : IClassFixture<BodyLimitTests.Fixture>
{
    private const int OneMegabyte = 1024 * 1024;

    public sealed class Fixture : McpAppFixture
    {
        protected override bool OnKestrel => true;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_AtAndPastOneMegabyte_RunsTheToolAtTheLimitAndIs413JsonPastIt(bool chunked)
    {
        var tenant = await app.NewTenantAsync();
        var secret = (await app.IssueAsync(tenant.Member)).Secret;
        var clock = Stopwatch.StartNew();

        var atLimit = await PostAsync(secret, CreateNoteRequest("At the limit", OneMegabyte), chunked);
        var onePast = await PostAsync(secret, CreateNoteRequest("One past", OneMegabyte + 1), chunked);
        var farPast = await PostAsync(secret, CreateNoteRequest("Far past", 8 * OneMegabyte), chunked);

        Assert.Equal(200, atLimit.Status);
        foreach (var refused in new[] { onePast, farPast })
        {
            Assert.Equal(413, refused.Status);
            Assert.StartsWith("application/json", refused.ContentType);
            using var json = JsonDocument.Parse(refused.Body);
            Assert.Equal("payload_too_large", json.RootElement.GetProperty("error").GetString());
            Assert.Contains($"{OneMegabyte} bytes", json.RootElement.GetProperty("error_description").GetString());
        }

        await using var client = await app.ConnectAsync(secret);
        var notes = (await client.CallAsync("list_notes")).ContentOf().GetProperty("items").EnumerateArray();
        Assert.Equal(["At the limit"], notes.Select(n => n.GetProperty("title").GetString()));
        output.WriteLine($"limits: /mcp bodies {(chunked ? "chunked" : "with Content-Length")}: 1 MB accepted, 1 MB + 1 and 8 MB refused with 413 JSON, in {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>
    /// A POST over a plain socket, which reads the answer even when the server refuses the body before it has all of it
    /// and stops reading (an HTTP client would report the broken pipe instead). The body goes chunked or with a length.
    /// </summary>
    private async Task<(int Status, string ContentType, string Body)> PostAsync(string secret, string json, bool chunked)
    {
        var address = app.Factory.CreateClient().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST /mcp HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
            + $"MCP-Protocol-Version: 2025-06-18\r\nAuthorization: Bearer {secret}\r\nConnection: close\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : $"Content-Length: {body.Length}\r\n\r\n");
        var sending = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                foreach (var chunk in body.Chunk(64 * 1024))
                {
                    await stream.WriteAsync(chunked ? [.. Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"), .. chunk, .. "\r\n"u8] : chunk);
                }

                await stream.WriteAsync(chunked ? "0\r\n\r\n"u8.ToArray() : []);
            }
            catch (IOException)
            {
                // The server answered and closed before taking the whole body.
            }
        });

        using var response = new MemoryStream();
        await stream.CopyToAsync(response).WaitAsync(TimeSpan.FromSeconds(30));
        await sending;
        return Parse(Encoding.UTF8.GetString(response.ToArray()));
    }

    /// <summary>Status, content type and body (de-chunked) of a raw HTTP/1.1 response.</summary>
    private static (int Status, string ContentType, string Body) Parse(string response)
    {
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no HTTP response: {response[..Math.Min(200, response.Length)]}");
        var headers = response[..split].Split("\r\n");
        var body = response[(split + 4)..];
        string Header(string name) => headers.Skip(1).Select(h => h.Split(':', 2)).Where(h => h[0].Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h[1].Trim()).FirstOrDefault() ?? "";
        if (Header("Transfer-Encoding") == "chunked")
        {
            var text = new StringBuilder();
            for (var at = 0; ;)
            {
                var line = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = Convert.ToInt32(body[at..line], 16);
                if (size == 0)
                {
                    break;
                }

                text.Append(body, line + 2, size);
                at = line + 2 + size + 2;
            }

            body = text.ToString();
        }

        return (int.Parse(headers[0].Split(' ')[1]), Header("Content-Type"), body);
    }

    /// <summary>A create_note call padded through <c>_meta</c> to exactly <paramref name="bytes"/> bytes of UTF-8.</summary>
    private static string CreateNoteRequest(string title, int bytes)
    {
        string Build(int padding) => JsonSerializer.Serialize(new
        {
            jsonrpc = "2.0",
            id = 2,
            method = "tools/call",
            @params = new { name = "create_note", arguments = new { title }, _meta = new { padding = new string('x', padding) } },
        });

        var json = Build(bytes - Encoding.UTF8.GetByteCount(Build(0)));
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(json));
        return json;
    }
}
