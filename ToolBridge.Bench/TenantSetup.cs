using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Bench;

/// <summary>
/// Tenants, their owners and one token per simulated client, made through the product's own services
/// (<see cref="UserService"/>, <see cref="TenantService"/>, <see cref="TokenService"/>) as the admin commands
/// <c>tenants create</c> and <c>tokens issue</c> make them, only without a process per token.
/// </summary>
public static class TenantSetup
{
    /// <summary>A tenant as created: its id, name and the secrets of its tokens.</summary>
    public sealed record Created(Guid Id, string Name, IReadOnlyList<BenchToken> Tokens);

    /// <summary>Creates one tenant per entry of <paramref name="tokenCounts"/>, each with its own owner and that many read-write tokens.</summary>
    public static async Task<IReadOnlyList<Created>> CreateAsync(string connectionString, IReadOnlyList<(string Name, int Tokens)> tokenCounts)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IToolCatalog, NoToolCatalog>()

            // Tenants start with the highest per-token rate the product allows: the benchmark measures the endpoint, not its limits.
            .AddSingleton(new TenantDefaults { RateLimitPerMinute = AppUnderTest.TokenRatePerMinute })
            .AddToolBridgeData(connectionString)
            .BuildServiceProvider();
        var users = services.GetRequiredService<UserService>();
        var tenants = services.GetRequiredService<TenantService>();
        var tokens = services.GetRequiredService<TokenService>();

        var created = new List<Created>();
        foreach (var (name, count) in tokenCounts)
        {
            var owner = await users.EnsureAsync($"owner-{created.Count}@bench.example.com", $"Bench owner {created.Count}");
            var tenant = Expect(await tenants.CreateAsync(name, owner.Id, Actor.System), "create the tenant");
            var scope = await tenants.ScopeForUserAsync(tenant.Id, owner.Id) ?? throw new InvalidOperationException($"the owner is not a member of {name}");
            var issued = new List<BenchToken>();
            for (var i = 0; i < count; i++)
            {
                var token = Expect(await tokens.IssueAsync(scope, new TokenIssueInput { Name = $"Bench client {i}", Write = true, ExpiresInDays = 30 }), "issue a token");
                issued.Add(new BenchToken(token.Token.Id, token.Token.Name, token.Secret));
            }

            created.Add(new Created(tenant.Id, name, issued));
        }

        return created;
    }

    private static T Expect<T>(Result<T> result, string what) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException($"could not {what}: {result.Error.Message}");

    /// <summary>No token of the benchmark has a tool list, so the catalog is never read.</summary>
    private sealed class NoToolCatalog : IToolCatalog
    {
        public IReadOnlyList<ToolInfo> Tools => [];
    }
}
