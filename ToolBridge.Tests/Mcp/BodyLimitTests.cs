using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// The 1 MB ceiling on request bodies (docs/mcp-endpoint.md for <c>/mcp</c>; the portal's form posts are far smaller) on real
/// Kestrel, where it matters: with a Content-Length and chunked without one (which only the server's body-size check can
/// stop), exactly at the ceiling and one byte past.
/// </summary>
public sealed class BodyLimitTests(BodyLimitTests.Fixture app, ITestOutputHelper output) : IClassFixture<BodyLimitTests.Fixture>
{
    private const int OneMegabyte = 1024 * 1024;

    public sealed class Fixture : McpAppFixture
    {
        public LogCapture Logs { get; } = new();

        protected override bool OnKestrel => true;

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_AtAndPastOneMegabyte_RunsTheToolAtTheLimitAndIs413JsonPastIt(bool chunked)
    {
        var tenant = await app.NewTenantAsync();
        var secret = (await app.IssueAsync(tenant.Member)).Secret;
        var clock = Stopwatch.StartNew();

        var atLimit = await PostAsync(secret, McpAppFixture.CreateNoteRequest("At the limit", OneMegabyte), chunked);
        var onePast = await PostAsync(secret, McpAppFixture.CreateNoteRequest("One past", OneMegabyte + 1), chunked);
        var farPast = await PostAsync(secret, McpAppFixture.CreateNoteRequest("Far past", 8 * OneMegabyte), chunked);

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

    [Fact]
    public async Task PortalFormPost_PastOneMegabyte_Is413AndLogsNoError()
    {
        var clock = Stopwatch.StartNew();
        app.Logs.Entries.Clear();

        // Sign-out takes anonymous posts (it refuses them for their missing antiforgery token), so anyone can send one.
        var atLimit = await PostAsync("/auth/logout", null, Form(OneMegabyte), chunked: false, "application/x-www-form-urlencoded");
        var onePast = await PostAsync("/auth/logout", null, Form(OneMegabyte + 1), chunked: false, "application/x-www-form-urlencoded");
        var chunkedPast = await PostAsync("/auth/logout", null, Form(8 * OneMegabyte), chunked: true, "application/x-www-form-urlencoded");
        var page = await PostAsync("/", null, Form(8 * OneMegabyte), chunked: false, "application/x-www-form-urlencoded");
        var manyFields = await PostAsync("/auth/logout", null, string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=x")), chunked: false, "application/x-www-form-urlencoded");

        Assert.Equal(400, atLimit.Status);
        Assert.Contains("Sign-out did not complete", atLimit.Body);
        Assert.Equal(413, onePast.Status);
        Assert.Equal(413, chunkedPast.Status);
        Assert.True(page.Status is 302 or 413, $"an anonymous post to a page: {page.Status}");
        Assert.Equal(400, manyFields.Status);
        Assert.Contains("Sign-out did not complete", manyFields.Body);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= LogLevel.Error);
        output.WriteLine($"limits: portal form posts (sign-out, pages): 1 MB read and refused for its token, 1 MB + 1 and 8 MB chunked refused with 413, a form of 2,000 fields refused for its token, no error logged, in {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>A form of one field, exactly <paramref name="bytes"/> long.</summary>
    private static string Form(int bytes) => "field=" + new string('x', bytes - "field=".Length);

    /// <summary>
    /// A POST over a plain socket, which reads the answer even when the server refuses the body before it has all of it
    /// and stops reading (an HTTP client would report the broken pipe instead). The body goes chunked or with a length.
    /// </summary>
    private Task<(int Status, string ContentType, string Body)> PostAsync(string secret, string json, bool chunked) =>
        PostAsync("/mcp", secret, json, chunked, "application/json");

    private async Task<(int Status, string ContentType, string Body)> PostAsync(string path, string? secret, string json, bool chunked, string contentType)
    {
        var address = app.Factory.CreateClient().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: {contentType}\r\nAccept: application/json, text/event-stream\r\n"
            + $"MCP-Protocol-Version: 2025-06-18\r\n{(secret is null ? "" : $"Authorization: Bearer {secret}\r\n")}Connection: close\r\n"
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
        return Parse(response.ToArray());
    }

    /// <summary>Status, content type and body (de-chunked) of a raw HTTP/1.1 response.</summary>
    private static (int Status, string ContentType, string Body) Parse(byte[] response)
    {
        var split = response.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(split > 0, $"no HTTP response: {Encoding.UTF8.GetString(response[..Math.Min(200, response.Length)])}");
        var headers = Encoding.ASCII.GetString(response[..split]).Split("\r\n");
        var body = response[(split + 4)..];
        string Header(string name) => headers.Skip(1).Select(h => h.Split(':', 2)).Where(h => h[0].Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h[1].Trim()).FirstOrDefault() ?? "";
        if (Header("Transfer-Encoding") == "chunked")
        {
            var data = new MemoryStream();
            for (var at = 0; ;)
            {
                var line = at + body.AsSpan(at).IndexOf("\r\n"u8);
                var size = Convert.ToInt32(Encoding.ASCII.GetString(body[at..line]), 16);
                if (size == 0)
                {
                    break;
                }

                data.Write(body, line + 2, size);
                at = line + 2 + size + 2;
            }

            body = data.ToArray();
        }

        return (int.Parse(headers[0].Split(' ')[1]), Header("Content-Type"), Encoding.UTF8.GetString(body));
    }
}
