using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// Generated hostile input against the real endpoint: for every tool in <c>tools/list</c>, argument sets derived from
/// its input schema, and malformed JSON-RPC requests. Every reply must be a success, a tool error of a specific kind,
/// a JSON-RPC error or a 4xx: never a 5xx, an <c>internal</c> error or a dropped connection. The seed is printed;
/// <c>TOOLBRIDGE_FUZZ_SEED</c> replays a run and <c>TOOLBRIDGE_FUZZ_CASES</c> sets the argument sets per tool.
/// </summary>
public sealed class FuzzTests(UnthrottledMcpAppFixture app, ITestOutputHelper output) : IClassFixture<UnthrottledMcpAppFixture>
{
    private const int Parallelism = 8;
    private static readonly string[] SpecificKinds = ["validation", "not_found", "gone", "conflict", "invalid_transition", "forbidden"];

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("TOOLBRIDGE_FUZZ_SEED"), out var seed) ? seed : 12345;

    private static int CasesPerTool => int.TryParse(Environment.GetEnvironmentVariable("TOOLBRIDGE_FUZZ_CASES"), out var cases) ? cases : 300;

    [Fact]
    public async Task EveryTool_GeneratedArguments_AreAnsweredWithASpecificErrorOrASuccess()
    {
        var started = Stopwatch.StartNew();
        var seed = Seed;
        output.WriteLine($"fuzz: seed {seed} (set TOOLBRIDGE_FUZZ_SEED to replay), {CasesPerTool} cases per tool");
        var tenant = await app.NewTenantAsync("Fuzz");
        var secret = (await app.IssueAsync(tenant.Member)).Secret;
        using var http = app.Factory.CreateClient();
        var seeds = await SeedAsync(http, secret);
        var tools = (await CallAsync(http, secret, Request("tools/list", new JsonObject()))).Json!["result"]!["tools"]!.AsArray()
            .Select(t => (Name: (string)t!["name"]!, Schema: t["inputSchema"]!.AsObject()))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(tools);

        var cases = new List<(string Tool, string Body)>();
        foreach (var (name, schema) in tools)
        {
            // One generator per tool, seeded from the run's seed and the tool's name, so a tool's cases replay alone.
            var generator = new ArgumentGenerator(new Random(HashCode.Combine(seed, StableHash(name))), schema, seeds);
            for (var i = 0; i < CasesPerTool; i++)
            {
                cases.Add((name, generator.Next(name)));
            }
        }

        var failures = await RunAsync(cases.Select(c => (c.Tool, (Func<Task<Reply>>)(() => CallRawAsync(http, secret, c.Body)), c.Body)), CheckToolReply);
        await AssertAliveAsync(http, secret);
        Report("tools", cases.Count, failures, seed, started.Elapsed);
    }

    [Fact]
    public async Task MalformedJsonRpc_IsAnsweredWithAJsonRpcErrorOrA4xx()
    {
        var started = Stopwatch.StartNew();
        var seed = Seed;
        output.WriteLine($"fuzz: seed {seed} (set TOOLBRIDGE_FUZZ_SEED to replay)");
        var tenant = await app.NewTenantAsync("Fuzz protocol");
        var secret = (await app.IssueAsync(tenant.Member)).Secret;
        using var http = app.Factory.CreateClient();
        var random = new Random(seed);
        var cases = new List<(string What, Func<Task<Reply>> Send, string Body)>();
        for (var i = 0; i < 400; i++)
        {
            var (what, body, contentType, headers, method) = RawRequest.Next(random, i);
            cases.Add((what, () => SendAsync(http, secret, method, body, contentType, headers), Encoding.UTF8.GetString(body)));
        }

        var failures = await RunAsync(cases, CheckProtocolReply);
        await AssertAliveAsync(http, secret);
        Report("protocol", cases.Count, failures, seed, started.Elapsed);
    }

    private void Report(string category, int count, IReadOnlyList<string> failures, int seed, TimeSpan elapsed)
    {
        output.WriteLine($"fuzz: {category} {count} cases, {failures.Count} failures, seed {seed}, {elapsed.TotalSeconds:F1} s");
        foreach (var failure in failures.Take(25))
        {
            output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, $"fuzz: {category} {failures.Count} of {count} cases failed (seed {seed}); first: {failures.FirstOrDefault()}");
    }

    private static async Task<IReadOnlyList<string>> RunAsync(IEnumerable<(string What, Func<Task<Reply>> Send, string Body)> cases, Func<Reply, string?> check)
    {
        var failures = new ConcurrentQueue<string>();
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(cases.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                Reply reply;
                try
                {
                    reply = await c.Send();
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
                {
                    failures.Enqueue($"{c.What}: connection dropped ({exception.GetType().Name}: {exception.Message}) for {Shorten(c.Body)}");
                    return;
                }
                catch (Exception exception)
                {
                    // The in-memory server hands an unhandled exception to the caller: on a real server it is a 500.
                    failures.Enqueue($"{c.What}: server error ({exception.GetType().Name}: {exception.Message}) for {Shorten(c.Body)}");
                    return;
                }

                if (check(reply) is { } problem)
                {
                    failures.Enqueue($"{c.What}: {problem} for {Shorten(c.Body)} -> {(int)reply.Status} {Shorten(reply.Text)}");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. failures];
    }

    /// <summary>A tools/call answer: 4xx, a JSON-RPC error other than internal, a success, or a tool error of a specific kind.</summary>
    private static string? CheckToolReply(Reply reply)
    {
        if (CheckProtocolReply(reply) is { } problem)
        {
            return problem;
        }

        if ((int)reply.Status >= 400 || reply.Json is not JsonObject message || message["error"] is not null)
        {
            return (int)reply.Status >= 400 || reply.Json is JsonObject ? null : "a reply that is not one JSON-RPC message";
        }

        var result = message["result"];
        if (result is null)
        {
            return "no result";
        }

        if (result["isError"]?.GetValue<bool>() != true)
        {
            return null;
        }

        var text = result["content"]?.AsArray().Select(c => (string?)c?["text"]).FirstOrDefault();
        try
        {
            var kind = (string?)JsonNode.Parse(text ?? "")?["error"];
            return SpecificKinds.Contains(kind) ? null : $"tool error of kind {kind ?? "none"}";
        }
        catch (JsonException)
        {
            return "tool error that is not a ToolBridge error object";
        }
    }

    /// <summary>Any answer: no 5xx, and a JSON-RPC error is never the server's own internal error.</summary>
    private static string? CheckProtocolReply(Reply reply)
    {
        if ((int)reply.Status >= 500)
        {
            return $"status {(int)reply.Status}";
        }

        // A batch is answered (if at all) with one message per request: none may be the server's internal error.
        var messages = reply.Json switch
        {
            JsonObject message => [message],
            JsonArray batch => batch.OfType<JsonObject>().ToList(),
            _ => new List<JsonObject>(),
        };
        return messages.Any(m => m["error"] is JsonObject error && error["code"] is JsonValue code && code.TryGetValue<int>(out var number) && number == -32603)
            ? "JSON-RPC internal error"
            : null;
    }

    private async Task AssertAliveAsync(HttpClient http, string secret)
    {
        var live = await http.GetAsync("/health/live");
        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        var health = await CallAsync(http, secret, Request("tools/call", new JsonObject { ["name"] = "health_check", ["arguments"] = new JsonObject() }));
        Assert.True(health.Json?["result"]?["isError"]?.GetValue<bool>() != true, health.Text);
    }

    /// <summary>A few items of each kind, so generated uids and cursors can name things that exist.</summary>
    private static async Task<Seeds> SeedAsync(HttpClient http, string secret)
    {
        async Task<string> Create(string tool, JsonObject args)
        {
            var reply = await CallAsync(http, secret, Request("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = args }));
            return (string)reply.Json!["result"]!["structuredContent"]!["uid"]!;
        }

        var uids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var note = await Create("create_note", new JsonObject { ["title"] = $"Seed note {i}", ["tags"] = new JsonArray("seed") });
            var task = await Create("create_task", new JsonObject { ["title"] = $"Seed task {i}" });
            var chat = await Create("create_chat", new JsonObject { ["title"] = $"Seed chat {i}" });
            uids.AddRange([note, task, chat,
                await Create("create_comment", new JsonObject { ["parent_type"] = "note", ["parent_uid"] = note, ["content"] = "Seed comment" }),
                await Create("create_chat_message", new JsonObject { ["chat_uid"] = chat, ["content"] = "Seed message" })]);
        }

        var cursors = new List<string>();
        foreach (var list in new[] { "list_notes", "list_tasks", "list_comments", "list_chats", "list_chat_messages" })
        {
            var reply = await CallAsync(http, secret, Request("tools/call", new JsonObject { ["name"] = list, ["arguments"] = new JsonObject { ["limit"] = 1 } }));
            if ((string?)reply.Json?["result"]?["structuredContent"]?["next_cursor"] is { } cursor)
            {
                cursors.Add(cursor);
            }
        }

        return new Seeds(uids, cursors);
    }

    private static string Request(string method, JsonObject parameters) =>
        new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters }.ToJsonString();

    private static Task<Reply> CallAsync(HttpClient http, string secret, string body) => CallRawAsync(http, secret, body);

    private static Task<Reply> CallRawAsync(HttpClient http, string secret, string body) =>
        SendAsync(http, secret, HttpMethod.Post, Encoding.UTF8.GetBytes(body), "application/json", RawRequest.StandardHeaders);

    private static async Task<Reply> SendAsync(HttpClient http, string secret, HttpMethod method, byte[] body, string? contentType, IReadOnlyList<(string Name, string Value)> headers)
    {
        using var request = new HttpRequestMessage(method, "/mcp");
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, text, ParseBody(text));
    }

    /// <summary>The JSON-RPC message of a reply, whether sent as JSON or as one server-sent event.</summary>
    private static JsonNode? ParseBody(string text)
    {
        var json = text.TrimStart().StartsWith("event:", StringComparison.Ordinal) || text.TrimStart().StartsWith("data:", StringComparison.Ordinal)
            ? string.Concat(text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()))
            : text;
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"… ({text.Length} chars)";

    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c));

    private sealed record Reply(System.Net.HttpStatusCode Status, string Text, JsonNode? Json);

    private sealed record Seeds(IReadOnlyList<string> Uids, IReadOnlyList<string> Cursors);

    /// <summary>Argument sets for one tool: a plausible call with one to three arguments made hostile, or worse.</summary>
    private sealed class ArgumentGenerator(Random random, JsonObject schema, Seeds seeds)
    {
        private readonly Dictionary<string, JsonObject> _properties = (schema["properties"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value!.AsObject()) ?? [];
        private readonly string[] _required = (schema["required"] as JsonArray)?.Select(r => (string)r!).ToArray() ?? [];

        public string Next(string tool)
        {
            var id = random.Next(2) == 0 ? (JsonNode)random.Next(1, 1_000_000) : $"fuzz-{random.Next()}";
            JsonNode? arguments = random.Next(40) switch
            {
                0 => null,
                1 => new JsonArray(1, 2),
                2 => "arguments",
                _ => Arguments(),
            };
            var parameters = new JsonObject { ["name"] = tool };
            if (arguments is not null || random.Next(2) == 0)
            {
                parameters["arguments"] = arguments;
            }

            return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call", ["params"] = parameters }.ToJsonString()
                .Replace(Values.LoneHigh, "\\ud800", StringComparison.Ordinal).Replace(Values.LoneLow, "\\udc00", StringComparison.Ordinal);
        }

        private JsonObject Arguments()
        {
            var args = new JsonObject();
            foreach (var (name, property) in _properties)
            {
                if (_required.Contains(name) || random.Next(3) == 0)
                {
                    args[name] = Plausible(name, property);
                }
            }

            var names = _properties.Keys.ToList();
            for (var i = random.Next(1, 4); i > 0 && names.Count > 0; i--)
            {
                var name = names[random.Next(names.Count)];
                switch (random.Next(10))
                {
                    case 0:
                        args.Remove(name);
                        break;
                    case 1:
                        args[name] = null;
                        break;
                    case 2 or 3:
                        args[name] = Values.Any(random, seeds);
                        break;
                    default:
                        args[name] = Hostile(name, _properties[name]);
                        break;
                }
            }

            if (random.Next(8) == 0)
            {
                args[random.Next(3) switch { 0 => "tenant_id", 1 => "user", _ => $"unknown_{random.Next(100)}" }] = Values.Any(random, seeds);
            }

            return args;
        }

        private JsonNode? Plausible(string name, JsonObject property)
        {
            var (type, format) = TypeOf(property);
            return (type, format, name) switch
            {
                ("string", "uuid", _) => random.Next(4) == 0 ? Guid.NewGuid().ToString() : seeds.Uids[random.Next(seeds.Uids.Count)],
                ("string", "date-time", _) => "2030-01-31T17:00:00Z",
                (_, _, "parent_type") => random.Next(2) == 0 ? "note" : "task",
                (_, _, "action") => Values.Actions[random.Next(Values.Actions.Length)],
                (_, _, "status") => Values.Statuses[random.Next(Values.Statuses.Length)],
                (_, _, "priority") => Values.Priorities[random.Next(Values.Priorities.Length)],
                (_, _, "cursor") => seeds.Cursors.Count > 0 ? seeds.Cursors[random.Next(seeds.Cursors.Count)] : null,
                ("string", _, _) => $"fuzz {name}",
                ("integer", _, "limit") => random.Next(1, 20),
                ("integer", _, _) => random.Next(1, 8),
                ("number", _, _) => random.NextDouble(),
                ("boolean", _, _) => random.Next(2) == 0,
                ("array", _, _) => new JsonArray("a", "b"),
                ("object", _, "patch") => new JsonObject { ["title"] = "Patched", ["content"] = "Patched" },
                ("object", _, _) => new JsonObject { ["k"] = "v" },
                _ => null,
            };
        }

        private JsonNode? Hostile(string name, JsonObject property)
        {
            var (type, format) = TypeOf(property);
            return (type, format) switch
            {
                ("string", "uuid") => Values.Uid(random, seeds),
                ("string", "date-time") => Values.Timestamps[random.Next(Values.Timestamps.Length)],
                ("string", _) when name == "cursor" => Values.Cursor(random, seeds),
                ("string", _) => Values.Text(random),
                ("integer", _) or ("number", _) => Values.Number(random),
                ("boolean", _) => Values.Any(random, seeds),
                ("array", _) => Values.List(random, seeds),
                ("object", _) => Values.Object(random, seeds),
                _ => Values.Any(random, seeds),
            };
        }

        private static (string Type, string? Format) TypeOf(JsonObject property)
        {
            var type = property["type"] switch
            {
                JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
                JsonValue value => (string?)value,
                _ => null,
            };
            return (type ?? "any", (string?)property["format"]);
        }
    }

    /// <summary>The hostile values the generator draws from.</summary>
    private static class Values
    {
        /// <summary>Stand-ins for lone surrogates, which a JSON writer refuses to write: replaced by their escapes in the request text.</summary>
        public const string LoneHigh = "LONE_HIGH_SURROGATE_7f3a";
        public const string LoneLow = "LONE_LOW_SURROGATE_7f3a";

        public static readonly string[] Actions = ["pin", "unpin", "archive", "unarchive", "start", "complete", "reopen", "cancel", "resolve", "mark_read", "mark_delivered", "teleport", ""];
        public static readonly string[] Statuses = ["active", "archived", "open", "done", "in_progress", "resolved", "deleted", "ACTIVE", ""];
        public static readonly string[] Priorities = ["low", "medium", "high", "urgent", "HIGH", ""];

        public static readonly string[] Timestamps =
        [
            "2030-01-31T17:00:00Z", "12/31/2026", "31.12.2026", "2026-13-45T99:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00",
            "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "-0001-01-01T00:00:00Z", "2026-01-31", "2026-01-31T17:00:00", "2026-01-31 17:00:00Z",
            "2026-W05-6", "now", "", "2026-01-31T17:00:00.123456789012Z", "2026-02-30T00:00:00Z", "+002026-01-31T17:00:00Z", "1e10", "Tue, 31 Jan 2026 17:00:00 GMT",
        ];

        public static JsonNode? Any(Random random, Seeds seeds) => random.Next(8) switch
        {
            0 => Number(random),
            1 => Text(random),
            2 => List(random, seeds),
            3 => Object(random, seeds),
            4 => random.Next(2) == 0,
            5 => Uid(random, seeds),
            6 => null,
            _ => Cursor(random, seeds),
        };

        public static JsonNode Number(Random random) => random.Next(16) switch
        {
            0 => 0,
            1 => -1,
            2 => int.MaxValue,
            3 => (long)int.MaxValue + 1,
            4 => int.MinValue,
            5 => (long)int.MinValue - 1,
            6 => long.MaxValue,
            7 => long.MinValue,
            8 => JsonNode.Parse("99999999999999999999999999999")!,
            9 => JsonNode.Parse("1e308")!,
            10 => JsonNode.Parse("-1e308")!,
            11 => 1.5,
            12 => JsonNode.Parse("1000000000000")!,
            13 => JsonNode.Parse("1E2")!,
            14 => JsonNode.Parse("-0")!,
            _ => random.Next(-1000, 1000),
        };

        public static JsonNode Text(Random random) => random.Next(16) switch
        {
            0 => "",
            1 => " ",
            2 => "\u0000",
            3 => "a\u0000b",
            4 => LoneHigh,
            5 => $"x{LoneLow}y",
            6 => "\u202eevil\u202c",
            7 => "\u200f\u05e9\u05dc\u05d5\u05dd",
            8 => new string('x', 501),
            9 => new string('x', 20_001),
            10 => new string('y', 200_001),
            11 => string.Concat(Enumerable.Repeat("🙂", 300)),
            12 => "'; DROP TABLE notes; --",
            13 => "%s%n{0}${x}",
            14 => "\r\n\t",
            _ => $"fuzz {random.Next()}",
        };

        public static JsonNode? Uid(Random random, Seeds seeds)
        {
            var uid = random.Next(3) == 0 ? Guid.NewGuid() : Guid.Parse(seeds.Uids[random.Next(seeds.Uids.Count)]);
            return random.Next(13) switch
            {
                0 => uid.ToString("D"),
                1 => uid.ToString("N"),
                2 => uid.ToString("B"),
                3 => uid.ToString("P"),
                4 => uid.ToString("X"),
                5 => uid.ToString("D").ToUpperInvariant(),
                6 => $" {uid:D} ",
                7 => uid.ToString("D")[..35],
                8 => uid.ToString("D") + "0",
                9 => Guid.Empty.ToString(),
                10 => "ffffffff-ffff-ffff-ffff-ffffffffffff",
                11 => uid.ToString("D").Replace('-', '_'),
                _ => $"urn:uuid:{uid:D}",
            };
        }

        public static JsonNode Cursor(Random random, Seeds seeds)
        {
            static string Encode(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
            var real = seeds.Cursors.Count > 0 ? seeds.Cursors[random.Next(seeds.Cursors.Count)] : Encode("note.1.1");
            string[] entities = ["note", "task", "comment", "chat", "chat_message", "tenant", ""];
            var entity = entities[random.Next(entities.Length)];
            return random.Next(16) switch
            {
                0 => real,
                1 => real[..Math.Max(1, real.Length / 2)],
                2 => real[..^1],
                3 => real + "A",
                4 => Encode($"{entity}.{long.MaxValue}.{long.MaxValue}"),
                5 => Encode($"{entity}.99999999999999999999.1"),
                6 => Encode($"{entity}.-1.-1"),
                7 => Encode($"{entity}.0.0"),
                8 => Encode($"{entity}.1.{long.MaxValue}"),
                9 => Encode($"{entity}.{long.MaxValue}.1"),
                10 => Encode($"{entity}.1"),
                11 => Encode($"{entity}.1.2.3"),
                12 => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{entity}.1.1")),
                13 => new string('A', 201),
                14 => "%%%not-a-cursor",
                _ => Encode($"{entity}.{random.NextInt64()}.{random.NextInt64()}"),
            };
        }

        public static JsonNode List(Random random, Seeds seeds) => random.Next(6) switch
        {
            0 => new JsonArray(),
            1 => new JsonArray([.. Enumerable.Range(0, 1000).Select(i => (JsonNode)$"t{i}")]),
            2 => new JsonArray(Text(random), Text(random)),
            3 => new JsonArray(1, null, true),
            4 => new JsonArray(new JsonArray(new JsonArray())),
            _ => new JsonArray(Uid(random, seeds)),
        };

        public static JsonNode Object(Random random, Seeds seeds)
        {
            switch (random.Next(7))
            {
                case 0:
                    return new JsonObject();
                case 1:
                    {
                        JsonNode deep = "bottom";
                        for (var i = 0; i < (random.Next(2) == 0 ? 200 : 60); i++)
                        {
                            deep = new JsonObject { ["d"] = deep };
                        }

                        return new JsonObject { ["deep"] = deep };
                    }

                case 2:
                    return new JsonObject(Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)i)));
                case 3:
                    return new JsonObject { ["title"] = Text(random), ["content"] = Text(random), ["tags"] = List(random, seeds) };
                case 4:
                    return new JsonObject { ["version"] = 9, ["uid"] = Guid.NewGuid().ToString(), ["tenant_id"] = Guid.NewGuid().ToString(), ["deleted_at"] = null };
                case 5:
                    return new JsonObject { [""] = 1, ["\u0000"] = "nul", [LoneHigh] = LoneLow, ["status"] = "archived", ["due_at"] = "12/31/2026", ["parent_task_uid"] = Uid(random, seeds) };
                default:
                    return new JsonObject { ["extra"] = new JsonObject { ["a"] = new JsonArray(1, 2) }, ["priority"] = Number(random), ["title"] = null };
            }
        }
    }

    /// <summary>Requests that are wrong at the HTTP or JSON-RPC level.</summary>
    private static class RawRequest
    {
        public static readonly (string Name, string Value)[] StandardHeaders =
            [("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "2025-06-18")];

        private static readonly string[] Bodies =
        [
            "", "{", "}", "[", "null", "true", "123", "\"text\"", "[]", "{}", "{\"jsonrpc\":\"2.0\"}",
            """{"jsonrpc":"1.0","id":1,"method":"tools/list"}""",
            """{"jsonrpc":2,"id":1,"method":"tools/list"}""",
            """{"id":1,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":1,"method":"no/such/method"}""",
            """{"jsonrpc":"2.0","id":1,"method":null}""",
            """{"jsonrpc":"2.0","id":1,"method":123}""",
            """{"jsonrpc":"2.0","id":1,"method":""}""",
            """{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":[1],"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":null,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":99999999999999999999999999999,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":1e400,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":-1,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":true,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":"","method":"tools/list"}""",
            """[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","id":2,"method":"ping"}]""",
            """[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":[]}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":"x"}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":12}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"garbage"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call"}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":null}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":null}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":123}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_note","arguments":[]}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_note","arguments":"x"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"health_check","arguments":{},"_meta":{"progressToken":{"a":1}}}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"health_check","_meta":"x"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""",
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"1900-01-01","capabilities":{},"clientInfo":{"name":"f","version":"1"}}}""",
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":5,"capabilities":[],"clientInfo":null}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{"x":1}}}""",
            """{"jsonrpc":"2.0","id":1,"method":"ping"}""",
            """{"jsonrpc":"2.0","id":1,"method":"resources/list"}""",
            """{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"x"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"resources/list","params":{"cursor":"garbage"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"resources/templates/list"}""",
            """{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{}}""",
            """{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":5}}""",
            """{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"toolbridge://notes/not-a-uid"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"toolbridge://tasks/00000000-0000-0000-0000-000000000000"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"file:///etc/passwd"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"prompts/list","params":{"cursor":[]}}""",
            """{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"summarize_chat","arguments":{"chat_uid":"x"}}}""",
            """{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"summarize_chat","arguments":{"chat_uid":5}}}""",
            """{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"summarize_chat"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"triage_open_tasks","arguments":{"tag":{"a":1}}}}""",
            """{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"weekly_review","arguments":[]}}""",
            """{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"nonsense"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"completion/complete","params":{}}""",
            """{"jsonrpc":"2.0","id":1,"result":{}}""",
            """{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x"}}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/list","jsonrpc":"2.0"}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/list"} trailing""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/list",}""",
            """{"jsonrpc":"2.0","id":1,"method":"tools/\u0000list"}""",
            """{"jsonrpc":"2.0","id":"\ud800","method":"tools/list"}""",
        ];

        private static readonly string?[] ContentTypes =
        [
            "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "text/plain", "application/xml",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", null, "", "application/json-rpc", "*/*", "application/json; charset=utf-16",
        ];

        private static readonly (string Name, string Value)[][] HeaderSets =
        [
            StandardHeaders,
            [("Accept", "application/json, text/event-stream")],
            [("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "1999-01-01")],
            [("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "")],
            [("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "2025-06-18, 2025-03-26")],
            [("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "2025-03-26")],
            [("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "\u00ff\u00fe")],
            [("Accept", "application/json"), ("MCP-Protocol-Version", "2025-06-18")],
            [("Accept", "text/event-stream"), ("MCP-Protocol-Version", "2025-06-18")],
            [("Accept", "text/html"), ("MCP-Protocol-Version", "2025-06-18")],
            [("MCP-Protocol-Version", "2025-06-18")],
            [("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "2025-06-18"), ("Mcp-Session-Id", "forged-session")],
        ];

        public static (string What, byte[] Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers, HttpMethod Method) Next(Random random, int index)
        {
            // The first rounds send each body once as a well-formed request would; then bodies, types and headers mix.
            if (index < Bodies.Length)
            {
                return ($"body {index}", Encoding.UTF8.GetBytes(Bodies[index]), "application/json", StandardHeaders, HttpMethod.Post);
            }

            var body = random.Next(6) switch
            {
                0 => InvalidUtf8(random),
                1 => Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"create_note\",\"arguments\":{\"title\":" + Deep(random.Next(2) == 0 ? 70 : 500) + "}}}"),
                2 => Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, random.Next(2, 60)).Select(i => $"{{\"jsonrpc\":\"2.0\",\"id\":{i},\"method\":\"ping\"}}")) + "]"),
                _ => Encoding.UTF8.GetBytes(Bodies[random.Next(Bodies.Length)]),
            };
            var contentType = random.Next(3) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
            var headers = random.Next(3) == 0 ? HeaderSets[random.Next(HeaderSets.Length)] : StandardHeaders;
            var method = random.Next(15) switch { 0 => HttpMethod.Get, 1 => HttpMethod.Delete, 2 => HttpMethod.Put, 3 => HttpMethod.Patch, _ => HttpMethod.Post };
            return ($"raw {index} ({method} {contentType ?? "no content type"}, {string.Join(" ", headers.Select(h => h.Name + "=" + h.Value))})", body, contentType, headers, method);
        }

        private static byte[] InvalidUtf8(Random random)
        {
            var prefix = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"create_note\",\"arguments\":{\"title\":\"");
            byte[][] bad = [[0xff], [0xfe, 0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x80]];
            var suffix = Encoding.UTF8.GetBytes("\"}}}");
            return [.. prefix, .. bad[random.Next(bad.Length)], .. suffix];
        }

        private static string Deep(int depth) => string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));
    }
}
