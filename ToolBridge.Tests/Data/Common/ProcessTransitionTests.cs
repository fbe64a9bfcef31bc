using System.Text.Json.Nodes;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Common;

/// <summary>The process table of docs/domain.md ("Process actions"), row by row, for every entity type.</summary>
public sealed class ProcessTransitionTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string, string, string, string> Changes => new()
    {
        // entity, actions run first, action, the fields it must leave
        { "note", "", "pin", """{"pinned":true,"status":"active"}""" },
        { "note", "pin", "unpin", """{"pinned":false}""" },
        { "note", "", "archive", """{"status":"archived"}""" },
        { "note", "archive", "unarchive", """{"status":"active"}""" },
        { "task", "", "start", """{"status":"in_progress"}""" },
        { "task", "", "complete", """{"status":"completed"}""" },
        { "task", "start", "complete", """{"status":"completed"}""" },
        { "task", "complete", "reopen", """{"status":"open"}""" },
        { "task", "archive", "reopen", """{"status":"open"}""" },
        { "task", "", "archive", """{"status":"archived"}""" },
        { "task", "start", "archive", """{"status":"archived"}""" },
        { "task", "complete", "archive", """{"status":"archived"}""" },
        { "comment", "", "resolve", """{"status":"resolved"}""" },
        { "comment", "resolve", "reopen", """{"status":"open"}""" },
        { "comment", "archive", "reopen", """{"status":"open"}""" },
        { "comment", "", "archive", """{"status":"archived"}""" },
        { "comment", "resolve", "archive", """{"status":"archived"}""" },
        { "chat", "", "resolve", """{"status":"resolved","archived":false}""" },
        { "chat", "resolve", "reopen", """{"status":"active"}""" },
        { "chat", "", "archive", """{"archived":true,"status":"active"}""" },
        { "chat", "archive", "unarchive", """{"archived":false}""" },
        { "chat", "archive", "resolve", """{"status":"resolved","archived":true}""" },
        { "chat_message", "", "mark_read", """{"read":true,"delivered":true}""" },
        { "chat_message", "", "mark_delivered", """{"delivered":true,"read":false}""" },
        { "chat_message", "", "archive", """{"archived":true}""" },
        { "chat_message", "archive", "unarchive", """{"archived":false}""" },
    };

    public static TheoryData<string, string, string> NoOps => new()
    {
        { "note", "pin", "pin" },
        { "note", "", "unpin" },
        { "note", "archive", "archive" },
        { "note", "", "unarchive" },
        { "note", "archive", "unpin" },
        { "task", "start", "start" },
        { "task", "complete", "complete" },
        { "task", "", "reopen" },
        { "task", "archive", "archive" },
        { "comment", "resolve", "resolve" },
        { "comment", "", "reopen" },
        { "comment", "archive", "archive" },
        { "chat", "resolve", "resolve" },
        { "chat", "", "reopen" },
        { "chat", "archive", "archive" },
        { "chat", "", "unarchive" },
        { "chat_message", "mark_read", "mark_read" },
        { "chat_message", "mark_read", "mark_delivered" },
        { "chat_message", "archive", "archive" },
        { "chat_message", "", "unarchive" },
    };

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        // entity, actions run first, refused action, the actions then allowed
        { "note", "archive", "pin", "unarchive" },
        { "note", "pin,archive", "unpin", "unarchive" },
        { "task", "complete", "start", "reopen,archive" },
        { "task", "archive", "start", "reopen" },
        { "task", "archive", "complete", "reopen" },
        { "task", "start", "reopen", "complete,archive" },
        { "comment", "archive", "resolve", "reopen" },
    };

    public static TheoryData<string, string> InitialActions => new()
    {
        { "note", "pin,archive" },
        { "task", "start,complete,archive" },
        { "comment", "resolve,archive" },
        { "chat", "resolve,archive" },
        { "chat_message", "mark_read,mark_delivered,archive" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Process_AllowedAction_ChangesStateAndVersion(string entity, string setup, string action, string expected)
    {
        var (kit, tenant, item) = await PrepareAsync(entity, setup);

        var result = Ok(await kit.ProcessAsync(tenant.Member, item.Uid, action));

        Assert.Equal(item.Version + 1, result.Version);
        foreach (var (field, value) in JsonNode.Parse(expected)!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(value, result.Json[field]), $"{field}: expected {value}, got {result.Json[field]}");
        }

        Assert.Equal($"{entity}.{action}", (await fixture.AuditAsync(tenant.Id)).Last().Action);
    }

    [Theory]
    [MemberData(nameof(NoOps))]
    public async Task Process_ActionAlreadyInEffect_IsANoOpThatKeepsTheVersion(string entity, string setup, string action)
    {
        var (kit, tenant, item) = await PrepareAsync(entity, setup);
        var events = (await fixture.AuditAsync(tenant.Id)).Count;

        var result = Ok(await kit.ProcessAsync(tenant.Member, item.Uid, action, ifMatch: item.Version));

        Assert.Equal(item.Json.ToJsonString(), result.Json.ToJsonString());
        Assert.Equal(events, (await fixture.AuditAsync(tenant.Id)).Count);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Process_ActionNotAllowedNow_IsAnInvalidTransitionNamingTheAllowedActions(string entity, string setup, string action, string allowed)
    {
        var (kit, tenant, item) = await PrepareAsync(entity, setup);

        var error = Fails(ErrorKind.InvalidTransition, await kit.ProcessAsync(tenant.Member, item.Uid, action));

        Assert.Equal(allowed.Split(','), error.AllowedActions);
        Assert.Contains($"Allowed actions now: {allowed.Replace(",", ", ")}.", error.Message);
        Assert.Equal(item.Json.ToJsonString(), Ok(await kit.GetAsync(tenant.Member, item.Uid)).Json.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(InitialActions))]
    public async Task Item_ListsTheActionsAllowedFromItsState(string entity, string allowed)
    {
        var (_, _, item) = await PrepareAsync(entity, "");

        Assert.Equal(allowed.Split(','), item.Json["allowed_actions"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    private async Task<(IEntityKit Kit, TestTenant Tenant, ItemView Item)> PrepareAsync(string entity, string setup)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var item = Ok(await kit.CreateAsync(tenant.Member));
        foreach (var action in setup.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            item = Ok(await kit.ProcessAsync(tenant.Member, item.Uid, action));
        }

        return (kit, tenant, item);
    }
}
