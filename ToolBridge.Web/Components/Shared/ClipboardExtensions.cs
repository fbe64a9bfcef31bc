using Microsoft.JSInterop;
using MudBlazor;

namespace ToolBridge.Web.Components.Shared;

public static class ClipboardExtensions
{
    /// <summary>Copies text to the clipboard and says in a snackbar whether the browser allowed it.</summary>
    /// <param name="what">What was copied, as the start of a sentence: "The secret", "The endpoint URL".</param>
    public static async Task CopyToClipboardAsync(this IJSRuntime js, ISnackbar snackbar, string text, string what)
    {
        try
        {
            await js.InvokeVoidAsync("navigator.clipboard.writeText", text);
            snackbar.Add($"{what} was copied to the clipboard.", Severity.Success);
        }
        catch (JSException)
        {
            // The browser may refuse (no permission, page not focused): the text is on screen to copy by hand.
            snackbar.Add("The browser did not allow copying: select the text and copy it.", Severity.Warning);
        }
    }
}
