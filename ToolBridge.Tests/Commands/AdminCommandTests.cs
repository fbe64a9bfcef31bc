using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Commands;

/// <summary>
/// The admin commands as an operator runs them: the built app as its own process on a database of its own, checked
/// through the app's services and its real MCP endpoint on the same database.
/// </summary>
public sealed class AdminCommandTests(AdminCommandFixture cli) : IClassFixture<AdminCommandFixture>
{
    private static readonly Regex SecretLine = new("^tb_[0-9A-Za-z]{49}$");

    // ---- tenants ----

    [Fact]
    public async Task TenantsCreate_NewOwner_PrintsOnlyTheSlugAndMakesThemOwner()
    {
        var id = Unique();
        var email = $"new-{id}@example.com";
        Assert.Null(await cli.Get<UserService>().FindByEmailAsync(email));

        var run = await cli.RunAsync("tenants", "create", "--name", $"Acme {id}", "--owner", email);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"acme-{id}" + Environment.NewLine, run.Stdout);
        var user = await cli.Get<UserService>().FindByEmailAsync(email);
        Assert.NotNull(user);
        var tenant = await cli.Get<TenantService>().GetBySlugAsync($"acme-{id}");
        Assert.NotNull(tenant);
        Assert.Equal($"Acme {id}", tenant.Name);
        var owner = await cli.Get<TenantService>().ScopeForUserAsync(tenant.Id, user.Id);
        Assert.Equal(MemberRole.Owner, owner?.Role);
        var member = Assert.Single(await cli.Get<MemberService>().ListMembersAsync(owner!));
        Assert.Equal(email, member.Email);
        Assert.True(member.Pending);
    }

    [Fact]
    public async Task TenantsCreate_ExistingUser_MakesThemOwnerWithoutASecondUser()
    {
        var id = Unique();
        var existing = await cli.Get<UserService>().EnsureAsync($"known-{id}@example.com", "Known Person");

        var run = await cli.RunAsync("tenants", "create", "--name", $"Known {id}", "--owner", $"Known-{id}@Example.com");

        Assert.True(run.ExitCode == 0, run.ToString());
        var tenant = await cli.Get<TenantService>().GetBySlugAsync(run.Stdout.Trim());
        var scope = await cli.Get<TenantService>().ScopeForUserAsync(tenant!.Id, existing.Id);
        Assert.Equal(MemberRole.Owner, scope?.Role);
        Assert.Equal(existing.Id, (await cli.Get<UserService>().FindByEmailAsync($"known-{id}@example.com"))!.Id);
    }

    [Fact]
    public async Task TenantsList_AfterCreate_ListsSlugStatusAndName()
    {
        var id = Unique();
        var created = await cli.RunAsync("tenants", "create", "--name", $"Listed {id}", "--owner", $"listed-{id}@example.com");
        Assert.True(created.ExitCode == 0, created.ToString());

        var run = await cli.RunAsync("tenants", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"listed-{id}\tactive\tListed {id}", Lines(run.Stdout));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("@example.com")]
    public async Task TenantsCreate_OwnerNotAnEmail_ExitsTwoAndCreatesNothing(string owner)
    {
        var id = Unique();

        var run = await cli.RunAsync("tenants", "create", "--name", $"Bad owner {id}", "--owner", owner);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--owner", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Null(await cli.Get<UserService>().FindByEmailAsync(owner));
        Assert.Null(await cli.Get<TenantService>().GetBySlugAsync($"bad-owner-{id}"));
    }

    [Fact]
    public async Task TenantsCreate_BlankName_ExitsTwoAndCreatesNoUser()
    {
        var email = $"blank-{Unique()}@example.com";

        var run = await cli.RunAsync("tenants", "create", "--name", " ", "--owner", email);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("name is required", run.Stderr);
        Assert.Null(await cli.Get<UserService>().FindByEmailAsync(email));
    }

    // ---- tokens issue ----

    [Fact]
    public async Task TokensIssue_Defaults_PrintsOnlyTheSecretOfAReadWriteTokenFor30Days()
    {
        var (tenant, owner) = await cli.NewTenantAsync();
        var before = DateTimeOffset.UtcNow;

        var run = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "cli");

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(Lines(run.Stdout));
        Assert.Matches(SecretLine, line);
        Assert.Equal(line + Environment.NewLine, run.Stdout);
        Assert.DoesNotContain(line, run.Stderr);
        var token = Assert.Single(await cli.TokensAsync(tenant.Id));
        Assert.Equal("cli", token.Name);
        Assert.Equal(owner.Id, token.OwnerUserId);
        Assert.Equal([TokenRules.Read, TokenRules.Write], token.Scopes);
        Assert.Null(token.Tools);
        Assert.InRange(token.ExpiresAt, before.AddDays(30), DateTimeOffset.UtcNow.AddDays(30));
        Assert.Equal(TokenSecret.Hint(line), token.Hint);
    }

    [Fact]
    public async Task TokensIssue_Secret_WorksAtTheRealEndpoint()
    {
        var (tenant, owner) = await cli.NewTenantAsync();

        var run = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "cli");

        Assert.True(run.ExitCode == 0, run.ToString());
        await using var client = await cli.ConnectAsync(run.Stdout.Trim());
        var health = (await client.CallAsync("health_check")).ContentOf();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(tenant.Name, health.GetProperty("tenant").GetString());
        Assert.Equal("cli", health.GetProperty("token").GetString());
        Assert.Equal(["read", "write"], health.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task TokensIssue_ScopesRead_GivesAReadOnlyToken()
    {
        var (tenant, owner) = await cli.NewTenantAsync();

        var run = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "reader", "--scopes", "read", "--days", "7", "--toolset", "read_only");

        Assert.True(run.ExitCode == 0, run.ToString());
        var token = Assert.Single(await cli.TokensAsync(tenant.Id));
        Assert.Equal([TokenRules.Read], token.Scopes);
        Assert.Equal(Toolset.ReadOnly, token.Toolset);
        Assert.Equal(token.CreatedAt.AddDays(7), token.ExpiresAt);
        await using var client = await cli.ConnectAsync(run.Stdout.Trim());
        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("list_notes", tools);
        Assert.DoesNotContain("create_note", tools);
    }

    [Fact]
    public async Task TokensIssue_Tools_StoresTheAllowList()
    {
        var (tenant, owner) = await cli.NewTenantAsync();

        var run = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "narrow", "--tools", "list_notes,get_note");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["get_note", "list_notes"], Assert.Single(await cli.TokensAsync(tenant.Id)).Tools);
        await using var client = await cli.ConnectAsync(run.Stdout.Trim());
        Assert.Equal(["get_note", "list_notes"], (await client.ListToolsAsync()).Select(t => t.Name).Order());
    }

    [Fact]
    public async Task TokensIssue_DaysBeyondTheTenantsLimit_ExitsNonZeroNamingTheLimit()
    {
        var (tenant, owner) = await cli.NewTenantAsync();

        var run = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "long", "--days", "366");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("365 days", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Empty(await cli.TokensAsync(tenant.Id));
    }

    [Fact]
    public async Task TokensIssue_LoweredTenantLimit_IsEnforced()
    {
        var (tenant, owner) = await cli.NewTenantAsync();
        var ownerScope = (await cli.Get<TenantService>().ScopeForUserAsync(tenant.Id, owner.Id))!;
        ResultAssert.Ok(await cli.Get<TenantService>().UpdateSettingsAsync(ownerScope, new TenantSettingsInput { Name = tenant.Name, TokenMaxLifetimeDays = 14 }));

        var tooLong = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "default days");
        var allowed = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "short", "--days", "14");

        Assert.NotEqual(0, tooLong.ExitCode);
        Assert.Contains("14 days", tooLong.Stderr);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal("short", Assert.Single(await cli.TokensAsync(tenant.Id)).Name);
    }

    public static TheoryData<string, string> BadArguments => new()
    {
        { "tokens issue --tenant {slug} --owner {owner}", "--name is required" },
        { "tokens issue --tenant {slug} --owner {owner} --name x --colour blue", "unknown option --colour" },
        { "tokens issue --tenant {slug} --owner {owner} --name x --scopes admin", "--scopes must be read or read,write, not 'admin'" },
        { "tokens issue --tenant {slug} --owner {owner} --name x --days abc", "--days must be a whole number" },
        { "tokens issue --tenant {slug} --owner {owner} --name", "--name needs a value" },
        { "tokens issue --tenant {slug} --owner {owner} --name x stray", "unexpected 'stray'" },
        { "tokens issue --tenant no-such-tenant --owner {owner} --name x", "no tenant has the slug 'no-such-tenant'" },
        { "tokens issue --tenant {slug} --owner {outsider} --name x", "{outsider} is not a member of {slug}" },
        { "tokens issue --tenant {slug} --owner nobody@example.com --name x", "no user has the email nobody@example.com" },
        { "tokens issue --tenant {slug} --owner {owner} --name x --tools drop_database", "drop_database" },
        { "tokens issue --tenant {slug} --owner {owner} --name x --scopes read --tools create_note", "create_note" },
        { "tokens list", "--tenant is required" },
        { "tokens list --tenant no-such-tenant", "no tenant has the slug 'no-such-tenant'" },
        { "tokens revoke not-a-uuid", "'not-a-uuid' is not a token id" },
        { "tokens revoke 0190f5a2-0000-7000-8000-000000000000", "no token has the id 0190f5a2-0000-7000-8000-000000000000" },
        { "tokens revoke {token} --reason", "--reason needs a value" },
        { "tokens frobnicate", "unknown command 'tokens frobnicate'" },
        { "tenants create --name x", "--owner is required" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Command_BadArguments_ExitsTwoWithAClearMessage(string command, string message)
    {
        var fill = await cli.ErrorCaseValuesAsync();

        var run = await cli.RunAsync(command.Split(' ').Select(fill).ToArray());

        Assert.True(run.ExitCode == 2, run.ToString());
        var error = Assert.Single(Lines(run.Stderr), l => l.StartsWith("error: "));
        Assert.Contains(fill(message), error);
        Assert.Contains("usage:", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Equal(TokenStatus.Active, Assert.Single(await cli.TokensAsync(cli.ErrorCase!.Value.Tenant.Id)).Status);
    }

    // ---- tokens list / revoke ----

    [Fact]
    public async Task TokensList_ShowsIdStatusNameOwnerAndScopes()
    {
        var (tenant, owner) = await cli.NewTenantAsync();
        var issued = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "listed", "--scopes", "read");
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var token = Assert.Single(await cli.TokensAsync(tenant.Id));

        var run = await cli.RunAsync("tokens", "list", "--tenant", tenant.Slug);

        Assert.True(run.ExitCode == 0, run.ToString());
        var columns = Assert.Single(Lines(run.Stdout)).Split('\t');
        Assert.Equal(token.Id.ToString(), columns[0]);
        Assert.Equal("active", columns[1]);
        Assert.Equal("listed", columns[2]);
        Assert.Equal(owner.Email, columns[3]);
        Assert.Equal("read", columns[^1]);
        Assert.DoesNotContain(issued.Stdout.Trim(), run.Stdout);
    }

    [Fact]
    public async Task TokensRevoke_WithReason_RevokesTheTokenEverywhere()
    {
        var (tenant, owner) = await cli.NewTenantAsync();
        var issued = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "doomed");
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var secret = issued.Stdout.Trim();
        var token = Assert.Single(await cli.TokensAsync(tenant.Id));
        Assert.Equal(HttpStatusCode.OK, await cli.ToolsListStatusAsync(secret));

        var run = await cli.RunAsync("tokens", "revoke", token.Id.ToString(), "--reason", "leaked");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stdout);
        await using (var db = await cli.DbAsync())
        {
            var row = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == token.Id);
            Assert.NotNull(row.RevokedAt);
            Assert.Equal("leaked", row.RevokedReason);
        }

        // The app cached the token when it was used, and its clock stands still: the command's notification must reach it.
        var refused = await Eventually(async () => await cli.ToolsListStatusAsync(secret) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5));
        Assert.True(refused, "the app still accepts the revoked token");
        Assert.Equal(TokenFailure.Revoked, (await cli.Get<TokenAuthenticator>().AuthenticateAsync(secret, null)).Failure);
        var listed = await cli.RunAsync("tokens", "list", "--tenant", tenant.Slug);
        Assert.Equal("revoked", Assert.Single(Lines(listed.Stdout)).Split('\t')[1]);
    }

    [Fact]
    public async Task TokensRevoke_Twice_ExitsZeroAndKeepsTheFirstReason()
    {
        var (tenant, owner) = await cli.NewTenantAsync();
        var issued = await cli.RunAsync("tokens", "issue", "--tenant", tenant.Slug, "--owner", owner.Email, "--name", "twice");
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var token = Assert.Single(await cli.TokensAsync(tenant.Id));
        var first = await cli.RunAsync("tokens", "revoke", token.Id.ToString(), "--reason", "leaked");

        var second = await cli.RunAsync("tokens", "revoke", token.Id.ToString(), "--reason", "again");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("leaked", Assert.Single(await cli.TokensAsync(tenant.Id)).RevokedReason);
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    private static string Unique() => Guid.NewGuid().ToString("N")[..10];

    private static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }
}

/// <summary>
/// A migrated database of its own for the commands, and the app in memory on it. The app's clock stands still, so a
/// token it has cached stays cached: only a notification from the command's process can make it look the token up again.
/// </summary>
public sealed class AdminCommandFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _errorCaseLock = new(1, 1);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string ConnectionString { get; private set; } = "";

    public ToolBridgeAppFactory App { get; private set; } = null!;

    /// <summary>The tenant the bad-argument cases run against: an owner, a user who is not a member, one live token.</summary>
    public (TenantItem Tenant, UserItem Owner, UserItem Outsider, Guid TokenId)? ErrorCase { get; private set; }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        ConnectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_cli");
        App = new ToolBridgeAppFactory(ConnectionString, services => services.AddSingleton<TimeProvider>(Clock));
        _ = App.Server;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public Task<AppProcess.AppRun> RunAsync(params string[] args) => AppProcess.RunAsync(args, ConnectionString);

    public Task<ToolBridgeDbContext> DbAsync() => Get<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();

    /// <summary>A tenant made through the app's services, with an owner who has not signed in yet.</summary>
    public async Task<(TenantItem Tenant, UserItem Owner)> NewTenantAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var owner = await Get<UserService>().EnsureAsync($"owner-{id}@example.com");
        var tenant = ResultAssert.Ok(await Get<TenantService>().CreateAsync($"Cli {id}", owner.Id, Actor.System));
        return (tenant, owner);
    }

    public Task<IReadOnlyList<TokenItem>> TokensAsync(Guid tenantId) => Get<TokenService>().ListAsync(TenantScope.System(tenantId));

    /// <summary>Placeholders of the bad-argument cases and their values, made once for the class.</summary>
    public async Task<Func<string, string>> ErrorCaseValuesAsync()
    {
        await _errorCaseLock.WaitAsync();
        try
        {
            if (ErrorCase is null)
            {
                var (tenant, owner) = await NewTenantAsync();
                var outsider = await Get<UserService>().EnsureAsync($"outsider-{Guid.NewGuid():N}@example.com");
                var scope = (await Get<TenantService>().ScopeForUserAsync(tenant.Id, owner.Id))!;
                var token = ResultAssert.Ok(await Get<TokenService>().IssueAsync(scope, new TokenIssueInput { Name = "existing", ExpiresInDays = 30 }));
                ErrorCase = (tenant, owner, outsider, token.Token.Id);
            }
        }
        finally
        {
            _errorCaseLock.Release();
        }

        var values = ErrorCase.Value;
        return text => text
            .Replace("{slug}", values.Tenant.Slug)
            .Replace("{owner}", values.Owner.Email)
            .Replace("{outsider}", values.Outsider.Email)
            .Replace("{token}", values.TokenId.ToString());
    }

    /// <summary>An MCP client to the app's <c>/mcp</c> with the secret as its bearer token.</summary>
    public async Task<McpClient> ConnectAsync(string secret)
    {
        var http = App.CreateClient();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(http.BaseAddress!, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" },
            },
            http,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }

    /// <summary>The status of a raw <c>tools/list</c> with the secret: 200 while the app accepts the token, 401 once it refuses it.</summary>
    public async Task<HttpStatusCode> ToolsListStatusAsync(string secret)
    {
        using var http = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(McpAppFixture.ToolsListRequest, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
