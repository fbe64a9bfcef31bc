using System.Linq.Expressions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Shared;

namespace ToolBridge.Tests.Portal;

public sealed class ServerValidationTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Show_ServiceFieldErrors_AppearNextToTheirFields()
    {
        await using var context = new PortalTestContext(fixture);
        var cut = context.Render<Form>();

        var shown = await cut.InvokeAsync(() => cut.Instance.Validation!.Show(Error.Validation(new Dictionary<string, string[]>
        {
            ["token_max_lifetime_days"] = ["token_max_lifetime_days is too long for this tenant"],
        })));

        Assert.True(shown);
        Assert.Equal("token_max_lifetime_days is too long for this tenant", cut.Find(".lifetime .validation-message").TextContent);
        Assert.Empty(cut.FindAll(".name .validation-message"));
    }

    [Fact]
    public async Task Show_NotValidation_ShowsNothing()
    {
        await using var context = new PortalTestContext(fixture);
        var cut = context.Render<Form>();

        var shown = await cut.InvokeAsync(() => cut.Instance.Validation!.Show(Error.Forbidden("no")));

        Assert.False(shown);
        Assert.Empty(cut.FindAll(".validation-message"));
    }

    [Fact]
    public async Task Show_ThenFieldChanges_ClearsThatField()
    {
        await using var context = new PortalTestContext(fixture);
        var cut = context.Render<Form>();
        await cut.InvokeAsync(() => cut.Instance.Validation!.Show(Error.Validation(new Dictionary<string, string[]>
        {
            ["name"] = ["name is taken"],
            ["rate_limit_per_minute"] = ["rate_limit_per_minute is too high"],
        })));

        await cut.InvokeAsync(() => cut.Instance.EditContext.NotifyFieldChanged(cut.Instance.EditContext.Field(nameof(TenantSettingsInput.Name))));

        Assert.Empty(cut.FindAll(".name .validation-message"));
        Assert.Equal("rate_limit_per_minute is too high", cut.Find(".rate .validation-message").TextContent);
    }

    /// <summary>An EditForm over the settings input with a ServerValidation and a message slot per field.</summary>
    private sealed class Form : ComponentBase
    {
        public TenantSettingsInput Model { get; } = new();

        public EditContext EditContext { get; private set; } = null!;

        public ServerValidation? Validation { get; private set; }

        protected override void OnInitialized() => EditContext = new EditContext(Model);

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<EditForm>(0);
            builder.AddAttribute(1, nameof(EditForm.EditContext), EditContext);
            builder.AddAttribute(2, nameof(EditForm.ChildContent), (RenderFragment<EditContext>)(_ => inner =>
            {
                inner.OpenComponent<ServerValidation>(0);
                inner.AddComponentReferenceCapture(1, component => Validation = (ServerValidation)component);
                inner.CloseComponent();
                inner.OpenRegion(10);
                Message(inner, "name", () => Model.Name);
                inner.CloseRegion();
                inner.OpenRegion(20);
                Message(inner, "lifetime", () => Model.TokenMaxLifetimeDays);
                inner.CloseRegion();
                inner.OpenRegion(30);
                Message(inner, "rate", () => Model.RateLimitPerMinute);
                inner.CloseRegion();
            }));
            builder.CloseComponent();
        }

        private static void Message<T>(RenderTreeBuilder builder, string cssClass, Expression<Func<T>> field)
        {
            builder.OpenElement(0, "div");
            builder.AddAttribute(1, "class", cssClass);
            builder.OpenComponent<ValidationMessage<T>>(2);
            builder.AddAttribute(3, nameof(ValidationMessage<T>.For), field);
            builder.CloseComponent();
            builder.CloseElement();
        }
    }
}
