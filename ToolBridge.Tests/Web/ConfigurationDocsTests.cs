using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Tests.Web;

/// <summary>
/// docs/configuration.md lists exactly the settings the app has: every property of every options class the app binds,
/// and the few settings read directly. A setting added without a row, or a row whose setting is gone, fails here.
/// </summary>
public sealed partial class ConfigurationDocsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    /// <summary>Settings read without an options class: by the app itself, ASP.NET Core or the OpenTelemetry exporter.</summary>
    private static readonly string[] RawSettings =
    [
        .. ToolBridge.Web.Database.DatabaseExtensions.DatabaseSettings,
        "ASPNETCORE_ENVIRONMENT",
        "ASPNETCORE_HTTP_PORTS",
        "ASPNETCORE_URLS",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_SERVICE_NAME",
        "Logging__LogLevel__Default",
    ];

    [Fact]
    public async Task Documentation_EverySettingOfTheApp_HasARow()
    {
        var sections = await SectionsAsync();

        var missing = sections.SelectMany(s => s.Names).Concat(RawSettings).Except(DocumentedRows().Keys).ToList();

        Assert.True(missing.Count == 0, $"docs/configuration.md has no row for: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task Documentation_EveryRow_IsASettingOfTheApp()
    {
        var sections = await SectionsAsync();

        var stale = DocumentedRows().Keys.Except(sections.SelectMany(s => s.Names).Concat(RawSettings)).ToList();

        Assert.True(stale.Count == 0, $"docs/configuration.md lists settings the app does not have: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task Documentation_Defaults_MatchTheOptionsClasses()
    {
        var rows = DocumentedRows();
        var wrong = new List<string>();

        foreach (var section in await SectionsAsync())
        {
            var defaults = Activator.CreateInstance(section.OptionsType)!;
            foreach (var property in section.Properties)
            {
                var value = property.GetValue(defaults) switch
                {
                    null => null,
                    bool b => b ? "true" : "false",
                    string s => s,
                    IEnumerable items when !items.Cast<object>().Any() => null,
                    var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
                };
                var name = section.NameOf(property.Name);
                if (!rows.TryGetValue(name, out var documented))
                {
                    continue; // a missing row is the first test's failure
                }

                if (value is null ? !documented.StartsWith('—') && !documented.StartsWith('`') : !documented.StartsWith($"`{value}`"))
                {
                    wrong.Add($"{name}: the code's default is {value ?? "none"}, the page says {documented}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task OptionsClasses_EveryOneWithASection_IsBoundAsSettings()
    {
        var bound = (await SectionsAsync()).Select(s => s.OptionsType).ToHashSet();

        var unbound = new[] { typeof(SettingsSection).Assembly, typeof(ToolBridge.Data.ToolBridgeDbContext).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Options") && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .Where(t => !bound.Contains(t))
            .ToList();

        Assert.True(unbound.Count == 0, $"bind these through AddSettings so they are checked and documented: {string.Join(", ", unbound.Select(t => t.Name))}");
        Assert.Contains(typeof(ToolBridge.Data.Tenants.TenantDefaults), bound);
    }

    /// <summary>The sections the real app registers, read from its container.</summary>
    private async Task<List<SettingsSection>> SectionsAsync()
    {
        await using var app = new ToolBridgeAppFactory(database.ConnectionString);
        return app.Services.GetServices<SettingsSection>().Distinct().ToList();
    }

    /// <summary>Each table row's setting (first column, in backticks) with its Default column.</summary>
    private static Dictionary<string, string> DocumentedRows()
    {
        var rows = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(DocumentPath()))
        {
            if (Row().Match(line) is { Success: true } row)
            {
                Assert.True(rows.TryAdd(row.Groups["name"].Value, row.Groups["default"].Value.Trim()), $"{row.Groups["name"].Value} has two rows");
            }
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static string DocumentPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "configuration.md");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("docs/configuration.md was not found above the test output");
    }

    [GeneratedRegex(@"^\|\s*`(?<name>[A-Za-z_][A-Za-z0-9_]*)`\s*\|(?<default>[^|]*)\|")]
    private static partial Regex Row();
}
