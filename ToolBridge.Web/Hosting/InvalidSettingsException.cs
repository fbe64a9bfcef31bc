namespace ToolBridge.Web.Hosting;

/// <summary>Thrown at start-up with every configuration problem at once, so one failed deploy shows them all.</summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> problems)
    : Exception("ToolBridge cannot start until these settings are fixed (see docs/configuration.md):" + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}")))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
