namespace ToolBridge.Web.Hosting;

/// <summary>One area's start-up check: the problems it finds, each naming its setting by environment variable.</summary>
public interface ISettingsCheck
{
    IEnumerable<string> Problems(IServiceProvider services);
}
