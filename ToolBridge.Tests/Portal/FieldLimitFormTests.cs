using System.Diagnostics;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Chats;
using ToolBridge.Web.Components.Pages.Comments;
using ToolBridge.Web.Components.Pages.Members;
using ToolBridge.Web.Components.Pages.Notes;
using ToolBridge.Web.Components.Pages.Tasks;
using ToolBridge.Web.Components.Pages.Tenants;
using ToolBridge.Web.Components.Pages.Tokens;
using Xunit.Abstractions;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal;

/// <summary>
/// Every limit of the input classes the portal's forms bind to (<see cref="FieldLimit"/>, found by reflection), through
/// the forms as a person fills them: a value exactly at the limit is saved and stored unchanged, one past it shows the
/// field's error next to the field and nothing is written. A limited field a form does not show must be named, with why.
/// </summary>
public sealed class FieldLimitFormTests(DatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Forms => new() { "note", "task", "chat", "comment", "chat message", "token", "tenant settings", "new tenant", "member" };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Form_EachLimitedField_SavesTheLimitAndShowsTheFieldsErrorOnePastWritingNothing(string name)
    {
        await using var form = await PortalForm.CreateAsync(name, fixture);
        var clock = Stopwatch.StartNew();
        var limits = FieldLimit.All.Where(l => l.Model.IsAssignableFrom(form.Model)).ToList();
        var unaccounted = limits.Select(l => l.Property.Name).Distinct().Where(p => !form.Inputs.ContainsKey(p) && !form.NotShown.ContainsKey(p)).ToList();
        Assert.True(unaccounted.Count == 0, $"the {name} form neither shows nor explains these limited fields: {string.Join(", ", unaccounted)}");
        var shown = limits.Where(l => form.Inputs.ContainsKey(l.Property.Name)).ToList();
        var failures = new List<string>();

        await form.ShowAsync();
        var writes = await form.WritesAsync();
        var refused = 0;
        foreach (var past in shown.SelectMany(l => l.Cases()).Where(c => !c.Fits))
        {
            var property = past.Limit.Property.Name;
            await form.SetAsync(property, Text(past.Value));
            await form.SubmitAsync();
            var problem = WaitFor(() => form.ErrorOf(property) is { } error
                && error.Contains(past.Limit.Property.Name, StringComparison.OrdinalIgnoreCase) && error.Contains("at most", StringComparison.Ordinal)
                ? null
                : $"no error next to the field (it shows \"{form.ErrorOf(property)}\")");
            if (problem is not null)
            {
                failures.Add($"{past}: {problem}");
            }

            await form.SetAsync(property, form.Valid[property]);
            refused++;
        }

        var writesAfter = await form.WritesAsync();
        if (writesAfter != writes)
        {
            failures.Add($"{writesAfter - writes} writes while every value was one past a limit");
        }

        // Values at the limit, all fields at once: as many saves as the field with the most such values has.
        var fits = shown.SelectMany(l => l.Cases()).Where(c => c.Fits).GroupBy(c => c.Limit.Property.Name).ToDictionary(g => g.Key, g => g.ToList());
        var saves = fits.Values.Max(v => v.Count);
        for (var pass = 0; pass < saves; pass++)
        {
            await form.ShowAsync();
            var sent = fits.ToDictionary(f => f.Key, f => f.Value[Math.Min(pass, f.Value.Count - 1)]);
            foreach (var (property, value) in sent)
            {
                await form.SetAsync(property, Text(value.Value));
            }

            var before = await form.WritesAsync();
            await form.SubmitAsync();
            if (!await EventuallyAsync(async () => await form.WritesAsync() > before))
            {
                failures.Add($"save {pass + 1} ({string.Join(", ", sent.Values)}) wrote nothing; the form says: {form.Text()}");
                continue;
            }

            var stored = await form.StoredAsync();
            foreach (var (property, value) in sent)
            {
                if (!JsonNode.DeepEquals(value.Value, stored[value.Limit.Field]))
                {
                    failures.Add($"{value}: stored {Describe(stored[value.Limit.Field])} instead of {Describe(value.Value)}");
                }
            }
        }

        output.WriteLine($"limits: {name} form: {shown.Count} limits on {fits.Count} fields, {refused} values one past refused next to the field, {fits.Values.Sum(v => v.Count)} values at the limit saved in {saves} saves, in {clock.ElapsedMilliseconds} ms");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>What a person types for a value: lists as the forms take them, separated by commas.</summary>
    private static string Text(JsonNode value) => value is JsonArray items ? string.Join(", ", items.Select(i => (string)i!)) : (string)value!;

    private static string? WaitFor(Func<string?> problem)
    {
        var deadline = Stopwatch.StartNew();
        string? last;
        while ((last = problem()) is not null && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(20);
        }

        return last;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }

    private static string Describe(JsonNode? value)
    {
        var json = value?.ToJsonString() ?? "null";
        return json.Length <= 200 ? json : json[..200] + $"… ({json.Length} characters)";
    }

    /// <summary>One form of the portal: how to open it, its inputs, and where what it saves is stored.</summary>
    private abstract class PortalForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : IAsyncDisposable
    {
        protected DatabaseFixture Fixture { get; } = fixture;

        protected PortalTestContext Context { get; } = context;

        protected TestTenant Tenant { get; } = tenant;

        protected Providers Providers { get; } = context.RenderProviders();

        /// <summary>The input class the form binds to.</summary>
        public abstract Type Model { get; }

        /// <summary>Each limited property the form shows, and the id of its input.</summary>
        public abstract IReadOnlyDictionary<string, string> Inputs { get; }

        /// <summary>Limited properties the form does not let a person type, and why.</summary>
        public virtual IReadOnlyDictionary<string, string> NotShown => new Dictionary<string, string>
        {
            ["Extra"] = "kept as the item has it: only MCP clients write extra",
        };

        /// <summary>A valid value for each shown property, put back after a case one past the limit.</summary>
        public abstract IReadOnlyDictionary<string, string> Valid { get; }

        /// <summary>Where the form is rendered: a dialog or the page.</summary>
        protected abstract Surface Root { get; }

        protected abstract string FormSelector { get; }

        public static async Task<PortalForm> CreateAsync(string name, DatabaseFixture fixture)
        {
            var tenant = await fixture.NewTenantAsync($"Limits {Guid.NewGuid():N}");
            var context = new PortalTestContext(fixture);
            var owner = name is "tenant settings" or "member" or "new tenant";
            await context.SignInAsync(owner ? tenant.Owner : tenant.Member);
            PortalForm form = name switch
            {
                "note" => new NoteForm(fixture, context, tenant),
                "task" => new TaskForm(fixture, context, tenant),
                "chat" => new ChatForm(fixture, context, tenant),
                "comment" => new CommentForm(fixture, context, tenant),
                "chat message" => new MessageForm(fixture, context, tenant),
                "token" => new TokenForm(fixture, context, tenant),
                "tenant settings" => new SettingsForm(fixture, context, tenant),
                "new tenant" => new NewTenantForm(fixture, context, tenant),
                "member" => new MemberForm(fixture, context, tenant),
                _ => throw new ArgumentOutOfRangeException(nameof(name)),
            };
            await form.InitializeAsync();
            return form;
        }

        protected virtual Task InitializeAsync() => Task.CompletedTask;

        /// <summary>Opens the form afresh, its fields valid.</summary>
        public abstract Task ShowAsync();

        /// <summary>What was saved last, as the service returns it (snake_case JSON).</summary>
        public abstract Task<JsonObject> StoredAsync();

        public virtual async Task<int> WritesAsync() => (await Fixture.AuditAsync(Tenant.Id)).Count;

        public Task SetAsync(string property, string text) => Root.InvokeAsync(() =>
        {
            var input = Root.Find($"#{Inputs[property]}");
            try
            {
                input.Change(text);
            }
            catch (MissingEventHandlerException)
            {
                input.Input(text);
            }
        });

        public Task SubmitAsync() => Root.InvokeAsync(() => Root.Find(FormSelector).Submit());

        /// <summary>The error shown next to a field: inside its control, or right after it; null when there is none.</summary>
        public string? ErrorOf(string property)
        {
            var control = Root.Find($"#{Inputs[property]}").Closest(".mud-input-control");
            var texts = new[] { control, control?.NextElementSibling }
                .Where(e => e is not null)
                .SelectMany(e => e!.QuerySelectorAll(".mud-input-error, .validation-message").Concat(e!.Matches(".mud-input-error, .validation-message") ? [e] : []))
                .Select(e => e.TextContent.Trim())
                .Where(t => t.Length > 0)
                .ToList();
            return texts.Count == 0 ? null : string.Join(" | ", texts);
        }

        public string Text() => string.Join(" | ", Root.FindAll(FormSelector).Select(f => f.TextContent.Trim())) + " · snackbars: " + string.Join(" | ", Context.Snackbars);

        /// <summary>Closes what a case left open (a dialog not saved, a secret shown), in one step on the renderer's thread.</summary>
        protected Task ClickIfShownAsync(string button) => Providers.Dialogs.InvokeAsync(() =>
        {
            if (Providers.Dialogs.FindAll(button).FirstOrDefault() is { } shown)
            {
                shown.Click();
            }
        });

        protected async Task SetValidAsync()
        {
            foreach (var (property, value) in Valid)
            {
                await SetAsync(property, value);
            }
        }

        public async ValueTask DisposeAsync() => await Context.DisposeAsync();
    }

    /// <summary>Where a form is rendered (a page or the dialog provider), whatever the component type.</summary>
    private sealed record Surface(Func<string, IElement> Find, Func<string, IReadOnlyList<IElement>> FindAll, Func<Action, Task> InvokeAsync)
    {
        public static Surface Of<T>(IRenderedComponent<T> cut) where T : IComponent =>
            new(cut.Find, selector => cut.FindAll(selector), action => cut.InvokeAsync(action));
    }

    /// <summary>A create dialog opened from its page's "New" button.</summary>
    private abstract class CreateDialogForm<TPage>(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : PortalForm(fixture, context, tenant)
        where TPage : ToolBridge.Web.Components.Shared.TenantPageBase
    {
        private IRenderedComponent<TPage>? _page;

        protected abstract string CreateButton { get; }

        protected abstract string DialogSelector { get; }

        protected override Surface Root => Surface.Of(Providers.Dialogs);

        protected override Task InitializeAsync()
        {
            _page = Context.Render<TPage>(p => p.Add(c => c.Slug, Tenant.Tenant.Slug));
            _page.WaitForElement($"button.{CreateButton}:not([disabled])");
            return Task.CompletedTask;
        }

        /// <summary>The dialog's cancel button, which closes it when a case left it open.</summary>
        protected abstract string CancelButton { get; }

        public override async Task ShowAsync()
        {
            await ClickIfShownAsync($"button.{CancelButton}");

            Providers.Dialogs.WaitForAssertion(() => Assert.Empty(Providers.Dialogs.FindAll(DialogSelector)));
            var page = _page!;
            await page.InvokeAsync(() => page.Find($"button.{CreateButton}").Click());
            Providers.Dialogs.WaitForElement(DialogSelector);
            await SetValidAsync();
        }
    }

    private sealed class NoteForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : CreateDialogForm<NotesPage>(fixture, context, tenant)
    {
        public override Type Model => typeof(NoteInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["Title"] = "note-title", ["Content"] = "note-content", ["Tags"] = "note-tags" };

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Title"] = "Valid", ["Content"] = "", ["Tags"] = "" };

        protected override string CreateButton => "create-note";

        protected override string CancelButton => "note-cancel";

        protected override string DialogSelector => ".note-dialog";

        protected override string FormSelector => "form#note-form";

        public override async Task<JsonObject> StoredAsync() =>
            Json.ToObject(Ok(await Fixture.Get<NoteService>().BrowseAsync(Tenant.Member, new NoteListQuery(), new GridRequest { SortBy = "created_at" })).Items[0]);
    }

    private sealed class TaskForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : CreateDialogForm<TasksPage>(fixture, context, tenant)
    {
        public override Type Model => typeof(TaskInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["Title"] = "task-title", ["Description"] = "task-description", ["Tags"] = "task-tags" };

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Title"] = "Valid", ["Description"] = "", ["Tags"] = "" };

        protected override string CreateButton => "create-task";

        protected override string CancelButton => "task-cancel";

        protected override string DialogSelector => ".task-dialog";

        protected override string FormSelector => "form#task-form";

        public override async Task<JsonObject> StoredAsync() =>
            Json.ToObject(Ok(await Fixture.Get<TaskService>().BrowseAsync(Tenant.Member, new TaskListQuery(), new GridRequest { SortBy = "created_at" })).Items[0]);
    }

    private sealed class ChatForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : CreateDialogForm<ChatsPage>(fixture, context, tenant)
    {
        public override Type Model => typeof(ChatInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string>
        {
            ["Title"] = "chat-title", ["Description"] = "chat-description", ["Participants"] = "chat-participants", ["Tags"] = "chat-tags",
        };

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Title"] = "Valid", ["Description"] = "", ["Participants"] = "", ["Tags"] = "" };

        protected override string CreateButton => "create-chat";

        protected override string CancelButton => "chat-cancel";

        protected override string DialogSelector => ".chat-dialog";

        protected override string FormSelector => "form#chat-form";

        public override async Task<JsonObject> StoredAsync() =>
            Json.ToObject(Ok(await Fixture.Get<ChatService>().BrowseAsync(Tenant.Member, new ChatListQuery(), new GridRequest { SortBy = "created_at" })).Items[0]);
    }

    /// <summary>The comment dialog, editing a comment on a note (comments are created from their note or task).</summary>
    private sealed class CommentForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : PortalForm(fixture, context, tenant)
    {
        private Guid _comment;

        public override Type Model => typeof(CommentInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["Content"] = "comment-content", ["Author"] = "comment-author" };

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Content"] = "Valid", ["Author"] = "" };

        protected override Surface Root => Surface.Of(Providers.Dialogs);

        protected override string FormSelector => "form#comment-form";

        protected override async Task InitializeAsync()
        {
            var note = Ok(await Fixture.Get<NoteService>().CreateAsync(Tenant.Member, new NoteInput { Title = "Parent" }));
            _comment = Ok(await Fixture.Get<CommentService>().CreateAsync(Tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note.Uid, Content = "Valid" })).Uid;
        }

        public override async Task ShowAsync()
        {
            await ClickIfShownAsync("button.comment-cancel");

            Providers.Dialogs.WaitForAssertion(() => Assert.Empty(Providers.Dialogs.FindAll(".comment-dialog")));

            // A page rendered afresh reads the comment as stored: the grid of the last save may not have reloaded yet,
            // and a dialog opened from it would hold the previous version and save into a conflict.
            var page = Context.Render<CommentsPage>(p => p.Add(c => c.Slug, Tenant.Tenant.Slug));
            page.WaitForElement("button.open-comment");
            await page.InvokeAsync(() => page.Find("button.open-comment").Click());
            Providers.Dialogs.WaitForElement(".comment-dialog .comment-meta");
            await SetValidAsync();
        }

        public override async Task<JsonObject> StoredAsync() => Json.ToObject(Ok(await Fixture.Get<CommentService>().GetAsync(Tenant.Member, _comment)));
    }

    /// <summary>The composer under a chat's thread.</summary>
    private sealed class MessageForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : PortalForm(fixture, context, tenant)
    {
        private IRenderedComponent<ChatThreadPage>? _page;
        private Guid _chat;

        public override Type Model => typeof(ChatMessageCreateInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["Content"] = "message-draft" };

        public override IReadOnlyDictionary<string, string> NotShown => new Dictionary<string, string>(base.NotShown)
        {
            ["Sender"] = "the signed-in member: the portal posts as them",
            ["MessageType"] = "text: the portal posts plain messages",
        };

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Content"] = "Valid" };

        protected override Surface Root => Surface.Of(_page!);

        protected override string FormSelector => "form#message-form";

        protected override async Task InitializeAsync()
        {
            _chat = Ok(await Fixture.Get<ChatService>().CreateAsync(Tenant.Member, new ChatInput { Title = "Limits" })).Uid;
            _page = Context.Render<ChatThreadPage>(p => p.Add(c => c.Slug, Tenant.Tenant.Slug).Add(c => c.ChatUid, _chat));
            _page.WaitForElement("form#message-form");
        }

        public override Task ShowAsync() => SetValidAsync();

        public override async Task<JsonObject> StoredAsync() =>
            Json.ToObject(Ok(await Fixture.Get<ChatMessageService>().BrowseAsync(Tenant.Member, new ChatMessageListQuery { ChatUid = _chat }, new GridRequest { SortBy = "created_at" })).Items[0]);
    }

    private sealed class TokenForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : CreateDialogForm<TokensPage>(fixture, context, tenant)
    {
        public override Type Model => typeof(TokenIssueInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["Name"] = "token-name", ["Description"] = "token-description" };

        public override IReadOnlyDictionary<string, string> NotShown => new Dictionary<string, string>();

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Name"] = "Valid", ["Description"] = "" };

        protected override string CreateButton => "issue-token";

        protected override string CancelButton => "issue-cancel";

        protected override string DialogSelector => "form.issue-token-form";

        protected override string FormSelector => "form.issue-token-form";

        /// <summary>After each issue the dialog shows the secret: close it, so the next issue starts from the page.</summary>
        public override async Task ShowAsync()
        {
            await ClickIfShownAsync("button.secret-done");

            await base.ShowAsync();
        }

        public override async Task<JsonObject> StoredAsync() =>
            Json.ToObject((await Context.Tokens.ListAsync(Tenant.Member)).OrderByDescending(t => t.CreatedAt).First());
    }

    private sealed class SettingsForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : PortalForm(fixture, context, tenant)
    {
        private IRenderedComponent<TenantSettingsPage>? _page;

        public override Type Model => typeof(TenantSettingsInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["Name"] = "settings-name" };

        public override IReadOnlyDictionary<string, string> NotShown => new Dictionary<string, string>();

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Name"] = "Valid" };

        protected override Surface Root => Surface.Of(_page!);

        protected override string FormSelector => "form.tenant-settings";

        protected override Task InitializeAsync()
        {
            _page = Context.Render<TenantSettingsPage>(p => p.Add(c => c.Slug, Tenant.Tenant.Slug));
            _page.WaitForElement("form.tenant-settings");
            return Task.CompletedTask;
        }

        public override Task ShowAsync() => SetValidAsync();

        public override async Task<JsonObject> StoredAsync() => Json.ToObject((await Context.Tenants.GetAsync(Tenant.Id))!);
    }

    /// <summary>The Tenants page's form that creates a tenant: its name has the settings' limit.</summary>
    private sealed class NewTenantForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : PortalForm(fixture, context, tenant)
    {
        private IRenderedComponent<TenantsPage>? _page;

        public override Type Model => typeof(TenantSettingsInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["Name"] = "tenant-name" };

        public override IReadOnlyDictionary<string, string> NotShown => new Dictionary<string, string>();

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Name"] = "Valid" };

        protected override Surface Root => Surface.Of(_page!);

        protected override string FormSelector => "form.create-tenant";

        /// <summary>Tenants the owner has (a new tenant writes to its own audit log, not to this tenant's).</summary>
        public override async Task<int> WritesAsync() => (await Context.Tenants.ListForUserAsync(Tenant.Owner.Actor.Id)).Count;

        protected override Task InitializeAsync()
        {
            _page = Context.Render<TenantsPage>();
            _page.WaitForElement("form.create-tenant");
            return Task.CompletedTask;
        }

        public override async Task ShowAsync()
        {
            // Creating a tenant navigates to it; the form is rendered afresh for the next one.
            _page = Context.Render<TenantsPage>();
            _page.WaitForElement("form.create-tenant");
            await SetValidAsync();
        }

        public override async Task<JsonObject> StoredAsync() =>
            Json.ToObject((await Context.Tenants.ListForUserAsync(Tenant.Owner.Actor.Id)).OrderByDescending(t => t.Tenant.CreatedAt).First().Tenant);
    }

    private sealed class MemberForm(DatabaseFixture fixture, PortalTestContext context, TestTenant tenant) : PortalForm(fixture, context, tenant)
    {
        private IRenderedComponent<MembersPage>? _page;

        public override Type Model => typeof(MemberInput);

        public override IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["Email"] = "invite-email" };

        public override IReadOnlyDictionary<string, string> NotShown => new Dictionary<string, string>();

        public override IReadOnlyDictionary<string, string> Valid => new Dictionary<string, string> { ["Email"] = "valid@example.com" };

        protected override Surface Root => Surface.Of(_page!);

        protected override string FormSelector => "form.invite-member";

        protected override Task InitializeAsync()
        {
            _page = Context.Render<MembersPage>(p => p.Add(c => c.Slug, Tenant.Tenant.Slug));
            _page.WaitForElement("form.invite-member");
            return Task.CompletedTask;
        }

        public override Task ShowAsync() => SetValidAsync();

        public override async Task<JsonObject> StoredAsync() =>
            Json.ToObject((await Context.Members.ListMembersAsync(Tenant.Owner)).OrderByDescending(m => m.JoinedAt).First());
    }
}
