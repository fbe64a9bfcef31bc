using MudBlazor;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// How the portal opens its dialogs: Escape closes them as Cancel does, and the focus starts in the first field (or the
/// first button of a question). A dialog that must not close by accident, such as a token secret shown once, sets its
/// own options.
/// </summary>
public static class DialogDefaults
{
    public static DialogOptions Options(MaxWidth width) => new()
    {
        MaxWidth = width,
        FullWidth = true,
        CloseOnEscapeKey = true,
        DefaultFocus = DefaultFocus.FirstChild,
    };
}
