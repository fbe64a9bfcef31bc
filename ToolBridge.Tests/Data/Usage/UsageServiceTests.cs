using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Usage;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.UsageKit;

namespace ToolBridge.Tests.Data.Usage;

/// <summary>
/// Usage per token, per tool and over time, aggregated in PostgreSQL, with who may read it (docs/domain.md, "Audit and
/// usage"), and the recording of calls. The clock stands at <see cref="Now"/>; records for the summaries are written
/// straight to the table.
/// </summary>
public sealed class UsageServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 34, 56, 789, TimeSpan.Zero);

    private readonly ClockedServices _services = new(fixture, Now);

    private UsageService Usage => _services.Get<UsageService>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task RecordAsync_Calls_WritesARecordEachWithTheDurationRoundedUpToWholeMilliseconds()
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await _services.IssueAsync(tenant.Member, "Laptop");

        await Usage.RecordAsync(
        [
            new ToolCallUsage(tenant.Id, token.Id, "get_note", "ok", TimeSpan.FromMilliseconds(0.2), Now.AddMinutes(-5)),
            new ToolCallUsage(tenant.Id, token.Id, "list_notes", "not_found", TimeSpan.FromMilliseconds(12.01), Now.AddMinutes(-4)),
        ]);

        await using var db = await fixture.DbAsync();
        var records = await db.UsageRecords.AsNoTracking().Where(r => r.TenantId == tenant.Id).OrderBy(r => r.At).ToListAsync();
        Assert.Equal(
            [(token.Id, "get_note", "ok", 1, Now.AddMinutes(-5)), (token.Id, "list_notes", "not_found", 13, Now.AddMinutes(-4))],
            records.Select(r => (r.TokenId, r.Tool, r.Outcome, r.DurationMs, r.At)));
        var summary = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Owner, UsagePeriod.LastHour));
        Assert.Equal((2L, 1L), (summary.Totals.Calls, summary.Totals.Errors));
    }

    [Fact]
    public async Task SummaryAsync_DurationsOneToHundred_GivesExactCountsAndPercentiles()
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await _services.IssueAsync(tenant.Member, "Laptop");
        await AddAsync(Enumerable.Range(1, 100).Select(ms =>
            Call(tenant.Id, token.Id, "list_notes", Now.AddMinutes(-30), ms, ms % 10 == 0 ? "validation" : "ok")));

        var summary = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Owner, UsagePeriod.LastHour));

        Assert.Equal(100, summary.Totals.Calls);
        Assert.Equal(10, summary.Totals.Errors);
        Assert.Equal(0.1, summary.Totals.ErrorRate, 9);
        Assert.Equal(50.5, summary.Totals.P50Ms!.Value, 9);
        Assert.Equal(95.05, summary.Totals.P95Ms!.Value, 9);
        var row = Assert.Single(summary.Tokens);
        Assert.Equal((token.Id, "Laptop", 100L, 10L), (row.TokenId, row.TokenName, row.Calls, row.Errors));
        Assert.Equal(50.5, row.P50Ms, 9);
        Assert.Equal(95.05, row.P95Ms, 9);
    }

    [Fact]
    public async Task SummaryAsync_SeveralTokensAndTools_GroupsPerTokenAndPerToolMostCallsFirst()
    {
        var tenant = await fixture.NewTenantAsync();
        var desktop = await _services.IssueAsync(tenant.Member, "Desktop");
        var laptop = await _services.IssueAsync(tenant.Admin, "Laptop");
        var at = Now.AddHours(-2);
        await AddAsync(
        [
            Call(tenant.Id, desktop.Id, "get_note", at, 10),
            Call(tenant.Id, desktop.Id, "get_note", at, 30, "not_found"),
            Call(tenant.Id, desktop.Id, "list_notes", at, 100),
            Call(tenant.Id, laptop.Id, "get_note", at, 20),
        ]);

        var summary = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Admin, UsagePeriod.Last24Hours));

        Assert.Equal(
            [(desktop.Id, "Desktop", 3L, 1L, 30.0, 93.0), (laptop.Id, "Laptop", 1L, 0L, 20.0, 20.0)],
            summary.Tokens.Select(r => (r.TokenId, r.TokenName, r.Calls, r.Errors, r.P50Ms, Math.Round(r.P95Ms, 6))));
        Assert.Equal(
            [("get_note", 3L, 1L, 20.0, 29.0), ("list_notes", 1L, 0L, 100.0, 100.0)],
            summary.Tools.Select(r => (r.Tool, r.Calls, r.Errors, r.P50Ms, Math.Round(r.P95Ms, 6))));
        Assert.Equal((4L, 1L), (summary.Totals.Calls, summary.Totals.Errors));
    }

    [Theory]
    [InlineData(UsagePeriod.LastHour)]
    [InlineData(UsagePeriod.Last24Hours)]
    [InlineData(UsagePeriod.Last7Days)]
    [InlineData(UsagePeriod.Last30Days)]
    public async Task SummaryAsync_RecordsAtThePeriodsEdges_CountsFromTheStartUpToNow(UsagePeriod period)
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await _services.IssueAsync(tenant.Member, "Edges");
        var start = Now - period.Length();
        var microsecond = TimeSpan.FromTicks(10);
        await AddAsync(
        [
            Call(tenant.Id, token.Id, "before_start", start - microsecond),
            Call(tenant.Id, token.Id, "at_start", start),
            Call(tenant.Id, token.Id, "just_before_now", Now - microsecond),
            Call(tenant.Id, token.Id, "at_now", Now),
        ]);

        var summary = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Member, period));

        Assert.Equal(["at_start", "just_before_now"], summary.Tools.Select(t => t.Tool).Order());
        Assert.Equal(2, summary.Totals.Calls);
        Assert.Equal(2, summary.Buckets.Sum(b => b.Calls));
        Assert.Equal((start, Now), (summary.From, summary.To));
    }

    [Fact]
    public async Task SummaryAsync_LastHour_GivesFiveMinuteBucketsIncludingEmptyOnes()
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await _services.IssueAsync(tenant.Member, "Buckets");
        await AddAsync(
        [
            Call(tenant.Id, token.Id, "get_note", At(11, 40, 0)),
            Call(tenant.Id, token.Id, "get_note", At(11, 44, 59.999), outcome: "not_found"),
            Call(tenant.Id, token.Id, "get_note", At(12, 34, 0)),
        ]);

        var summary = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Member, UsagePeriod.LastHour));

        Assert.Equal(TimeSpan.FromMinutes(5), summary.BucketSize);
        var expected = Enumerable.Range(0, 13).Select(i => At(11, 30, 0).AddMinutes(5 * i)).ToList();
        Assert.Equal(expected, summary.Buckets.Select(b => b.Start));
        Assert.Equal([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], summary.Buckets.Select(b => b.Calls));
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], summary.Buckets.Select(b => b.Errors));
    }

    [Theory]
    [InlineData(UsagePeriod.LastHour, 5 * 60, 13)]
    [InlineData(UsagePeriod.Last24Hours, 60 * 60, 25)]
    [InlineData(UsagePeriod.Last7Days, 6 * 60 * 60, 29)]
    [InlineData(UsagePeriod.Last30Days, 24 * 60 * 60, 31)]
    public async Task SummaryAsync_EachPeriod_CoversItWithWholeUtcBucketsOfItsSize(UsagePeriod period, int bucketSeconds, int count)
    {
        var tenant = await fixture.NewTenantAsync();
        var size = TimeSpan.FromSeconds(bucketSeconds);

        var summary = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Owner, period));

        Assert.Equal(size, summary.BucketSize);
        Assert.Equal(count, summary.Buckets.Count);
        Assert.All(summary.Buckets, b => Assert.Equal(0, (b.Start - DateTimeOffset.UnixEpoch).Ticks % size.Ticks));
        Assert.All(summary.Buckets.Zip(summary.Buckets.Skip(1)), pair => Assert.Equal(size, pair.Second.Start - pair.First.Start));
        Assert.InRange(summary.From - summary.Buckets[0].Start, TimeSpan.Zero, size - TimeSpan.FromTicks(1));
        Assert.InRange(summary.To - summary.Buckets[^1].Start, TimeSpan.FromTicks(1), size);
    }

    [Fact]
    public async Task SummaryAsync_NoCalls_GivesZerosWithoutPercentilesAndEmptyBuckets()
    {
        var tenant = await fixture.NewTenantAsync();

        var summary = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Owner, UsagePeriod.Last7Days));

        Assert.Equal(new UsageTotals(0, 0, null, null), summary.Totals);
        Assert.Equal(0, summary.Totals.ErrorRate);
        Assert.Empty(summary.Tokens);
        Assert.Empty(summary.Tools);
        Assert.All(summary.Buckets, b => Assert.Equal((0L, 0L), (b.Calls, b.Errors)));
    }

    [Fact]
    public async Task SummaryAsync_Member_SeesOnlyTheTokensTheyIssued()
    {
        var tenant = await fixture.NewTenantAsync();
        var mine = await _services.IssueAsync(tenant.Member, "Mine");
        var admins = await _services.IssueAsync(tenant.Admin, "Admin's");
        var viewers = await _services.IssueAsync(tenant.Viewer, "Viewer's");
        var at = Now.AddMinutes(-10);
        await AddAsync(
        [
            Call(tenant.Id, mine.Id, "get_note", at, 5),
            Call(tenant.Id, admins.Id, "create_note", at, 50, "validation"),
            Call(tenant.Id, viewers.Id, "list_tasks", at, 500),
        ]);

        var summary = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Member, UsagePeriod.LastHour));

        Assert.Equal([mine.Id], summary.Tokens.Select(t => t.TokenId));
        Assert.Equal(["get_note"], summary.Tools.Select(t => t.Tool));
        Assert.Equal(new UsageTotals(1, 0, 5, 5), summary.Totals);
        Assert.Equal(1, summary.Buckets.Sum(b => b.Calls));
    }

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    public async Task SummaryAsync_OwnerOrAdmin_SeesEveryTokenOfTheTenant(MemberRole role)
    {
        var tenant = await fixture.NewTenantAsync();
        var scopes = new[] { tenant.Owner, tenant.Admin, tenant.Member, tenant.Viewer };
        foreach (var scope in scopes)
        {
            var token = await _services.IssueAsync(scope, $"Token of {scope.Role}");
            await AddAsync([Call(tenant.Id, token.Id, "get_note", Now.AddMinutes(-1))]);
        }

        var summary = ResultAssert.Ok(await Usage.SummaryAsync(role == MemberRole.Owner ? tenant.Owner : tenant.Admin, UsagePeriod.LastHour));

        Assert.Equal(scopes.Select(s => $"Token of {s.Role}").Order(), summary.Tokens.Select(t => t.TokenName).Order());
        Assert.Equal(4, summary.Totals.Calls);
    }

    [Fact]
    public async Task SummaryAsync_Viewer_IsForbidden()
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await _services.IssueAsync(tenant.Viewer, "Viewer's");
        await AddAsync([Call(tenant.Id, token.Id, "get_note", Now.AddMinutes(-1))]);

        var result = await Usage.SummaryAsync(tenant.Viewer, UsagePeriod.LastHour);

        var error = ResultAssert.Fails(ErrorKind.Forbidden, result);
        Assert.Contains("Viewers cannot read usage", error.Message);
    }

    [Fact]
    public async Task SummaryAsync_OtherTenantsRecords_AreNeverCounted()
    {
        var tenant = await fixture.NewTenantAsync("Ours");
        var other = await fixture.NewTenantAsync("Theirs");
        var ours = await _services.IssueAsync(tenant.Member, "Ours");
        var theirs = await _services.IssueAsync(other.Member, "Theirs");
        var at = Now.AddMinutes(-5);
        await AddAsync(
        [
            Call(tenant.Id, ours.Id, "get_note", at),
            Call(other.Id, theirs.Id, "list_notes", at),
            Call(other.Id, ours.Id, "delete_note", at),
        ]);

        var owner = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Owner, UsagePeriod.LastHour));
        var member = ResultAssert.Ok(await Usage.SummaryAsync(tenant.Member, UsagePeriod.LastHour));

        Assert.Equal(["get_note"], owner.Tools.Select(t => t.Tool));
        Assert.Equal([ours.Id], owner.Tokens.Select(t => t.TokenId));
        Assert.Equal(1, owner.Totals.Calls);
        Assert.Equal(1, member.Totals.Calls);
    }

    [Fact]
    public async Task SummaryAsync_UnknownPeriod_IsAValidationError()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Usage.SummaryAsync(tenant.Owner, (UsagePeriod)42);

        var error = ResultAssert.Invalid(result, "period");
        Assert.Contains("last_hour", error.Message);
    }

    private static DateTimeOffset At(int hour, int minute, double seconds) =>
        new DateTimeOffset(2026, 3, 10, hour, minute, 0, TimeSpan.Zero).AddSeconds(seconds);

    private Task AddAsync(IEnumerable<UsageRecord> records) =>
        UsageKit.AddAsync(_services.Get<IDbContextFactory<ToolBridgeDbContext>>(), records);
}
