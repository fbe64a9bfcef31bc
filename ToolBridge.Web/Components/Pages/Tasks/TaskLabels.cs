using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Data.Tasks;
using ToolBridge.Web.Components.Shared;

namespace ToolBridge.Web.Components.Pages.Tasks;

/// <summary>How the portal writes a task's status, priority and due date.</summary>
public static class TaskLabels
{
    /// <summary><c>in_progress</c> → "in progress".</summary>
    public static string Status(WorkTaskStatus status) => EnumNames<WorkTaskStatus>.Name(status).Replace('_', ' ');

    public static Color StatusColor(WorkTaskStatus status) => status switch
    {
        WorkTaskStatus.InProgress => Color.Info,
        WorkTaskStatus.Completed => Color.Success,
        WorkTaskStatus.Archived => Color.Default,
        _ => Color.Primary,
    };

    /// <summary>The priority's name as the service takes it; "" for none.</summary>
    public static string Priority(TaskPriority? priority) => priority is { } p ? EnumNames<TaskPriority>.Name(p) : "";

    /// <summary>"low" → "Low"; "" or null → "None".</summary>
    public static string PriorityLabel(string? priority) => string.IsNullOrEmpty(priority) ? "None" : EnumLabel.Capitalized(priority);

    /// <summary>A due instant in UTC: the date alone when it is at midnight (a task due on a day), else date and time.</summary>
    public static string Due(DateTimeOffset due)
    {
        var utc = due.UtcDateTime;
        return utc.TimeOfDay == TimeSpan.Zero
            ? utc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>An open or started task whose due instant has passed.</summary>
    public static bool IsOverdue(TaskItem task, DateTimeOffset now) =>
        task is { DueAt: { } due, Status: WorkTaskStatus.Open or WorkTaskStatus.InProgress } && due < now;
}
