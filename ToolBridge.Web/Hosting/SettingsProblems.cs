using Microsoft.Extensions.Options;

namespace ToolBridge.Web.Hosting;

/// <summary>Collects an options class's problems, each naming its setting by environment variable.</summary>
public sealed class SettingsProblems
{
    private readonly List<string> _problems = [];

    public SettingsProblems Add(string problem)
    {
        _problems.Add(problem);
        return this;
    }

    public SettingsProblems AddIf(bool condition, string problem) => condition ? Add(problem) : this;

    public ValidateOptionsResult Result => _problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_problems);
}
