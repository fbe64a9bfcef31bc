using System.Text.Json;
using ModelContextProtocol.Client;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// The tenant comes from the credential only (docs/domain.md, "Tenants, people and roles"): a caller of tenant B gets, for
/// tenant A's uids and parents, exactly what it gets for uids that do not exist, and no list ever shows A's rows. Run with
/// portal-issued tokens (<see cref="TenantIsolationTests"/>) and with OAuth clients (<see cref="OAuthTenantIsolationTests"/>).
/// </summary>
public abstract class TenantIsolationMatrix
{
    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task EveryUidTool_OtherTenantsUid_IsNotFoundExactlyLikeAMissingOne(string name)
    {
        var entity = McpEntity.For(name);
        var (clientA, clientB) = await TwoTenantsAsync();
        await using (clientA)
        await using (clientB)
        {
            var ofA = await entity.CreateAsync(clientA);
            var missing = Guid.NewGuid();

            foreach (var (tool, args) in entity.UidTools)
            {
                var probe = (await clientB.CallAsync(tool, args.With("uid", ofA))).ErrorOf();
                var baseline = (await clientB.CallAsync(tool, args.With("uid", missing))).ErrorOf();

                Assert.Equal("not_found", (string?)probe["error"]);
                Assert.Equal(baseline.ToJsonString().Replace(missing.ToString(), ofA.ToString()), probe.ToJsonString());
            }

            var unchanged = (await clientA.CallAsync(entity.Get, new { uid = ofA })).ContentOf();
            Assert.Equal(1, unchanged.GetProperty("version").GetInt64());
        }
    }

    [Fact]
    public async Task CreateTools_OtherTenantsParent_AreRefusedExactlyLikeAMissingParent()
    {
        var (clientA, clientB) = await TwoTenantsAsync();
        await using (clientA)
        await using (clientB)
        {
            var noteOfA = await McpEntity.NewAsync(clientA, "create_note", new { title = "A's note" });
            var taskOfA = await McpEntity.NewAsync(clientA, "create_task", new { title = "A's task" });
            var chatOfA = await McpEntity.NewAsync(clientA, "create_chat", new { title = "A's chat" });
            var missing = Guid.NewGuid();
            var probes = new (string Tool, Func<Guid, object> Args, Guid OfA)[]
            {
                ("create_comment", uid => new { parent_type = "note", parent_uid = uid, content = "x" }, noteOfA),
                ("create_comment", uid => new { parent_type = "task", parent_uid = uid, content = "x" }, taskOfA),
                ("create_chat_message", uid => new { chat_uid = uid, content = "x" }, chatOfA),
                ("create_task", uid => new { title = "x", parent_task_uid = uid }, taskOfA),
            };

            foreach (var (tool, args, ofA) in probes)
            {
                var probe = (await clientB.CallAsync(tool, args(ofA))).ErrorOf();
                var baseline = (await clientB.CallAsync(tool, args(missing))).ErrorOf();

                Assert.Equal("validation", (string?)probe["error"]);
                Assert.Equal(baseline.ToJsonString().Replace(missing.ToString(), ofA.ToString()), probe.ToJsonString());
            }

            Assert.Empty((await clientA.CallAsync("list_comments", new { parent_uid = noteOfA })).ContentOf().GetProperty("items").EnumerateArray());
        }
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task ListTools_NeverReturnAnotherTenantsRows(string name)
    {
        var entity = McpEntity.For(name);
        var (clientA, clientB) = await TwoTenantsAsync();
        await using (clientA)
        await using (clientB)
        {
            var ofA = await entity.CreateAsync(clientA);
            var deletedOfA = await entity.CreateAsync(clientA);
            await clientA.CallAsync(entity.Delete, new { uid = deletedOfA });
            var ofB = await entity.CreateAsync(clientB);

            var listB = await UidsAsync(clientB, entity.ListTool, new { include_deleted = true, limit = 200 });
            var listA = await UidsAsync(clientA, entity.ListTool, new { include_deleted = true, limit = 200 });

            Assert.Equal([ofB], listB);
            Assert.Equal(new[] { ofA, deletedOfA }.Order(), listA.Order());
        }
    }

    [Fact]
    public async Task ListFilters_ByAnotherTenantsParent_ReturnNothing()
    {
        var (clientA, clientB) = await TwoTenantsAsync();
        await using (clientA)
        await using (clientB)
        {
            var noteOfA = await McpEntity.NewAsync(clientA, "create_note", new { title = "A" });
            await clientA.CallAsync("create_comment", new { parent_type = "note", parent_uid = noteOfA, content = "secret" });
            var chatOfA = await McpEntity.NewAsync(clientA, "create_chat", new { title = "A" });
            await clientA.CallAsync("create_chat_message", new { chat_uid = chatOfA, content = "secret" });
            var taskOfA = await McpEntity.NewAsync(clientA, "create_task", new { title = "A" });
            await clientA.CallAsync("create_task", new { title = "sub", parent_task_uid = taskOfA });

            Assert.Empty(await UidsAsync(clientB, "list_comments", new { parent_uid = noteOfA }));
            Assert.Empty(await UidsAsync(clientB, "list_chat_messages", new { chat_uid = chatOfA }));
            Assert.Empty(await UidsAsync(clientB, "list_tasks", new { parent_task_uid = taskOfA }));
            Assert.Empty(await UidsAsync(clientB, "list_comments", new { query = "secret" }));
        }
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task Create_WithAUidTakenInAnotherTenant_SucceedsAndLeavesTheOtherAlone(string name)
    {
        var entity = McpEntity.For(name);
        var (clientA, clientB) = await TwoTenantsAsync();
        await using (clientA)
        await using (clientB)
        {
            var ofA = await entity.CreateAsync(clientA);

            var ofB = (await clientB.CallAsync(entity.Create, (await entity.CreateArgs(clientB)).With("uid", ofA))).ContentOf();

            Assert.Equal(ofA, ofB.GetProperty("uid").GetGuid());
            Assert.NotEqual(
                (await clientA.CallAsync(entity.Get, new { uid = ofA })).ContentOf().GetProperty("created_by").GetString(),
                ofB.GetProperty("created_by").GetString());
        }
    }

    [Fact]
    public async Task SearchAndFetch_NeverShowAnotherTenantsItems()
    {
        var (clientA, clientB) = await TwoTenantsAsync();
        await using (clientA)
        await using (clientB)
        {
            var marker = $"secret-{Guid.NewGuid():N}";
            var noteOfA = await McpEntity.NewAsync(clientA, "create_note", new { title = marker, tags = new[] { marker } });
            var taskOfA = await McpEntity.NewAsync(clientA, "create_task", new { title = marker });
            var commentOfA = await McpEntity.NewAsync(clientA, "create_comment", new { parent_type = "note", parent_uid = noteOfA, content = marker });
            var chatOfA = await McpEntity.NewAsync(clientA, "create_chat", new { title = marker });
            var messageOfA = await McpEntity.NewAsync(clientA, "create_chat_message", new { chat_uid = chatOfA, content = marker });
            var ofB = await McpEntity.NewAsync(clientB, "create_note", new { title = "B's own" });
            var missing = Guid.NewGuid();

            Assert.Empty(await UidsAsync(clientB, "search", new { query = marker }));
            Assert.Empty(await UidsAsync(clientB, "search", new { tag = marker }));
            Assert.Empty(await UidsAsync(clientB, "search", new { parent_uid = noteOfA }));
            Assert.Empty(await UidsAsync(clientB, "search", new { parent_uid = chatOfA }));
            Assert.Equal([ofB], await UidsAsync(clientB, "search", new { limit = 200 }));
            Assert.Equal(5, (await UidsAsync(clientA, "search", new { query = marker })).Count);

            foreach (var ofA in new[] { noteOfA, taskOfA, commentOfA, chatOfA, messageOfA })
            {
                var probe = (await clientB.CallAsync("fetch", new { uid = ofA, related = true })).ErrorOf();
                var baseline = (await clientB.CallAsync("fetch", new { uid = missing, related = true })).ErrorOf();

                Assert.Equal("not_found", (string?)probe["error"]);
                Assert.Equal(baseline.ToJsonString().Replace(missing.ToString(), ofA.ToString()), probe.ToJsonString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task ReadsInEitherFormat_ShowOnlyTheirOwnTenant_AndNameOnlyItsPeople(string name)
    {
        var entity = McpEntity.For(name);
        var (clientA, clientB) = await TwoTenantsAsync();
        await using (clientA)
        await using (clientB)
        {
            var ofA = await entity.CreateAsync(clientA);
            var ofB = await entity.CreateAsync(clientB);
            var missing = Guid.NewGuid();

            foreach (var format in new[] { "concise", "detailed" })
            {
                foreach (var tool in new[] { entity.Get, "fetch" })
                {
                    var probe = (await clientB.CallAsync(tool, new { uid = ofA, response_format = format })).ErrorOf();
                    var baseline = (await clientB.CallAsync(tool, new { uid = missing, response_format = format })).ErrorOf();
                    Assert.Equal(baseline.ToJsonString().Replace(missing.ToString(), ofA.ToString()), probe.ToJsonString());
                }

                Assert.Equal([ofB], await UidsAsync(clientB, entity.ListTool, new { include_deleted = true, limit = 200, response_format = format }));
                Assert.Equal([ofB], await UidsAsync(clientB, "search", new { types = new[] { name }, response_format = format }));
            }

            // Who created B's item is named from B's own people: B's token, never anyone of A.
            var own = (await clientB.CallAsync(entity.Get, new { uid = ofB })).ContentOf();
            var health = (await clientB.CallAsync("health_check")).ContentOf();
            Assert.Equal(health.GetProperty("token").GetString(), own.GetProperty("created_by_name").GetString());
        }
    }

    /// <summary>Two new tenants and a client of each: a member of A, the owner of B.</summary>
    protected abstract Task<(McpClient A, McpClient B)> TwoTenantsAsync();

    private static async Task<List<Guid>> UidsAsync(McpClient client, string tool, object args) =>
        (await client.CallAsync(tool, args)).ContentOf().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uid").GetGuid()).ToList();
}

/// <summary>The matrix with portal-issued tokens.</summary>
public sealed class TenantIsolationTests(McpAppFixture app) : TenantIsolationMatrix, IClassFixture<McpAppFixture>
{
    protected override async Task<(McpClient A, McpClient B)> TwoTenantsAsync()
    {
        var a = await app.NewTenantAsync("Tenant A");
        var b = await app.NewTenantAsync("Tenant B");
        return (await app.ConnectAsync((await app.IssueAsync(a.Member)).Secret), await app.ConnectAsync((await app.IssueAsync(b.Owner)).Secret));
    }
}
