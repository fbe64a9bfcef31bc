using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Architecture;

/// <summary>
/// The production source stays easy to find one's way in: each file of ToolBridge.Web and ToolBridge.Data declares one
/// top-level type and is named after it, so a type is found by its name, and no file runs past <see cref="MaxLines"/>
/// lines. Nested types and <c>file</c>-local helpers do not count. Migrations are generated and left out. Files are
/// read with Roslyn's parser, so comments and strings that look like declarations are not counted. Razor components keep
/// to the same length.
/// </summary>
public sealed class SourceFileTests
{
    public const int MaxLines = 300;

    private static readonly string[] Projects = ["ToolBridge.Web", "ToolBridge.Data"];

    private static readonly string[] Skipped = ["bin", "obj", "Migrations"];

    private static readonly Lazy<List<SourceFile>> Files = new(() => ProductionFiles().Select(SourceFile.Read).ToList());

    [Fact]
    public void ProductionFiles_DeclareOneTopLevelTypeEach()
    {
        var offenders = Files.Value.Where(f => f.Types.Count > 1).Select(f => $"{f.RelativePath}: {string.Join(", ", f.Types)}").ToList();

        Assert.True(offenders.Count == 0,
            $"Files with more than one top-level type (give each its own file, named after it):{Environment.NewLine}{string.Join(Environment.NewLine, offenders)}");
    }

    [Fact]
    public void ProductionFiles_AreNamedAfterTheirType()
    {
        var offenders = Files.Value
            .Where(f => f.Types.Count == 1 && Path.GetFileName(f.RelativePath).Split('.')[0] != f.Types[0])
            .Select(f => $"{f.RelativePath}: {f.Types[0]}")
            .ToList();

        Assert.True(offenders.Count == 0,
            $"Files named otherwise than the type they declare (the parts of a partial type may add .Part):{Environment.NewLine}{string.Join(Environment.NewLine, offenders)}");
    }

    [Fact]
    public void ProductionFiles_HaveAtMostMaxLines()
    {
        var offenders = Files.Value.Where(f => f.Lines > MaxLines).Select(f => $"{f.RelativePath}: {f.Lines} lines").ToList();

        Assert.True(offenders.Count == 0,
            $"Files over {MaxLines} lines (split them by concern):{Environment.NewLine}{string.Join(Environment.NewLine, offenders)}");
    }

    [Fact]
    public void RazorComponents_HaveAtMostMaxLines()
    {
        var components = ProductionFiles("*.razor");
        var offenders = components
            .Select(path => (Path: path, Lines: File.ReadLines(RepositoryFiles.PathOf(path)).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.Path}: {f.Lines} lines")
            .ToList();

        Assert.Contains("ToolBridge.Web/Components/Shared/EntityGrid.razor", components);
        Assert.True(offenders.Count == 0,
            $"Components over {MaxLines} lines (split them into smaller components):{Environment.NewLine}{string.Join(Environment.NewLine, offenders)}");
    }

    [Fact]
    public void ProductionFiles_AreFound()
    {
        var files = ProductionFiles();

        Assert.Contains("ToolBridge.Web/Program.cs", files);
        Assert.Contains("ToolBridge.Data/ToolBridgeDbContext.cs", files);
        Assert.DoesNotContain(files, f => f.Contains("/Migrations/", StringComparison.Ordinal) || f.Contains("/obj/", StringComparison.Ordinal));
    }

    [Fact]
    public void TopLevelTypes_CountsEachTypeOnce_NotNestedOrFileLocalOnes()
    {
        const string source = """
            namespace Sample;

            // public class InAComment { }
            public sealed record Item(string Name)
            {
                public sealed class Nested;
            }

            internal enum Kind { One }

            public partial class Split;

            public partial class Split;

            public delegate void Handler();

            file static class Helper
            {
                public const string Text = "class InAString { }";
            }
            """;

        var types = TopLevelTypes(source);

        Assert.Equal(["Item", "Kind", "Split", "Handler"], types);
    }

    private sealed record SourceFile(string RelativePath, int Lines, List<string> Types)
    {
        public static SourceFile Read(string relativePath) => new(
            relativePath,
            File.ReadLines(RepositoryFiles.PathOf(relativePath)).Count(),
            TopLevelTypes(File.ReadAllText(RepositoryFiles.PathOf(relativePath))));
    }

    /// <summary>The files of the production projects (C# unless told), relative to the repository root with '/' separators.</summary>
    private static List<string> ProductionFiles(string pattern = "*.cs") =>
        Projects
            .SelectMany(project => Directory.EnumerateFiles(RepositoryFiles.PathOf(project), pattern, SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(Skipped.Contains))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The names of the types a file declares outside any type, <c>file</c>-local ones aside; a partial type once.</summary>
    private static List<string> TopLevelTypes(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)).GetCompilationUnitRoot();
        return root.DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<MemberDeclarationSyntax>()
            .Where(member => !member.Modifiers.Any(SyntaxKind.FileKeyword))
            .Select(member => member switch
            {
                BaseTypeDeclarationSyntax type => type.Identifier.Text,
                DelegateDeclarationSyntax handler => handler.Identifier.Text,
                _ => null,
            })
            .OfType<string>()
            .Distinct()
            .ToList();
    }
}
