using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Bunit;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Auth;
using ToolBridge.Web.Components.Pages.Members;
using ToolBridge.Web.Components.Pages.Tenants;
using ToolBridge.Web.WorkOS;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Auth;

/// <summary>
/// WorkOS slow, failing, unreachable or answering malformed JSON during each thing ToolBridge asks of it: sign-in (code
/// exchange, signing keys, membership sync), inviting, resending an invitation, removing a member, creating a tenant
/// (its organization, its owner's membership). Whatever happens, the person sees a plain message, every row of the
/// database is as the rules say (counted before and after), nothing secret is logged, and the wait is bounded by
/// <c>WorkOS__TimeoutSeconds</c> (one second here).
/// </summary>
public sealed class WorkOsFaultTests(WorkOsFaultFixture app, ITestOutputHelper output) : IClassFixture<WorkOsFaultFixture>
{
    public enum Operation
    {
        SignInCodeExchange,
        SignInSigningKeys,
        SignInMembershipSync,
        Invite,
        ResendInvitation,
        RemoveMember,
        CreateTenantOrganization,
        CreateTenantOwnerMembership,
    }

    /// <summary>The WorkOS endpoint each operation is faulted at, and how many WorkOS calls it may wait for at most.</summary>
    private static readonly Dictionary<Operation, (string Endpoint, int Calls)> Steps = new()
    {
        [Operation.SignInCodeExchange] = ("POST /user_management/authenticate", 3),
        [Operation.SignInSigningKeys] = ("GET /sso/jwks/{id}", 3),
        [Operation.SignInMembershipSync] = ("GET /user_management/organization_memberships", 3),
        [Operation.Invite] = ("POST /user_management/invitations", 1),
        [Operation.ResendInvitation] = ("POST /user_management/invitations/{id}/resend", 1),
        [Operation.RemoveMember] = ("GET /user_management/organization_memberships", 2),
        [Operation.CreateTenantOrganization] = ("POST /organizations", 3),
        [Operation.CreateTenantOwnerMembership] = ("POST /user_management/organization_memberships", 3),
    };

    /// <summary>A refused connection happens before any endpoint: only the first WorkOS call of an operation can meet it.</summary>
    private static readonly Operation[] FirstCallOperations =
        [Operation.SignInCodeExchange, Operation.Invite, Operation.ResendInvitation, Operation.RemoveMember, Operation.CreateTenantOrganization];

    /// <summary>Slack for a loaded two-core machine on top of the documented bound.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    public static TheoryData<Operation, WorkOsFault> Cases()
    {
        var cases = new TheoryData<Operation, WorkOsFault>();
        foreach (var operation in Enum.GetValues<Operation>())
        {
            foreach (var fault in Enum.GetValues<WorkOsFault>())
            {
                if (fault != WorkOsFault.ConnectionRefused || FirstCallOperations.Contains(operation))
                {
                    cases.Add(operation, fault);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Operation_WorkOsMisbehaving_ShowsAPlainMessageLeavesTheRowsTheRulesSayAndLogsNoSecret(Operation operation, WorkOsFault fault)
    {
        var (endpoint, calls) = Steps[operation];
        var logsBefore = app.Logs.Entries.Count;
        var requestsBefore = app.WorkOs.Count(endpoint);

        var outcome = operation switch
        {
            Operation.SignInCodeExchange or Operation.SignInSigningKeys or Operation.SignInMembershipSync => await SignInAsync(operation, fault),
            Operation.Invite => await InviteAsync(fault),
            Operation.ResendInvitation => await ResendAsync(fault),
            Operation.RemoveMember => await RemoveAsync(fault),
            _ => await CreateTenantAsync(operation, fault),
        };

        // What the person reads: the sign-in page's text, or the portal's messages; and the whole page around it.
        var message = Regex.Replace(outcome.Message, "<[^>]+>", " ");
        Assert.True(outcome.Expected.All(e => message.Contains(e, StringComparison.OrdinalIgnoreCase)), $"expected [{string.Join(" | ", outcome.Expected)}], shown: {message}");
        foreach (var leak in new[] { WorkOsDouble.RawBodyMarker, "Exception", "   at ", "{\"", "<html" })
        {
            Assert.DoesNotContain(leak, message);
            Assert.True(leak == "<html" || !outcome.Page.Contains(leak, StringComparison.Ordinal), $"the page shows {leak}");
        }

        Assert.Equal(outcome.ExpectedRows, outcome.RowsAfter);
        var logs = app.Logs.Entries.Skip(logsBefore).ToList();
        var logged = string.Join("\n", logs.Select(e => $"{e.Message} {e.Exception} {string.Join(" ", e.Values.Values)} {string.Join(" ", e.ScopeValues.Values)}"));
        foreach (var secret in app.WorkOs.Secrets.Concat(outcome.Cookies).Append("eyJ"))
        {
            Assert.False(logged.Contains(secret, StringComparison.Ordinal), $"the logs hold a secret: {secret[..Math.Min(12, secret.Length)]}…");
        }

        Assert.Contains(logs, e => e.Level >= LogLevel.Information && e.Message.Contains("WorkOS"));
        var bound = WorkOsFaultFixture.Timeout * calls + Slack;
        Assert.True(outcome.Elapsed <= bound, $"took {outcome.Elapsed.TotalSeconds:0.0} s, bound {bound.TotalSeconds:0.0} s");
        if (fault != WorkOsFault.ConnectionRefused)
        {
            Assert.True(app.WorkOs.Count(endpoint) > requestsBefore, $"the fault at {endpoint} was never met");
        }

        output.WriteLine($"workos: {operation} × {fault}: {outcome.Summary}, rows as the rules say, no secret in {logs.Count} log lines, "
            + $"{outcome.Elapsed.TotalMilliseconds:0} ms (bound {bound.TotalSeconds:0} s)");
    }

    [Fact]
    public async Task MembershipList_PagesEachInTimeButSlowTogether_GivesUpAtTheTimeout()
    {
        var user = (string)app.WorkOs.AddUser($"pages-{Guid.NewGuid():N}@example.com")["id"]!;
        for (var i = 0; i < 4; i++)
        {
            app.WorkOs.AddMembership(user, $"org_{Guid.NewGuid():N}");
        }

        var (pageSize, slowAnswer) = (app.WorkOs.PageSize, app.WorkOs.SlowAnswer);
        (app.WorkOs.PageSize, app.WorkOs.SlowAnswer) = (1, WorkOsFaultFixture.Timeout * 0.6);
        var before = app.WorkOs.Count(Steps[Operation.SignInMembershipSync].Endpoint);
        var watch = Stopwatch.StartNew();
        try
        {
            using (app.WorkOs.Inject(Steps[Operation.SignInMembershipSync].Endpoint, WorkOsFault.Slow))
            {
                var error = await Assert.ThrowsAsync<WorkOsException>(() => app.Get<OrganizationMembershipService>().ListForUserAsync(user));

                Assert.Equal(WorkOsException.Timeout, error.Code);
            }
        }
        finally
        {
            (app.WorkOs.PageSize, app.WorkOs.SlowAnswer) = (pageSize, slowAnswer);
        }

        Assert.InRange(watch.Elapsed, WorkOsFaultFixture.Timeout * 0.9, WorkOsFaultFixture.Timeout + Slack);
        var pages = app.WorkOs.Count(Steps[Operation.SignInMembershipSync].Endpoint) - before;
        Assert.InRange(pages, 1, 3);
        output.WriteLine($"workos: membership list of 4 pages at {(WorkOsFaultFixture.Timeout * 0.6).TotalMilliseconds:0} ms each: gave up after {pages} pages, {watch.Elapsed.TotalMilliseconds:0} ms (bound {WorkOsFaultFixture.Timeout.TotalSeconds:0} s)");
    }

    [Fact]
    public async Task Calls_AfterWorkOsFailedAHundredTimes_FailFastWithoutReachingIt()
    {
        // The app's own breaker is held closed for the table above; this container has the product's.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(app.WorkOs.AppSettings).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<ILoggerProvider>(app.Logs).AddWorkOs(configuration).BuildServiceProvider();
        var client = services.GetRequiredService<OrganizationsService>();
        var endpoint = Steps[Operation.CreateTenantOrganization].Endpoint;
        var failures = new List<string?>();
        using (app.WorkOs.Inject(endpoint, WorkOsFault.ServerError))
        {
            while (failures.Count < 150 && failures.LastOrDefault() != WorkOsException.CircuitOpen)
            {
                failures.Add((await Assert.ThrowsAsync<WorkOsException>(() => client.CreateOrganizationAsync("Broken Co", null))).Code);
            }
        }

        var reached = app.WorkOs.Count(endpoint);
        var watch = Stopwatch.StartNew();
        var open = await Assert.ThrowsAsync<WorkOsException>(() => client.CreateOrganizationAsync("Broken Co", null));

        Assert.Equal(WorkOsException.CircuitOpen, open.Code);
        Assert.Equal(0, open.Status);
        Assert.Equal(reached, app.WorkOs.Count(endpoint));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed.TotalMilliseconds:0} ms");
        output.WriteLine($"workos: breaker opened after {failures.Count - 1} failed calls; the next call failed in {watch.Elapsed.TotalMilliseconds:0} ms without reaching WorkOS");
    }

    private async Task<Outcome> SignInAsync(Operation operation, WorkOsFault fault)
    {
        var refused = fault == WorkOsFault.ConnectionRefused;
        var person = app.WorkOs.AddUser($"signin-{Guid.NewGuid():N}@example.com");
        var workOsUserId = (string)person["id"]!;
        app.WorkOs.NextUser = workOsUserId;
        if (operation == Operation.SignInMembershipSync)
        {
            // A member of a linked tenant who signed in before: the sync must not take that away for WorkOS's failure.
            await app.Get<UserService>().SignInAsync(workOsUserId, (string)person["email"]!, "Synced Person");
            var organizationId = $"org_{Guid.NewGuid():N}";
            var tenant = await TestTenant.CreateAsync(app.Factory.Services, "Synced", organizationId);
            Assert.True((await app.Get<MemberService>().AddMemberAsync(tenant.Owner, new MemberInput { Email = (string)person["email"]!, Role = MemberRole.Member })).IsSuccess);
            app.WorkOs.AddMembership(workOsUserId, organizationId);
        }

        // Each sign-in may need the signing keys fetched again (the validator asks at most every five seconds); the keys
        // case signs with a new key, so it must fetch them.
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        if (operation == Operation.SignInSigningKeys)
        {
            app.WorkOs.RotateKey();
        }

        var target = refused ? app.Unreachable : app.Factory;
        using var browser = SignInFixture.Browser(target);
        var login = await browser.GetAsync("/auth/login");
        var callback = refused
            ? new Uri($"/auth/callback?code=code_nobody_heard&state={QueryHelpers.ParseQuery(login.Headers.Location!.Query)["state"]}", UriKind.Relative)
            : await app.FollowToCallbackAsync(login.Headers.Location!);
        var before = await RowsAsync();

        var watch = Stopwatch.StartNew();
        using (Inject(operation, fault))
        {
            using var response = await browser.GetAsync(refused ? callback.OriginalString : callback.PathAndQuery);
            var elapsed = watch.Elapsed;
            var html = await response.Content.ReadAsStringAsync();
            var cookies = new[] { login, response }.SelectMany(r => r.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
                .Select(c => c.Split(';')[0].Split('=', 2)[1]).Where(v => v.Length > 0).ToList();
            var signedIn = response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith(".ToolBridge.Session=") && !c.StartsWith(".ToolBridge.Session=;"));
            if (operation == Operation.SignInMembershipSync)
            {
                // The person signs in with the memberships they had; the next sign-in syncs again.
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.True(signedIn, "signed in");
                return new Outcome($"{(int)response.StatusCode} {response.Headers.Location}", "", [], before with { Sessions = before.Sessions + 1 }, await RowsAsync(), elapsed, cookies,
                    "signed in with the memberships kept");
            }

            Assert.False(signedIn, "nobody is signed in");
            var refusedByWorkOs = operation == Operation.SignInCodeExchange && fault == WorkOsFault.Unprocessable;
            Assert.Equal(refusedByWorkOs ? HttpStatusCode.BadRequest : HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            return new Outcome(html, html, refusedByWorkOs ? ["did not accept this sign-in", "Try signing in again"] : ["try again in a minute", "Try signing in again"],
                before, await RowsAsync(), elapsed, cookies, $"{(int)response.StatusCode} page");
        }
    }

    private async Task<Outcome> InviteAsync(WorkOsFault fault)
    {
        await using var context = Portal(fault);
        var tenant = await LinkedTenantAsync(context);
        await context.SignInAsync(tenant.Owner);
        context.RenderProviders();
        var cut = context.Render<MembersPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForElement("form.invite-member");
        var email = $"invitee-{Guid.NewGuid():N}@example.com";
        cut.Find("#invite-email").Change(email);
        var before = await RowsAsync();

        var (shown, page, elapsed) = await ActAsync(context, cut, fault, Operation.Invite, () => cut.Find("form.invite-member").Submit());

        return new Outcome(shown, page, fault == WorkOsFault.Unprocessable ? ["WorkOS refused", email, "not invited"] : ["try again in a minute", email, "not invited"],
            before, await RowsAsync(), elapsed, [], "message shown, nobody added");
    }

    private async Task<Outcome> ResendAsync(WorkOsFault fault)
    {
        await using var context = Portal(fault);
        var tenant = await LinkedTenantAsync(context);
        var email = $"invited-{Guid.NewGuid():N}@example.com";
        Assert.True((await app.Get<WorkOsDirectory>().InviteAsync(tenant.Owner, new MemberInput { Email = email })).IsSuccess);
        await context.SignInAsync(tenant.Owner);
        context.RenderProviders();
        var cut = context.Render<MembersPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForElement("button.resend-invitation");
        var before = await RowsAsync();

        var (shown, page, elapsed) = await ActAsync(context, cut, fault, Operation.ResendInvitation, () => cut.Find("button.resend-invitation").Click());

        return new Outcome(shown, page, fault == WorkOsFault.Unprocessable ? [$"could not send the invitation to {email} again"] : ["try again in a minute", email],
            before, await RowsAsync(), elapsed, [], "message shown, still invited");
    }

    private async Task<Outcome> RemoveAsync(WorkOsFault fault)
    {
        await using var context = Portal(fault);
        var tenant = await LinkedTenantAsync(context);
        var organizationId = tenant.Tenant.WorkOsOrganizationId!;
        var person = app.WorkOs.AddUser($"leaving-{Guid.NewGuid():N}@example.com");
        var user = await context.Users.SignInAsync((string)person["id"]!, (string)person["email"]!, "Leaving Person");
        Assert.True((await context.Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = user.Email })).IsSuccess);
        app.WorkOs.AddMembership((string)person["id"]!, organizationId);
        await context.SignInAsync(tenant.Owner);
        var providers = context.RenderProviders();
        var cut = context.Render<MembersPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForElements("button.remove-member");
        var before = await RowsAsync();

        var (shown, page, elapsed) = await ActAsync(context, cut, fault, Operation.RemoveMember, () =>
        {
            cut.FindAll("table.mud-table-root tbody tr").Single(r => r.QuerySelector(".member-email")?.TextContent == user.Email)
                .QuerySelector("button.remove-member")!.Click();
            providers.Dialogs.WaitForElement("button.confirm-ok").Click();
        });

        // The removal holds at once (ToolBridge owns removals); only the WorkOS mirror failed, and that is logged.
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains($"Could not mirror the removal of user {user.Id}"));
        var expected = before with
        {
            Memberships = [.. before.Memberships.Where(m => !m.StartsWith($"{tenant.Id}/{user.Id}/"))],
            Removals = before.Removals + 1,
            AuditEvents = before.AuditEvents + 1,
        };
        return new Outcome(shown, page, [$"{user.Email} was removed"], expected, await RowsAsync(), elapsed, [], "removed here, mirror failure logged");
    }

    private async Task<Outcome> CreateTenantAsync(Operation operation, WorkOsFault fault)
    {
        await using var context = Portal(fault);
        var person = app.WorkOs.AddUser($"founder-{Guid.NewGuid():N}@example.com");
        context.SignIn(await context.Users.SignInAsync((string)person["id"]!, (string)person["email"]!, "Founder"));
        context.RenderProviders();
        var cut = context.Render<TenantsPage>();
        cut.WaitForElement("form.create-tenant");
        var name = $"Founded {Guid.NewGuid():N}"[..20];
        cut.Find("#tenant-name").Change(name);
        var before = await RowsAsync();
        var organizations = app.WorkOs.Organizations.Count;

        var (shown, page, elapsed) = await ActAsync(context, cut, fault, operation, () => cut.Find("form.create-tenant").Submit());

        if (operation == Operation.CreateTenantOwnerMembership)
        {
            // The organization made for the tenant is deleted again: no empty organization is left in WorkOS.
            Assert.Equal(organizations, app.WorkOs.Organizations.Count);
        }

        return new Outcome(shown, page, fault == WorkOsFault.Unprocessable ? ["WorkOS refused", name, "not created"] : ["try again in a minute", name, "not created"],
            before, await RowsAsync(), elapsed, [], $"message shown, no tenant, {app.WorkOs.Organizations.Count - organizations} organization(s) left in WorkOS");
    }

    /// <summary>Runs a page action with the fault injected; returns the snackbars it showed and how long until they showed.</summary>
    private async Task<(string Message, string Page, TimeSpan Elapsed)> ActAsync<T>(PortalTestContext context, IRenderedComponent<T> cut, WorkOsFault fault, Operation operation, Action act)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var shownBefore = context.Snackbars.Count;
        var watch = Stopwatch.StartNew();
        using (Inject(operation, fault))
        {
            act();
            cut.WaitForAssertion(() => Assert.True(context.Snackbars.Count > shownBefore, "a message is shown"), TimeSpan.FromSeconds(30));
        }

        var elapsed = watch.Elapsed;
        await Task.Yield();
        return (string.Join("\n", context.Snackbars.Skip(shownBefore)), cut.Markup, elapsed);
    }

    /// <summary>The fault at the operation's endpoint; nothing for a refused connection, which comes from pointing the app elsewhere.</summary>
    private IDisposable? Inject(Operation operation, WorkOsFault fault) =>
        fault == WorkOsFault.ConnectionRefused ? null : app.WorkOs.Inject(Steps[operation].Endpoint, fault);

    /// <summary>Portal pages on the fixture's database and logs, with WorkOS the double (unreachable for a refused connection).</summary>
    private PortalTestContext Portal(WorkOsFault fault)
    {
        var settings = app.WorkOs.AppSettings;
        settings["WorkOS:TimeoutSeconds"] = WorkOsFaultFixture.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (fault == WorkOsFault.ConnectionRefused)
        {
            settings["WorkOS:ApiBaseUrl"] = WorkOsDouble.Unreachable;
        }

        return new PortalTestContext(app.Database, settings, app.Logs);
    }

    private async Task<TestTenant> LinkedTenantAsync(PortalTestContext context)
    {
        var organizationId = $"org_{Guid.NewGuid():N}";
        app.WorkOs.Organizations[organizationId] = new System.Text.Json.Nodes.JsonObject { ["object"] = "organization", ["id"] = organizationId, ["name"] = "Linked" };
        return await TestTenant.CreateAsync(context.Services, $"Linked {Guid.NewGuid():N}", organizationId);
    }

    /// <summary>Every row the operations could write, counted; memberships listed with their role and invitation.</summary>
    private async Task<Rows> RowsAsync()
    {
        await using var db = await app.Database.DbAsync();
        return new Rows(
            await db.Users.CountAsync(),
            await db.Tenants.CountAsync(),
            [.. (await db.Memberships.Select(m => new { m.TenantId, m.UserId, m.Role, m.WorkOsInvitationId }).ToListAsync())
                .Select(m => $"{m.TenantId}/{m.UserId}/{m.Role}/{m.WorkOsInvitationId}").Order()],
            await db.MembershipRemovals.CountAsync(),
            await db.AuditEvents.CountAsync(),
            await db.PortalSessions.CountAsync(),
            await db.ApiTokens.CountAsync());
    }

    private sealed record Rows(int Users, int Tenants, IReadOnlyList<string> Memberships, int Removals, int AuditEvents, int Sessions, int Tokens)
    {
        public bool Equals(Rows? other) => other is not null && (Users, Tenants, Removals, AuditEvents, Sessions, Tokens) == (other.Users, other.Tenants, other.Removals, other.AuditEvents, other.Sessions, other.Tokens)
            && Memberships.SequenceEqual(other.Memberships);

        public override int GetHashCode() => HashCode.Combine(Users, Tenants, Removals, AuditEvents, Sessions, Tokens, Memberships.Count);

        public override string ToString() =>
            $"users {Users}, tenants {Tenants}, memberships {Memberships.Count} [{string.Join(", ", Memberships.Select(m => m[^40..]))}], removals {Removals}, audit {AuditEvents}, sessions {Sessions}, tokens {Tokens}";
    }

    private sealed record Outcome(string Message, string Page, string[] Expected, Rows ExpectedRows, Rows RowsAfter, TimeSpan Elapsed, IReadOnlyList<string> Cookies, string Summary);
}

/// <summary>
/// The app with WorkOS calls bounded at one second, on a database of its own so every row can be counted, and a clock
/// the tests move forward (timers still run in real time).
/// </summary>
public sealed class WorkOsFaultFixture() : SignInFixture(new DatabaseFixture("tb_workos_faults"))
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private ToolBridgeAppFactory? _unreachable;

    public ShiftedClock Clock { get; } = new();

    /// <summary>The same app with nothing listening where WorkOS should be; started on first use.</summary>
    public ToolBridgeAppFactory Unreachable
    {
        get
        {
            if (_unreachable is null)
            {
                _unreachable = CreateApp(WorkOsDouble.Unreachable);
                _ = _unreachable.Server;
            }

            return _unreachable;
        }
    }

    /// <summary>One sign-in first: the first run of each code path must not be what a one-second bound measures.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WorkOs.AccessTokenLifetime = TimeSpan.FromHours(1);
        WorkOs.NextUser = (string)WorkOs.AddUser($"warm-up-{Guid.NewGuid():N}@example.com")["id"]!;
        using var browser = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser)).StatusCode);
    }

    protected override void Configure(Dictionary<string, string?> settings) =>
        settings["WorkOS:TimeoutSeconds"] = Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);

        // Seventy faulted sign-ins in a row would open the circuit breaker, and the later cases would never reach the
        // endpoint they fault; WorkOsClientTests covers the breaker.
        services.PostConfigure<HttpStandardResilienceOptions>($"{WorkOsService.HttpClientName}-standard", o => o.CircuitBreaker.MinimumThroughput = int.MaxValue);
    }

    public override async Task DisposeAsync()
    {
        if (_unreachable is not null)
        {
            await _unreachable.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>The system clock moved forward as far as a test asks; timers and timeouts still run in real time.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
