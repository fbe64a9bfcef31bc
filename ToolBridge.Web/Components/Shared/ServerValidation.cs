using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using ToolBridge.Data;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// Puts a service's field errors back into the surrounding <see cref="EditForm"/>, next to the fields they name.
/// The service names fields in snake_case (<c>token_max_lifetime_days</c>); the form's model has the same
/// properties in PascalCase. The errors clear when the field changes or the form is validated again.
/// </summary>
public sealed class ServerValidation : ComponentBase, IDisposable
{
    private EditContext? _editContext;
    private ValidationMessageStore? _messages;

    [CascadingParameter]
    private EditContext? CurrentEditContext { get; set; }

    protected override void OnParametersSet()
    {
        if (CurrentEditContext is null)
        {
            throw new InvalidOperationException($"{nameof(ServerValidation)} must be placed inside an {nameof(EditForm)}.");
        }

        if (ReferenceEquals(CurrentEditContext, _editContext))
        {
            return;
        }

        Detach();
        _editContext = CurrentEditContext;
        _messages = new ValidationMessageStore(_editContext);
        _editContext.OnValidationRequested += OnValidationRequested;
        _editContext.OnFieldChanged += OnFieldChanged;
    }

    /// <summary>
    /// Shows a validation error's fields on the form. Returns false (and shows nothing) for any other error, which
    /// the page reports another way.
    /// </summary>
    public bool Show(Error error)
    {
        if (_editContext is null || _messages is null || error.Kind != ErrorKind.Validation || error.Fields.Count == 0)
        {
            return false;
        }

        _messages.Clear();
        var properties = _editContext.Model.GetType().GetProperties();
        foreach (var (field, messages) in error.Fields)
        {
            var property = properties.FirstOrDefault(p => FieldNames.Of(p) == field);

            // A field the form does not show still belongs to the form: a ValidationSummary lists it.
            _messages.Add(property is null ? new FieldIdentifier(_editContext.Model, "") : _editContext.Field(property.Name), messages);
        }

        _editContext.NotifyValidationStateChanged();
        return true;
    }

    public void Dispose() => Detach();

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e) => _messages?.Clear();

    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        if (_messages is not null && _editContext is not null && _editContext.GetValidationMessages(e.FieldIdentifier).Any())
        {
            _messages.Clear(e.FieldIdentifier);
            _editContext.NotifyValidationStateChanged();
        }
    }

    private void Detach()
    {
        if (_editContext is not null)
        {
            _editContext.OnValidationRequested -= OnValidationRequested;
            _editContext.OnFieldChanged -= OnFieldChanged;
        }
    }
}
