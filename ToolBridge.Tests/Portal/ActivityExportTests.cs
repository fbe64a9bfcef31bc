using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Auth;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Portal;
using static ToolBridge.Tests.Support.AuditSeed;

namespace ToolBridge.Tests.Portal;

/// <summary>
/// <c>GET /t/{slug}/activity.csv</c> through the real app, signed in through the real sign-in flow (WorkOS played by
/// the double): who gets what, the filters, and cells that are safe in a spreadsheet.
/// </summary>
public sealed class ActivityExportTests(SignInFixture app, DatabaseFixture fixture) : IClassFixture<SignInFixture>, IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Get_NotSignedIn_SendsToSignInWithoutData()
    {
        var tenant = await fixture.NewTenantAsync();
        using var browser = app.Browser();

        using var response = await browser.GetAsync(Csv(tenant));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains(Uri.EscapeDataString(Csv(tenant)), response.Headers.Location!.Query);
        Assert.DoesNotContain("tenant.create", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_BearerTokenWithoutSignIn_IsRefused()
    {
        var tenant = await fixture.NewTenantAsync();
        var issued = await app.Get<TokenService>().IssueAsync(tenant.Owner, new TokenIssueInput { Name = "Laptop", Write = true, ExpiresInDays = 30 });
        using var browser = app.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, Csv(tenant));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issued.Value!.Secret);

        using var response = await browser.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("tenant.create", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_NotAMember_IsNotFoundLikeAnUnknownTenant()
    {
        var tenant = await fixture.NewTenantAsync();
        using var browser = await SignInAsNewPersonAsync();

        using var notMember = await browser.GetAsync(Csv(tenant));
        using var unknown = await browser.GetAsync($"/t/no-such-{Guid.NewGuid():N}/activity.csv");

        Assert.Equal(HttpStatusCode.NotFound, notMember.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("", await notMember.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_Viewer_IsForbiddenWithTheReason()
    {
        var tenant = await fixture.NewTenantAsync();
        using var browser = await SignInAsync(tenant.Viewer);

        using var response = await browser.GetAsync(Csv(tenant));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Viewers cannot read the activity log", body);
        Assert.DoesNotContain("tenant.create", body);
    }

    [Fact]
    public async Task Get_Owner_StreamsTheLogAsAnAttachment()
    {
        var tenant = await fixture.NewTenantAsync();
        var uid = Guid.NewGuid();
        var changes = new JsonObject { ["title"] = new JsonObject { ["before"] = "Draft", ["after"] = "Final" } };
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.Token, Guid.NewGuid(), "Laptop", "note.update", entityUid: uid, at: Day.AddHours(9), changes: changes));
        using var browser = await SignInAsync(tenant.Owner);

        using var response = await browser.GetAsync(Csv(tenant));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"activity-{tenant.Tenant.Slug}-{DateTimeOffset.UtcNow:yyyy-MM-dd}.csv", response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(["time", "actor", "actor_kind", "channel", "action", "entity_type", "entity_uid", "changes"], rows[0]);
        Assert.Equal(["2026-03-10T09:00:00.0000000Z", "Laptop", "token", "mcp", "note.update", "note", uid.ToString(), """{"title":{"before":"Draft","after":"Final"}}"""], rows[1]);
        Assert.Equal(["tenant.create", "member.add", "member.add", "member.add", "member.add"], rows.Skip(2).Select(r => r[4]).Order().Reverse());
        Assert.All(rows.Skip(2), r => Assert.Equal(("user", "portal"), (r[2], r[3])));
    }

    [Fact]
    public async Task Get_Filters_ApplyToTheRows()
    {
        var tenant = await fixture.NewTenantAsync();
        var tokenId = Guid.NewGuid();
        var uid = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, tokenId, "Laptop", "note.update", entityUid: uid, at: Day.AddHours(1)),
            Event(ActorKind.Token, tokenId, "Laptop", "note.pin", entityUid: uid, at: Day.AddHours(2)),
            Event(ActorKind.Token, tokenId, "Laptop", "task.update", entityType: "task", at: Day.AddHours(3)),
            Event(ActorKind.Token, tokenId, "Laptop", "note.update", entityUid: uid, at: Day.AddDays(2)),
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.update", entityUid: uid, at: Day.AddHours(4)));
        using var browser = await SignInAsync(tenant.Owner);
        var query = ActivityQueryString.Format(new ActivityQuery
        {
            Actor = $"token:{tokenId}", Channel = Channel.Mcp, Action = "note.", EntityType = "note", EntityUid = uid, From = Day, To = Day.AddDays(1),
        });

        using var response = await browser.GetAsync(PortalLinks.ActivityCsv(tenant.Tenant.Slug, query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(["note.pin", "note.update"], rows.Skip(1).Select(r => r[4]));
        Assert.Equal(["2026-03-10T02:00:00.0000000Z", "2026-03-10T01:00:00.0000000Z"], rows.Skip(1).Select(r => r[0]));
    }

    [Theory]
    [InlineData("channel=fax", "channel")]
    [InlineData("entity_uid=not-a-uid", "entity_uid")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-03-11&to=2026-03-10", "from")]
    [InlineData("actor=everyone", "actor")]
    [InlineData("action=note", "action")]
    public async Task Get_BadFilters_IsABadRequestNamingTheParameter(string query, string field)
    {
        var tenant = await fixture.NewTenantAsync();
        using var browser = await SignInAsync(tenant.Owner);

        using var response = await browser.GetAsync(PortalLinks.ActivityCsv(tenant.Tenant.Slug, query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
        Assert.Contains(field, (string)problem["detail"]!);
    }

    [Fact]
    public async Task Get_ValuesLikeFormulasOrWithSeparators_AreNeutralisedAndQuoted()
    {
        var tenant = await fixture.NewTenantAsync();
        var changes = new JsonObject { ["title"] = new JsonObject { ["before"] = "=1+1", ["after"] = "a, \"quoted\"\r\nline" } };
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, Guid.NewGuid(), "=HYPERLINK(\"http://example.com\",\"x\")", "note.a", changes: changes),
            Event(ActorKind.Token, Guid.NewGuid(), "+cmd|' /C calc'!A0", "note.b"),
            Event(ActorKind.Token, Guid.NewGuid(), "-2+3", "note.c"),
            Event(ActorKind.Token, Guid.NewGuid(), "@SUM(A1)", "note.d"),
            Event(ActorKind.Token, Guid.NewGuid(), "Smith, \"Jo\"\nsecond line", "note.e"));
        using var browser = await SignInAsync(tenant.Owner);

        using var response = await browser.GetAsync(PortalLinks.ActivityCsv(tenant.Tenant.Slug, "channel=mcp"));

        var text = await response.Content.ReadAsStringAsync();
        var actors = ParseCsv(text).Skip(1).ToDictionary(r => r[4], r => r[1]);
        Assert.Equal("'=HYPERLINK(\"http://example.com\",\"x\")", actors["note.a"]);
        Assert.Equal("'+cmd|' /C calc'!A0", actors["note.b"]);
        Assert.Equal("'-2+3", actors["note.c"]);
        Assert.Equal("'@SUM(A1)", actors["note.d"]);
        Assert.Equal("Smith, \"Jo\"\nsecond line", actors["note.e"]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\"", text);
        var changed = JsonNode.Parse(ParseCsv(text).Single(r => r.Count > 4 && r[4] == "note.a")[7])!;
        Assert.Equal("a, \"quoted\"\r\nline", (string)changed["title"]!["after"]!);
    }

    [Fact]
    public async Task Get_Member_GetsOnlyOwnAndOwnTokensRows()
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await fixture.TokenAsync(tenant.Member, "Mine");
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, token.Id, "Mine", "note.by_my_token"),
            Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.by_me"),
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.by_admin"),
            Event(ActorKind.Token, Guid.NewGuid(), "Theirs", "note.by_their_token"));
        using var browser = await SignInAsync(tenant.Member);

        using var response = await browser.GetAsync(Csv(tenant));

        var rows = ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(["note.by_me", "note.by_my_token"], rows.Skip(1).Select(r => r[4]));
    }

    [Fact]
    public async Task Get_MoreRowsThanOneBatch_StreamsThemAll()
    {
        var tenant = await fixture.NewTenantAsync();
        var count = AuditService.ExportBatchSize * 2 + 3;
        await fixture.SeedAsync(tenant.Id, Enumerable.Range(0, count).Select(i => Event(ActorKind.Token, Guid.NewGuid(), $"Token {i}", "note.update")).ToArray());
        using var browser = await SignInAsync(tenant.Owner);

        using var response = await browser.GetAsync(PortalLinks.ActivityCsv(tenant.Tenant.Slug, "channel=mcp"));

        var rows = ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(count, rows.Count - 1);
        Assert.Equal(count, rows.Skip(1).Select(r => r[1]).Distinct().Count());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@x", "'@x")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("=a,b", "\"'=a,b\"")]
    [InlineData("a=b", "a=b")]
    public void Cell_Value_IsEscapedAndNeutralised(string value, string expected)
    {
        var cell = ActivityCsv.Cell(value);

        Assert.Equal(expected, cell);
    }

    private static string Csv(TestTenant tenant) => PortalLinks.ActivityCsv(tenant.Tenant.Slug, "");

    /// <summary>Signs in through the real flow as the user a scope acts for (WorkOS knows them by their email).</summary>
    private async Task<HttpClient> SignInAsync(TenantScope scope)
    {
        var user = await fixture.Get<UserService>().GetAsync(scope.Actor.Id);
        return await SignInAsync(user!.Email);
    }

    private Task<HttpClient> SignInAsNewPersonAsync() => SignInAsync($"outsider-{Guid.NewGuid():N}@example.com");

    private async Task<HttpClient> SignInAsync(string email)
    {
        app.WorkOs.NextUser = (string)app.WorkOs.AddUser(email)["id"]!;
        var browser = app.Browser();
        using var callback = await app.SignInAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return browser;
    }

    /// <summary>RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; records end in CRLF.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.Equal(0, cell.Length);
        Assert.Empty(row);
        return rows;
    }
}
