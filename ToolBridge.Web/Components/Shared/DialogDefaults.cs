using MudBlazor;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// How the portal opens its dialogs: Escape closes them as Cancel does. The focus is each dialog's own setting: its
/// <c>MudDialog</c> has <c>DefaultFocus="DefaultFocus.FirstChild"</c>, which puts it in the first field or button
/// (MudBlazor 9 takes it from there, not from these options). A dialog that must not close by accident, such as a token
/// secret shown once, sets its own options.
/// </summary>
public static class DialogDefaults
{
    public static DialogOptions Options(MaxWidth width) => new()
    {
        MaxWidth = width,
        FullWidth = true,
        CloseOnEscapeKey = true,
    };
}
