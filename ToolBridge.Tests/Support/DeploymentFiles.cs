using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace ToolBridge.Tests.Support;

/// <summary>Files of the repository itself (fly.toml, Dockerfile, docs), found above the test output.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ToolBridge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ToolBridge.sln not found above the test output");
    }
}

/// <summary>
/// <c>fly.toml</c> read with a TOML parser (Tomlyn), exposing the settings the tests hold against the app. A missing
/// table or key fails with its name, so a renamed setting is reported as such.
/// </summary>
public sealed class FlyToml(TomlTable root)
{
    public static FlyToml Load() => new(TomlSerializer.Deserialize<TomlTable>(RepositoryFiles.Read("fly.toml"))!);

    public string App => String(root, "app");

    public string KillSignal => String(root, "kill_signal");

    public TimeSpan KillTimeout => Duration(Value(root, "kill_timeout"));

    public string ReleaseCommand => String(Table(root, "deploy"), "release_command");

    public string DeployStrategy => String(Table(root, "deploy"), "strategy");

    /// <summary>Machines a rolling deploy may update at once: a count from 1, or a fraction of them below 1.</summary>
    public double DeployMaxUnavailable => Convert.ToDouble(Value(Table(root, "deploy"), "max_unavailable"), System.Globalization.CultureInfo.InvariantCulture);

    public TomlTable Build => Table(root, "build");

    public IReadOnlyDictionary<string, string> Env =>
        Table(root, "env").ToDictionary(pair => pair.Key, pair => Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture)!);

    public TomlTable HttpService => Table(root, "http_service");

    public int InternalPort => Int(HttpService, "internal_port");

    public IReadOnlyList<TomlTable> Checks => ((TomlTableArray)Value(HttpService, "checks")).ToList();

    public TomlTable Metrics => Table(root, "metrics");

    public TomlTable Vm => ((TomlTableArray)Value(root, "vm")).Single();

    /// <summary>The app's shutdown drain: the [env] setting when present, else the app's default (20 s).</summary>
    public TimeSpan ShutdownDrain =>
        TimeSpan.FromSeconds(Env.TryGetValue("ToolBridge__ShutdownDrainSeconds", out var seconds) ? int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) : 20);

    public static object Value(TomlTable table, string key) =>
        table.TryGetValue(key, out var value) ? value : throw new Xunit.Sdk.XunitException($"fly.toml has no '{key}'");

    public static TomlTable Table(TomlTable table, string key) => (TomlTable)Value(table, key);

    public static string String(TomlTable table, string key) => (string)Value(table, key);

    public static int Int(TomlTable table, string key) => Convert.ToInt32(Value(table, key), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Fly's durations: whole seconds, or a Go duration string such as <c>"30s"</c>, <c>"1m30s"</c>.</summary>
    public static TimeSpan Duration(object value)
    {
        if (value is long seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var text = (string)value;
        var parts = Regex.Matches(text, @"(\d+)(ms|s|m|h)");
        Assert.True(parts.Count > 0 && string.Concat(parts.Select(p => p.Value)) == text, $"'{text}' is not a duration");
        return parts.Aggregate(TimeSpan.Zero, (total, part) => total + (part.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(int.Parse(part.Groups[1].Value)),
            "s" => TimeSpan.FromSeconds(int.Parse(part.Groups[1].Value)),
            "m" => TimeSpan.FromMinutes(int.Parse(part.Groups[1].Value)),
            _ => TimeSpan.FromHours(int.Parse(part.Groups[1].Value)),
        }));
    }
}

/// <summary>The Dockerfile's stages: base image and instructions (continuations joined, comments dropped).</summary>
public sealed class Dockerfile
{
    private Dockerfile(List<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Runtime => Stages[^1];

    public static Dockerfile Load()
    {
        var stages = new List<Stage>();
        var logical = new StringBuilder();
        foreach (var raw in RepositoryFiles.Read("Dockerfile").Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (logical.Length == 0 && line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                logical.Append(line[..^1]).Append(' ');
                continue;
            }

            var instruction = logical.Append(line).ToString().Trim();
            logical.Clear();
            if (instruction.Length == 0)
            {
                continue;
            }

            var space = instruction.IndexOf(' ');
            var (keyword, rest) = space < 0 ? (instruction, "") : (instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim());
            if (keyword == "FROM")
            {
                stages.Add(new Stage(rest));
            }
            else
            {
                stages[^1].Instructions.Add((keyword, rest));
            }
        }

        return new Dockerfile(stages);
    }

    public sealed record Stage(string From)
    {
        public List<(string Keyword, string Arguments)> Instructions { get; } = [];

        public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

        public string Last(string keyword) => All(keyword).LastOrDefault() ?? throw new Xunit.Sdk.XunitException($"the Dockerfile's stage FROM {From} has no {keyword}");

        /// <summary><c>ENV KEY=value KEY2=value2</c> (values without spaces).</summary>
        public IReadOnlyDictionary<string, string> Env => All("ENV")
            .SelectMany(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'));

        /// <summary>The exec-form entry point: <c>["dotnet", "ToolBridge.Web.dll"]</c>.</summary>
        public IReadOnlyList<string> Entrypoint => JsonSerializer.Deserialize<string[]>(Last("ENTRYPOINT"))!;
    }
}

/// <summary>Splits a command line into words as a POSIX shell does for plain and quoted words (no expansions).</summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in command)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        Assert.True(quote is null, $"unbalanced quote in '{command}'");
        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
