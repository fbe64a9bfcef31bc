using System.Text.RegularExpressions;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Docs;

/// <summary>
/// The pages and the code point at each other, and a pointer must lead somewhere: every relative link in
/// <c>README.md</c> and <c>docs/</c> reaches a file (and its <c>#anchor</c> a heading) that exists, every repository
/// path a page names in code font exists, and every page of <c>docs/</c> a comment in the code names exists, with the
/// words it quotes from that page. A page renamed or a heading reworded fails here instead of leaving a dead pointer.
/// </summary>
public sealed partial class DocsLinkTests
{
    private static readonly string[] Pages =
    [
        "README.md",
        .. Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(RepositoryFiles.Root, p)).Order(),
    ];

    private static readonly string[] CodeFolders = ["ToolBridge.Web", "ToolBridge.Data", "ToolBridge.Tests", "scripts"];

    [Fact]
    public void Links_InThePages_ReachFilesAndHeadingsThatExist()
    {
        var broken = new List<string>();
        var links = 0;

        foreach (var page in Pages)
        {
            foreach (Match link in Link().Matches(WithoutCodeBlocks(RepositoryFiles.Read(page))))
            {
                var target = link.Groups["target"].Value;
                if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "mailto")
                {
                    continue;
                }

                links++;
                var (file, anchor) = target.Split('#', 2) is [var f, var a] ? (f, a) : (target, null);
                var path = file.Length == 0 ? page : Path.GetRelativePath(RepositoryFiles.Root, Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf(Path.GetDirectoryName(page)!), file)));
                if (!File.Exists(RepositoryFiles.PathOf(path)) && !Directory.Exists(RepositoryFiles.PathOf(path)))
                {
                    broken.Add($"{page}: ({target}): {path} does not exist");
                }
                else if (anchor is not null && !Anchors(path).Contains(anchor))
                {
                    broken.Add($"{page}: ({target}): {path} has no heading #{anchor}");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
        Assert.True(links > 50, $"found only {links} links: is the parser still reading the pages?");
    }

    [Fact]
    public void RepositoryPaths_NamedInThePages_Exist()
    {
        var missing = Pages
            .SelectMany(page => RepositoryPath().Matches(RepositoryFiles.Read(page)).Select(m => (Page: page, Path: m.Groups["path"].Value)))
            .Where(p => !File.Exists(RepositoryFiles.PathOf(p.Path)) && !Directory.Exists(RepositoryFiles.PathOf(p.Path)))
            .Select(p => $"{p.Page}: `{p.Path}`")
            .ToList();

        Assert.True(missing.Count == 0, $"pages name paths that do not exist:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void DocsPages_NamedInTheCode_ExistAndHoldWhatIsQuoted()
    {
        var broken = new List<string>();
        var pointers = 0;

        foreach (var file in CodeFolders.SelectMany(folder => Directory.EnumerateFiles(RepositoryFiles.PathOf(folder), "*", SearchOption.AllDirectories)))
        {
            var relative = Path.GetRelativePath(RepositoryFiles.Root, file);
            var folders = relative.Split(Path.DirectorySeparatorChar);
            if (folders.Contains("bin") || folders.Contains("obj") || Path.GetExtension(file) is not (".cs" or ".razor" or ".sh" or ".py"))
            {
                continue;
            }

            foreach (Match pointer in CodePointer().Matches(File.ReadAllText(file)))
            {
                pointers++;
                var page = "docs/" + pointer.Groups["page"].Value;
                if (!File.Exists(RepositoryFiles.PathOf(page)))
                {
                    broken.Add($"{relative}: {page} does not exist");
                }
                else if (pointer.Groups["quote"].Success && !RepositoryFiles.Read(page).Contains(pointer.Groups["quote"].Value, StringComparison.Ordinal))
                {
                    broken.Add($"{relative}: {page} does not say \"{pointer.Groups["quote"].Value}\"");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
        Assert.True(pointers > 20, $"found only {pointers} pointers to docs/ in the code: is the parser still reading it?");
    }

    /// <summary>GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string page) =>
        Heading().Matches(WithoutCodeBlocks(RepositoryFiles.Read(page)))
            .Select(m => NotInAnchor().Replace(m.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    private static string WithoutCodeBlocks(string markdown) => CodeBlock().Replace(markdown, "");

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}\s_-]")]
    private static partial Regex NotInAnchor();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    /// <summary>A path in code font under one of the repository's own folders, without placeholders.</summary>
    [GeneratedRegex(@"`(?<path>(?:ToolBridge\.(?:Web|Data|Tests)|scripts|docs|\.ci)/[^`\s<>…*]*)`")]
    private static partial Regex RepositoryPath();

    /// <summary>A page of docs/ named in the code, with the words of it quoted right after, if any.</summary>
    [GeneratedRegex(@"docs/(?<page>[\w/-]+\.md)(?:(?:,\s*|\s*\(|\s+)""(?<quote>[^""\n]+)"")?")]
    private static partial Regex CodePointer();
}
