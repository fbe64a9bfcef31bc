using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Tokens;
using ToolBridge.Web.Mcp;
using static ToolBridge.Tests.Portal.Tokens.TokensPageSteps;

namespace ToolBridge.Tests.Portal.Tokens;

/// <summary>The secret of a new token: shown once, with each client's set-up, and forgotten when the dialog closes.</summary>
public sealed class TokenSecretDialogTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Issue_ShowsSecretOnceWithWarning()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);

        var secret = IssueThroughDialog(cut, providers, "Laptop");

        Assert.Equal(TokenSecret.Shape.Valid, TokenSecret.Check(secret));
        Assert.Single(providers.Dialogs.FindAll(".token-secret"));
        Assert.Contains("you will not see it again", providers.Dialogs.Find(".secret-warning").TextContent);
    }

    [Fact]
    public async Task Issue_ShowsEachClientsSetUpWithTheEndpointAndTheSecret()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var mcpUrl = context.Services.GetRequiredService<NavigationManager>().BaseUri.TrimEnd('/') + McpEndpoint.Path;
        var cut = RenderPage(context, tenant);

        var secret = IssueThroughDialog(cut, providers, "Laptop");

        var snippets = providers.Dialogs.FindAll(".client-snippet");
        Assert.Equal(["Claude Desktop", "Claude Code", "VS Code", "Cursor"], snippets.Select(s => s.GetAttribute("data-client")));
        Assert.All(snippets, s =>
        {
            var text = s.QuerySelector("pre")!.TextContent;
            Assert.Contains(mcpUrl, text);
            Assert.Contains($"Bearer {secret}", text);
            Assert.NotNull(s.QuerySelector("button.copy-snippet"));
        });
        Assert.StartsWith("claude mcp add --transport http", snippets[1].QuerySelector("pre")!.TextContent.Trim());
        Assert.Equal(["Claude Desktop", "Claude Code", "VS Code", "Cursor"], providers.Dialogs.FindAll(".mud-tab").Select(t => t.TextContent.Trim()));
        Assert.Equal(mcpUrl, providers.Dialogs.Find(".mcp-url").TextContent.Trim());
    }

    [Fact]
    public async Task Copy_SecretAndSnippet_WritesThemToTheClipboard()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var secret = IssueThroughDialog(cut, providers, "Laptop");

        providers.Dialogs.Find("button.copy-secret").Click();
        cut.WaitForAssertion(() => Assert.Contains("The secret was copied to the clipboard.", context.Snackbars));
        providers.Dialogs.FindAll("button.copy-snippet")[2].Click();

        cut.WaitForAssertion(() => Assert.Contains("The VS Code set-up was copied to the clipboard.", context.Snackbars));
        var copied = context.JSInterop.Invocations["navigator.clipboard.writeText"].Select(i => (string)i.Arguments[0]!).ToList();
        Assert.Equal(2, copied.Count);
        Assert.Equal(secret, copied[0]);
        Assert.Equal(providers.Dialogs.FindAll(".client-snippet pre")[2].TextContent, copied[1]);
    }

    [Fact]
    public async Task Close_SecretDialog_ForgetsTheSecret()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        var secret = IssueThroughDialog(cut, providers, "Laptop");
        Assert.Contains(secret, providers.Dialogs.Markup);

        providers.Dialogs.Find("button.secret-done").Click();

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindComponents<TokenSecretDialog>()));
        cut.WaitForAssertion(() => Assert.Equal(["Laptop"], NamesShown(cut)));
        Assert.DoesNotContain(secret, providers.Dialogs.Markup);
        Assert.DoesNotContain(secret, providers.Popovers.Markup);
        Assert.DoesNotContain(secret, cut.Markup);
        Assert.Empty(FieldsHolding(cut.Instance, secret));
    }

    /// <summary>Issues a read token through the page's dialog and returns the secret the secret dialog shows.</summary>
    private static string IssueThroughDialog(IRenderedComponent<TokensPage> cut, Providers providers, string name)
    {
        OpenIssueDialog(cut, providers);
        providers.Dialogs.Find("#token-name").Change(name);
        Submit(providers);
        return providers.Dialogs.WaitForElement(".token-secret").TextContent.Trim();
    }

    /// <summary>The page's fields (its own and its base classes') whose value holds the secret.</summary>
    private static List<string> FieldsHolding(object component, string secret)
    {
        var holding = new List<string>();
        for (var type = component.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var value = field.GetValue(component);
                if (value is IssuedToken || (value is string text && text.Contains(secret)) || (value?.ToString()?.Contains(secret) ?? false))
                {
                    holding.Add($"{type.Name}.{field.Name}");
                }
            }
        }

        return holding;
    }
}
