using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Hosting;
using ToolBridge.Web.Portal;

namespace ToolBridge.Tests.Web;

/// <summary>
/// Start-up checks every setting and fails once, naming each problem by its environment variable and never echoing a
/// value that could be a secret. Run as Fly runs it: the built app as its own process in Production.
/// </summary>
public sealed class SettingsValidationTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Start_ProductionWithNothingButAnApiKey_ExitsOneNamingEveryMissingSetting()
    {
        const string apiKey = "sk_test_9fJx2LqZ7vNw4RbT";

        var run = await AppProcess.RunAsync([], connectionString: null, new Dictionary<string, string?> { ["WorkOS__ApiKey"] = apiKey, ["ToolBridge__OAuth__Enabled"] = "true" });

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Single(Occurrences(run.Stderr, "ToolBridge cannot start"));
        Assert.Contains("ConnectionStrings__Postgres or DATABASE_URL is missing", run.Stderr);
        Assert.Contains("WorkOS__ClientId is missing", run.Stderr);
        Assert.Contains("WorkOS__RedirectUri is missing", run.Stderr);
        Assert.Contains("ToolBridge__OAuth__AuthKitDomain must be the AuthKit domain", run.Stderr);
        Assert.Contains("ToolBridge__OAuth__Enabled needs ToolBridge__PublicBaseUrl", run.Stderr);
        Assert.DoesNotContain("WorkOS__ApiKey", run.Stderr);
        Assert.DoesNotContain(apiKey, run.Stdout + run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task Start_InvalidValues_ExitsOneNamingEachWithoutEchoingThem()
    {
        const string password = "hunter2-Zq81";
        var settings = new Dictionary<string, string?>(AppProcess.UnusedWorkOs)
        {
            ["DATABASE_URL"] = $"mysql://app:{password}@db.internal:3306/toolbridge",
            ["WorkOS__RedirectUri"] = "ftp://toolbridge.example.com/auth/callback",
            ["WorkOS__ApiBaseUrl"] = "not a url",
            ["WorkOS__TimeoutSeconds"] = "0",
            ["ToolBridge__PublicBaseUrl"] = "http://toolbridge.example.com",
            ["ToolBridge__TrustForwardedHeaders"] = "yes please",
            ["ToolBridge__ShutdownDrainSeconds"] = "soon",
            ["ToolBridge__MetricsPort"] = "70000",
            ["ToolBridge__PlatformAdmins"] = "admin@example.com,not-an-email",
            ["ToolBridge__TenantDefaults__RateLimitPerMinute"] = "0",
            ["ToolBridge__TenantDefaults__TokenMaxLifetimeDays"] = "99999",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317",
        };

        var run = await AppProcess.RunAsync([], connectionString: null, settings);

        Assert.True(run.ExitCode == 1, run.ToString());
        foreach (var name in new[]
                 {
                     "DATABASE_URL must look like", "WorkOS__RedirectUri must be", "WorkOS__ApiBaseUrl must be", "WorkOS__TimeoutSeconds must be between 1 and 60",
                     "ToolBridge__PublicBaseUrl must be",
                     "ToolBridge__TrustForwardedHeaders must be true or false", "ToolBridge__ShutdownDrainSeconds must be a whole number",
                     "ToolBridge__MetricsPort must be", "ToolBridge__PlatformAdmins must list email addresses; 'not-an-email'",
                     "ToolBridge__TenantDefaults__RateLimitPerMinute must be between", "ToolBridge__TenantDefaults__TokenMaxLifetimeDays must be between",
                     "OTEL_EXPORTER_OTLP_ENDPOINT must be",
                 })
        {
            Assert.Contains(name, run.Stderr);
        }

        Assert.DoesNotContain(password, run.Stdout + run.Stderr);
        Assert.DoesNotContain("yes please", run.Stderr);
        Assert.DoesNotContain("sk_unused", run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Start_ConnectionStringThatDoesNotParse_IsNamedWithoutItsPassword()
    {
        const string password = "s3cr3t-Pw-77";
        var settings = new Dictionary<string, string?>(AppProcess.UnusedWorkOs);

        var run = await AppProcess.RunAsync([], $"Host=db;Password={password};Porrt=5432", settings);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("ConnectionStrings__Postgres is not a valid Npgsql connection string", run.Stderr);
        Assert.DoesNotContain(password, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Start_FlyDatabaseUrlOnly_ServesAndIsReady()
    {
        var database = new NpgsqlConnectionStringBuilder(await DatabaseFixture.CreateMigratedDatabaseAsync("tb_flyurl"));
        var url = $"postgres://{database.Username}:unused-password@{database.Host}:{database.Port}/{database.Database}?sslmode=disable";

        await using var app = await AppProcess.StartAsync(connectionString: null, new Dictionary<string, string?> { ["DATABASE_URL"] = url });
        using var http = app.Client();
        using var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Settings_CommaSeparatedLists_AreSplitIntoItems()
    {
        await using var app = new ToolBridgeAppFactory(database.ConnectionString, settings: new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
        {
            ["ToolBridge:PlatformAdmins"] = "alice@example.com, bob@example.com",
            ["WorkOS:Issuers"] = "https://api.workos.com;https://auth.example.com",
        });

        var portal = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
        var workOs = app.Services.GetRequiredService<IOptions<ToolBridge.Web.WorkOS.WorkOsOptions>>().Value;

        Assert.Equal(["alice@example.com", "bob@example.com"], portal.PlatformAdmins);
        Assert.Equal(["https://api.workos.com", "https://auth.example.com"], workOs.Issuers);
    }

    [Fact]
    public async Task TenantDefaults_Configured_ApplyToNewTenants()
    {
        await using var app = new ToolBridgeAppFactory(database.ConnectionString, settings: new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
        {
            ["ToolBridge:TenantDefaults:RateLimitPerMinute"] = "42",
            ["ToolBridge:TenantDefaults:TokenMaxLifetimeDays"] = "90",
        });

        var tenant = await TestTenant.CreateAsync(app.Services, "Configured defaults");

        Assert.Equal(42, tenant.Tenant.RateLimitPerMinute);
        Assert.Equal(90, tenant.Tenant.TokenMaxLifetimeDays);
    }

    [Fact]
    public async Task Startup_InvalidSettingsUnderTheTestHost_ThrowOneExceptionListingThem()
    {
        await using var app = new ToolBridgeAppFactory(database.ConnectionString, settings: new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
        {
            ["ToolBridge:ShutdownDrainSeconds"] = "0",
            ["ToolBridge:PublicBaseUrl"] = "toolbridge.example.com",
        });

        var error = Assert.ThrowsAny<InvalidSettingsException>(() => app.Server);

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("ToolBridge__ShutdownDrainSeconds must be between 1 and"));
        Assert.Contains(error.Problems, p => p.StartsWith("ToolBridge__PublicBaseUrl must be an absolute https URL"));
    }

    private static IEnumerable<int> Occurrences(string text, string value)
    {
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            yield return i;
        }
    }
}
