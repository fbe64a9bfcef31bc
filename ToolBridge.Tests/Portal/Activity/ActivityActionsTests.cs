using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Activity;

namespace ToolBridge.Tests.Portal.Activity;

/// <summary>
/// Every action the services can write to the audit log reads as words on the Activity page. The actions are found in
/// the code that writes them (the literals next to <c>AuditLog.Add</c>, and the entity pipeline's verbs with each entity
/// type's process actions), so a new action fails here until its wording is checked below.
/// </summary>
public sealed partial class ActivityActionsTests
{
    /// <summary>What people should read for each action, before the item's title (and after it, for "read" and "delivered").</summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["note.create"] = "created note", ["note.update"] = "updated note", ["note.patch"] = "patched note",
        ["note.delete"] = "deleted note", ["note.restore"] = "restored note", ["note.pin"] = "pinned note",
        ["note.unpin"] = "unpinned note", ["note.archive"] = "archived note", ["note.unarchive"] = "unarchived note",

        ["task.create"] = "created task", ["task.update"] = "updated task", ["task.patch"] = "patched task",
        ["task.delete"] = "deleted task", ["task.restore"] = "restored task", ["task.start"] = "started task",
        ["task.complete"] = "completed task", ["task.reopen"] = "reopened task", ["task.archive"] = "archived task",

        ["comment.create"] = "created comment", ["comment.update"] = "updated comment", ["comment.patch"] = "patched comment",
        ["comment.delete"] = "deleted comment", ["comment.restore"] = "restored comment", ["comment.resolve"] = "resolved comment",
        ["comment.reopen"] = "reopened comment", ["comment.archive"] = "archived comment",

        ["chat.create"] = "created chat", ["chat.update"] = "updated chat", ["chat.patch"] = "patched chat",
        ["chat.delete"] = "deleted chat", ["chat.restore"] = "restored chat", ["chat.resolve"] = "resolved chat",
        ["chat.reopen"] = "reopened chat", ["chat.archive"] = "archived chat", ["chat.unarchive"] = "unarchived chat",

        ["chat_message.create"] = "created chat message", ["chat_message.update"] = "updated chat message",
        ["chat_message.patch"] = "patched chat message", ["chat_message.delete"] = "deleted chat message",
        ["chat_message.restore"] = "restored chat message", ["chat_message.mark_read"] = "marked chat message … read",
        ["chat_message.mark_delivered"] = "marked chat message … delivered", ["chat_message.archive"] = "archived chat message",
        ["chat_message.unarchive"] = "unarchived chat message",

        ["token.issue"] = "issued token", ["token.rotate"] = "rotated token", ["token.revoke"] = "revoked token", ["token.allow"] = "allowed token",

        ["member.add"] = "added member", ["member.role_changed"] = "changed role of member", ["member.remove"] = "removed member",

        ["tenant.create"] = "created tenant", ["tenant.settings_changed"] = "changed settings of tenant",
        ["tenant.suspended"] = "suspended tenant", ["tenant.reactivated"] = "reactivated tenant",
    };

    [Fact]
    public void EveryActionTheServicesWrite_HasAReadableLabel()
    {
        var written = WrittenActions();

        Assert.True(written.SetEquals(Expected.Keys),
            $"Actions written but not worded here: {string.Join(", ", written.Except(Expected.Keys))}; worded here but not written: {string.Join(", ", Expected.Keys.Except(written))}");
        Assert.All(written.Order(), action =>
        {
            var (before, after) = ActivityActions.Phrase(action);
            Assert.Equal(Expected[action], after.Length == 0 ? before : $"{before} … {after}");
        });
    }

    [Theory]
    [InlineData("note.create", "created note")]
    [InlineData("chat_message.mark_read", "marked chat message read")]
    [InlineData("member.role_changed", "changed role of member")]
    [InlineData("weird", "weird")]
    public void Text_Action_IsThePhraseWithoutTheItem(string action, string expected)
    {
        var text = ActivityActions.Text(action);

        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("create", "created")]
    [InlineData("pin", "pinned")]
    [InlineData("unpin", "unpinned")]
    [InlineData("reopen", "reopened")]
    [InlineData("add", "added")]
    [InlineData("patch", "patched")]
    [InlineData("apply", "applied")]
    [InlineData("suspended", "suspended")]
    public void Past_Verb_FollowsEnglishSpelling(string verb, string expected)
    {
        var past = ActivityActions.Past(verb);

        Assert.Equal(expected, past);
    }

    /// <summary>
    /// The actions found where they are written: literal ones (<c>"token.revoke"</c>) in the files that call
    /// <c>AuditLog.Add</c>, and <c>{type}.{verb}</c> of the entity pipeline, for each entity service's type, with the
    /// pipeline's own verbs (<c>$"{EntityType}.create"</c>, <c>ChangeAsync(…, "update", …)</c>) and the service's process actions.
    /// </summary>
    private static HashSet<string> WrittenActions()
    {
        var files = Directory.EnumerateFiles(RepositoryFiles.PathOf("ToolBridge.Data"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(f => (Path: f, Root: CSharpSyntaxTree.ParseText(File.ReadAllText(f)).GetCompilationUnitRoot()))
            .ToList();
        var writers = files.Where(f => f.Root.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.Expression.ToString() == "AuditLog.Add")).ToList();

        var actions = writers
            .SelectMany(f => f.Root.DescendantNodes().OfType<LiteralExpressionSyntax>())
            .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression) && ActionName().IsMatch(l.Token.ValueText))
            .Select(l => l.Token.ValueText)
            .ToHashSet();

        var pipeline = files.Single(f => Path.GetFileName(f.Path) == "EntityService.cs").Root;
        var verbs = pipeline.DescendantNodes().OfType<InterpolatedStringExpressionSyntax>()
            .Select(s => PipelineAction().Match(s.ToString()))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Concat(pipeline.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Where(i => i.Expression.ToString() == "ChangeAsync" && i.ArgumentList.Arguments.Count > 3)
                .Select(i => i.ArgumentList.Arguments[3].Expression)
                .OfType<LiteralExpressionSyntax>()
                .Select(l => l.Token.ValueText))
            .ToList();
        Assert.Contains("create", verbs);

        using var services = new ServiceCollection().AddLogging().AddToolBridgeData("Host=unused").BuildServiceProvider();
        var entityServices = typeof(EntityService<,,,,>).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(EntityService<,,,,>))
            .Select(t => services.GetRequiredService(t))
            .ToList();
        Assert.Equal(5, entityServices.Count);
        foreach (var service in entityServices)
        {
            var type = (string)service.GetType().GetProperty("EntityType", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(service)!;
            var processActions = (IEnumerable<string>)service.GetType().GetProperty("ActionNames")!.GetValue(service)!;
            actions.UnionWith(verbs.Concat(processActions).Select(verb => $"{type}.{verb}"));
        }

        return actions;
    }

    [GeneratedRegex("^[a-z][a-z_]*\\.[a-z][a-z_]*$")]
    private static partial Regex ActionName();

    [GeneratedRegex("^\\$\"\\{EntityType\\}\\.([a-z_]+)\"$")]
    private static partial Regex PipelineAction();
}
