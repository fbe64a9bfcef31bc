using System.Text;
using System.Text.RegularExpressions;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Deploy;

/// <summary>
/// The operations guides are typed by people at a terminal: every <c>fly …</c> command line in <c>docs/*.md</c> and
/// <c>README.md</c> (in code blocks and inline code) must name a command flyctl has and only flags that command takes,
/// and every setting the pages name must have a row in <c>docs/configuration.md</c>.
/// </summary>
/// <remarks>
/// <see cref="Commands"/> is copied from flyctl's cobra definitions (github.com/superfly/flyctl,
/// <c>internal/command/…</c> and <c>internal/flag/flag.go</c>, read at commit ad0172f of August 2026). It lists only the
/// commands these pages may use, with every flag each one takes. Update it deliberately, from flyctl's source, when a
/// page needs another command.
/// </remarks>
public sealed partial class OperationsDocsTests
{
    private static readonly string[] App = ["app", "a", "config", "c"];

    /// <summary>Persistent flags of flyctl's root command, accepted everywhere, and cobra's own help flag.</summary>
    private static readonly string[] Global = ["access-token", "t", "verbose", "debug", "help", "h"];

    /// <summary>Command path → its flags (long names and shorthands). A path with children is a group and takes no arguments.</summary>
    private static readonly Dictionary<string, string[]> Commands = new()
    {
        ["auth"] = [],
        ["auth login"] = ["interactive", "i", "email", "password", "otp"],
        ["orgs"] = [],
        ["orgs list"] = ["json", "j"],
        ["platform"] = [],
        ["platform regions"] = ["json", "j"],
        ["apps"] = [],
        ["apps create"] = ["name", "generate-name", "network", "machines", "yes", "y", "save", "org", "o", "json", "j"],
        ["launch"] = ["name", "generate-name", "path", "copy-config", "no-deploy", "org", "o", "region", "r", "config", "c"],
        ["deploy"] = [.. App, "image", "i", "detach", "yes", "y", "env", "e", "wait-timeout", "release-command-timeout",
            "lease-timeout", "ha", "smoke-checks", "dns-checks", "max-unavailable", "no-public-ips", "flycast"],
        ["status"] = [.. App, "json", "j", "all", "deployment", "watch", "rate"],
        ["logs"] = [.. App, "region", "r", "json", "j", "machine", "m", "select", "s", "no-tail", "n"],
        ["releases"] = [.. App, "json", "j", "image"],
        ["apps releases"] = [.. App, "json", "j", "image"],
        ["ssh"] = [],
        ["ssh console"] = [.. App, "command", "C", "machine", "select", "s", "quiet", "q", "address", "A", "container",
            "no-container", "pty", "user", "u", "org", "o"],
        ["proxy"] = [.. App, "org", "o", "select", "s", "quiet", "q", "bind-addr", "b", "watch-stdin"],
        ["checks"] = [.. App],
        ["checks list"] = [.. App, "check-name", "json", "j"],
        ["machine"] = [],
        ["machine list"] = [.. App, "json", "j", "quiet", "q"],
        ["machine stop"] = [.. App, "select", "signal", "s", "timeout", "wait-timeout", "w"],
        ["machine destroy"] = [.. App, "force", "f", "image", "i", "select"],
        ["scale"] = [],
        ["scale count"] = [.. App, "yes", "y", "max-per-region", "region", "r", "with-new-volumes", "from-snapshot", "env", "e", "process-group", "g"],
        ["scale show"] = [.. App, "json", "j"],
        ["scale vm"] = [.. App, "vm-memory", "process-group", "g"],
        ["scale memory"] = [.. App, "process-group", "g"],
        ["secrets"] = [],
        ["secrets set"] = [.. App, "detach", "stage", "dns-checks"],
        ["secrets unset"] = [.. App, "detach", "stage", "dns-checks"],
        ["secrets list"] = [.. App, "json", "j"],
        ["certs"] = [],
        ["certs add"] = [.. App, "json", "j"],
        ["certs list"] = [.. App, "json", "j"],
        ["certs check"] = [.. App, "json", "j"],
        ["certs setup"] = [.. App, "json", "j"],
        ["certs remove"] = [.. App, "yes", "y", "custom", "acme"],
        ["mpg"] = ["org", "o"],
        ["mpg create"] = ["region", "r", "org", "o", "name", "n", "plan", "volume-size", "enable-postgis-support", "pg-major-version"],
        ["mpg list"] = ["org", "o", "json", "j", "deleted"],
        ["mpg status"] = ["json", "j"],
        ["mpg attach"] = [.. App, "variable-name", "database", "d", "username", "u"],
        ["mpg detach"] = [.. App],
        ["mpg connect"] = ["database", "d", "username", "u"],
        ["mpg proxy"] = ["bind-addr", "b", "port", "p"],
        ["mpg backup"] = [],
        ["mpg backup list"] = ["all", "json", "j"],
        ["mpg backup create"] = ["type"],
        ["mpg restore"] = ["backup-id", "name", "n", "pitr-time"],
        ["mpg users"] = [],
        ["mpg users list"] = ["json", "j"],
        ["mpg users create"] = ["username", "u", "role", "r"],
        ["mpg users set-role"] = ["username", "u", "role", "r"],
        ["mpg users delete"] = ["username", "u", "yes", "y"],
    };

    /// <summary>flyctl's aliases of the commands above (cobra <c>Aliases</c>).</summary>
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["machines"] = "machine",
        ["m"] = "machine",
        ["certificates"] = "certs",
    };

    /// <summary>
    /// Programs a page may run inside a machine (<c>fly ssh console -C</c>): what the runtime image
    /// (mcr.microsoft.com/dotnet/aspnet, Debian) has. It has no curl or wget.
    /// </summary>
    private static readonly string[] ImagePrograms = ["dotnet", "printenv", "cat", "ls", "ps", "env", "sh", "bash"];

    private static readonly string[] Pages = ["README.md", .. Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md").Select(p => Path.GetRelativePath(RepositoryFiles.Root, p)).Order()];

    [Fact]
    public void FlyCommands_InTheGuides_AreCommandsAndFlagsFlyctlHas()
    {
        var problems = new List<string>();
        var seen = 0;

        foreach (var (page, line) in FlyCommandLines())
        {
            seen++;
            problems.AddRange(Check(line).Select(problem => $"{page}: `{line}`: {problem}"));
        }

        Assert.True(seen > 40, $"found only {seen} fly command lines: is the parser still reading the pages?");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Settings_NamedInTheGuides_HaveARowInConfiguration()
    {
        var documented = ConfigurationRows();
        var missing = new SortedSet<string>();

        foreach (var page in Pages)
        {
            foreach (Match match in SettingName().Matches(RepositoryFiles.Read(page)))
            {
                var name = ListItem().Replace(match.Value, "");
                var known = name.EndsWith("__", StringComparison.Ordinal)
                    ? documented.Any(row => row.StartsWith(name, StringComparison.Ordinal))
                    : documented.Contains(name);
                if (!known)
                {
                    missing.Add($"{page}: {match.Value}");
                }
            }
        }

        Assert.True(missing.Count == 0, $"docs/configuration.md has no row for:\n{string.Join("\n", missing)}");
    }

    [Theory]
    [InlineData("fly mpg users set-password <cluster id>", "unknown command")]
    [InlineData("fly mpg backup list <cluster id> --everything", "--everything")]
    [InlineData("fly mpg attach <cluster id> --org acme", "--org")]
    [InlineData("fly ssh console -C \"curl -s localhost:9091/metrics\"", "curl")]
    [InlineData("fly scael count 2", "unknown command")]
    public void Check_AWrongLine_IsReported(string line, string expected)
    {
        var problems = Check(line);

        Assert.Contains(problems, problem => problem.Contains(expected));
    }

    [Fact]
    public void Check_ARightLine_PassesAndLineSplittingKeepsOnlyTheFlyPart()
    {
        var lines = FlyLinesIn("```bash\nfly logs --app \"$APP\" --no-tail | tail -n 20   # recent\nfly secrets set --app \"$APP\" --stage \\\n  A=1 \\\n  B=2\n```\nThen `fly mpg backup list <id> --all` and `fly.toml`.");

        Assert.Equal(["fly logs --app \"$APP\" --no-tail", "fly secrets set --app \"$APP\" --stage A=1 B=2", "fly mpg backup list <id> --all"], lines);
        Assert.All(lines, line => Assert.Empty(Check(line)));
    }

    /// <summary>The problems of one <c>fly …</c> command line.</summary>
    private static List<string> Check(string line)
    {
        var words = Words(line).Skip(1).ToList();
        var path = "";
        var index = 0;
        for (; index < words.Count && !words[index].StartsWith('-'); index++)
        {
            var word = Aliases.GetValueOrDefault(words[index], words[index]);
            var next = path.Length == 0 ? word : $"{path} {word}";
            if (!Commands.ContainsKey(next))
            {
                break;
            }

            path = next;
        }

        if (path.Length == 0)
        {
            return [$"unknown command 'fly {words.FirstOrDefault()}'"];
        }

        var problems = new List<string>();
        var isGroup = Commands.Keys.Any(key => key.StartsWith(path + " ", StringComparison.Ordinal));
        var arguments = words.Skip(index).Where(w => !w.StartsWith('-')).ToList();
        if (isGroup && index < words.Count && !words[index].StartsWith('-') && !IsFlagValue(words, index))
        {
            problems.Add($"unknown command 'fly {path} {words[index]}'");
        }

        foreach (var word in words.Skip(index).Where(w => w.StartsWith('-') && w.Length > 1))
        {
            var name = word.TrimStart('-').Split('=')[0];
            if (!Commands[path].Contains(name) && !Global.Contains(name))
            {
                problems.Add($"'fly {path}' has no flag {word.Split('=')[0]}");
            }
        }

        if (path == "ssh console" && CommandArgument(words) is { } inside)
        {
            var program = Words(inside).FirstOrDefault() ?? "";
            if (!ImagePrograms.Contains(program))
            {
                problems.Add($"runs {program} in the machine, which the runtime image does not have (it has {string.Join(", ", ImagePrograms)})");
            }
        }

        return problems;
    }

    private static bool IsFlagValue(List<string> words, int index) => index > 0 && words[index - 1].StartsWith('-') && !words[index - 1].Contains('=');

    private static string? CommandArgument(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is "-C" or "--command" && i + 1 < words.Count)
            {
                return words[i + 1];
            }

            if (words[i].StartsWith("--command=", StringComparison.Ordinal))
            {
                return words[i]["--command=".Length..];
            }
        }

        return null;
    }

    /// <summary>Every <c>fly …</c> command line of the pages, with its page.</summary>
    private static IEnumerable<(string Page, string Line)> FlyCommandLines() =>
        Pages.SelectMany(page => FlyLinesIn(RepositoryFiles.Read(page)).Select(line => (page, line)));

    /// <summary>The <c>fly …</c> commands of a page: lines of fenced code blocks and inline code spans.</summary>
    private static List<string> FlyLinesIn(string markdown)
    {
        var lines = new List<string>();
        var inBlock = false;
        var logical = new StringBuilder();
        foreach (var raw in markdown.Split('\n'))
        {
            var text = raw.TrimEnd('\r');
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                logical.Clear();
                continue;
            }

            if (inBlock)
            {
                var code = StripComment(text);
                if (code.TrimEnd().EndsWith('\\'))
                {
                    logical.Append(code.TrimEnd()[..^1].Trim()).Append(' ');
                    continue;
                }

                logical.Append(code.Trim());
                lines.AddRange(FlyParts(logical.ToString()));
                logical.Clear();
                continue;
            }

            foreach (Match span in InlineCode().Matches(text))
            {
                lines.AddRange(FlyParts(span.Groups["code"].Value));
            }
        }

        return lines;

        // A shell line may chain commands; each fly command runs up to the next operator.
        static IEnumerable<string> FlyParts(string shell) =>
            SplitOnOperators(shell).Select(part => part.Trim().TrimStart('$', ' ')).Where(part => FlyCommand().IsMatch(part));
    }

    /// <summary>The line without a trailing <c># comment</c> (outside quotes).</summary>
    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    /// <summary>Splits on <c>|</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>;</c> and parentheses outside quotes (not on <c>&gt;</c>: placeholders are written <c>&lt;id&gt;</c>).</summary>
    private static IEnumerable<string> SplitOnOperators(string line)
    {
        var part = new StringBuilder();
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
                part.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                part.Append(c);
            }
            else if (c is '|' or '&' or ';' or '(' or ')')
            {
                yield return part.ToString();
                part.Clear();
            }
            else
            {
                part.Append(c);
            }
        }

        yield return part.ToString();
    }

    private static IReadOnlyList<string> Words(string line) => ShellWords.Split(line);

    private static HashSet<string> ConfigurationRows() =>
        File.ReadLines(RepositoryFiles.PathOf("docs/configuration.md"))
            .Select(line => ConfigurationRow().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^fly\s+[a-z]")]
    private static partial Regex FlyCommand();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex InlineCode();

    /// <summary>Settings as operators write them: the app's sections, connection strings, Fly's URLs, ASP.NET Core's and OpenTelemetry's variables.</summary>
    [GeneratedRegex(@"\b(?:(?:ToolBridge|WorkOS|ConnectionStrings|Logging)__[A-Za-z0-9_]+|DATABASE_[A-Z_]*URL|OTEL_[A-Z_]+|ASPNETCORE_[A-Z_]+)")]
    private static partial Regex SettingName();

    /// <summary>A list setting's item index (<c>ToolBridge__PlatformAdmins__0</c>).</summary>
    [GeneratedRegex(@"__\d+$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\|\s*`(?<name>[A-Za-z_][A-Za-z0-9_]*)`\s*\|")]
    private static partial Regex ConfigurationRow();
}
