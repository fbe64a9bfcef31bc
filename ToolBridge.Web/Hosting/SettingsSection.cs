using System.Reflection;

namespace ToolBridge.Web.Hosting;

/// <summary>
/// A configuration section bound to an options class. Every settable property is a setting, named for operators by
/// its environment variable (<c>WorkOS__ClientId</c>); docs/configuration.md lists each one, and a test keeps the two
/// in step.
/// </summary>
public sealed record SettingsSection(Type OptionsType, string Path)
{
    public IEnumerable<PropertyInfo> Properties =>
        OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    public IEnumerable<string> Names => Properties.Select(p => Settings.EnvironmentName($"{Path}:{p.Name}"));

    public string NameOf(string property) => Settings.EnvironmentName($"{Path}:{property}");
}
