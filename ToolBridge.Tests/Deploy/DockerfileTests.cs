using System.Xml.Linq;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Deploy;

/// <summary>
/// docs/deploy-fly.md: what no Docker engine here can build is checked by reading it. scripts/container-check.sh runs the
/// Dockerfile's own commands; these tests catch what running them in the repository would not: a project missing from
/// the restore layer, a build input the context leaves out, root or a secret in the runtime image.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile Image = Dockerfile.Load();

    [Fact]
    public void RestoreLayer_CopiesEveryProjectTheAppBuildsAndTheBuildSettings_BeforeRestoring()
    {
        var build = Image.Stages[0];
        var restoreIndex = build.Instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore"));
        var copiedBeforeRestore = build.Instructions.Take(restoreIndex).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToHashSet();

        Assert.True(restoreIndex > 0, "the build stage has no dotnet restore");
        foreach (var project in ProjectsOf("ToolBridge.Web/ToolBridge.Web.csproj"))
        {
            Assert.Contains(project, copiedBeforeRestore);
        }

        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.Contains(file, copiedBeforeRestore);
        }
    }

    [Fact]
    public void Build_PublishesTheWebProjectInReleaseWithoutRestoringAgain()
    {
        var publish = Image.Stages[0].All("RUN").Single(run => run.StartsWith("dotnet publish"));

        Assert.Equal("dotnet publish ToolBridge.Web -c Release -o /app/publish --no-restore", publish);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", Image.Stages[0].From);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", Image.Runtime.From);
        Assert.Contains(Image.Runtime.All("COPY"), copy => copy.StartsWith("--from=build /app/publish"));
    }

    [Fact]
    public void Runtime_RunsAsTheImagesNonRootUserWithoutSecrets()
    {
        var runtime = Image.Runtime;

        Assert.Equal("$APP_UID", runtime.Last("USER"));
        Assert.Equal("/app", runtime.Last("WORKDIR"));
        Assert.DoesNotContain(runtime.Env.Keys, key => key.Contains("ApiKey") || key.Contains("Password") || key is "DATABASE_URL" || key.StartsWith("ConnectionStrings"));
        Assert.DoesNotContain(Image.Stages.SelectMany(s => s.All("ARG")), arg => arg.Contains("KEY", StringComparison.OrdinalIgnoreCase) || arg.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void DockerIgnore_LeavesOutBuildOutputAndLocalFiles_ButNotTheSources()
    {
        var patterns = RepositoryFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.Contains(".git/", patterns);
        Assert.Contains(".env", patterns);
        foreach (var source in ProjectsOf("ToolBridge.Web/ToolBridge.Web.csproj").Select(p => p.Split('/')[0] + "/"))
        {
            Assert.DoesNotContain(source, patterns);
        }
    }

    /// <summary>The project and every project it references, transitively, as repository paths.</summary>
    private static IEnumerable<string> ProjectsOf(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Queue<string>([project]);
        while (pending.TryDequeue(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(current)!;
            foreach (var reference in XDocument.Load(RepositoryFiles.PathOf(current)).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Enqueue(Path.GetRelativePath(RepositoryFiles.Root, Path.GetFullPath(Path.Combine(RepositoryFiles.Root, directory, include))).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
