using MudBlazor;
using ToolBridge.Data;

namespace ToolBridge.Web.Components.Shared;

public static class SnackbarExtensions
{
    /// <summary>
    /// Reports a service's refusal: a validation error goes onto the form (when one is given) with a short note, any
    /// other error shows the service's own message.
    /// </summary>
    public static void AddError(this ISnackbar snackbar, Error error, ServerValidation? form = null)
    {
        if (form is not null && form.Show(error))
        {
            snackbar.Add("Please correct the highlighted fields.", Severity.Warning);
            return;
        }

        snackbar.Add(error.Message, error.Kind == ErrorKind.Forbidden ? Severity.Warning : Severity.Error);
    }
}
