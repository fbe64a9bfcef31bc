using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Console;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Web.Database;

namespace ToolBridge.Web.Commands;

/// <summary>
/// Commands of the app for first set-up and automation: <c>dotnet ToolBridge.Web.dll &lt;command&gt;</c>. A fresh
/// production database has no tenant and nobody signed in yet; these create the first ones. Without a command (or
/// with only <c>--options</c>) the app serves as usual. Results go to stdout, diagnostics to stderr.
/// </summary>
public static class AdminCommands
{
    private const string Usage = """
        usage: dotnet ToolBridge.Web.dll <command>

          migrate                                   apply pending database migrations and exit
          tenants create --name <name> --owner <email>
                                                    create a tenant; prints its slug. The owner need not have
                                                    signed in yet: the membership waits for them.
          tenants list                              list every tenant: slug, status, name
          tokens issue --tenant <slug> --owner <email> --name <name>
                       [--scopes read|read,write] [--days <n>] [--tools <a,b,...>] [--toolset <name>]
                                                    issue an MCP token (default: read,write for 30 days,
                                                    toolset core); prints only the secret
          tokens list --tenant <slug>               list a tenant's tokens: id, status, name, owner, expiry
          tokens revoke <id> [--reason <text>]      revoke a token at once

        without a command the web app starts.
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    /// <summary>Commands print results on stdout, so the app's own logs go to stderr while one runs.</summary>
    public static void ConfigureLogging(IHostApplicationBuilder builder)
    {
        builder.Logging.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            return args switch
            {
                ["migrate"] => await MigrateAsync(app),
                ["tenants", "create", .. var rest] => await CreateTenantAsync(app.Services, Options.Parse(rest, "name", "owner")),
                ["tenants", "list"] => await ListTenantsAsync(app.Services),
                ["tokens", "issue", .. var rest] => await IssueTokenAsync(app.Services, Options.Parse(rest, "tenant", "owner", "name", "scopes", "days", "tools", "toolset")),
                ["tokens", "list", .. var rest] => await ListTokensAsync(app.Services, Options.Parse(rest, "tenant")),
                ["tokens", "revoke", var id, .. var rest] => await RevokeTokenAsync(app.Services, id, Options.Parse(rest, "reason")),
                ["help" or "--help"] => Help(),
                _ => throw new UsageException($"unknown command '{string.Join(' ', args)}'"),
            };
        }
        catch (UsageException usage)
        {
            Console.Error.WriteLine($"error: {usage.Message}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"{args[0]} failed: {exception.Message}");
            return 1;
        }
    }

    private static int Help()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    private static async Task<int> MigrateAsync(WebApplication app)
    {
        await app.Services.MigrateDatabaseAsync();
        Console.Error.WriteLine("database migrated");
        return 0;
    }

    private static async Task<int> CreateTenantAsync(IServiceProvider services, Options options)
    {
        // Check both arguments before the owner's user row is created, so a refused command leaves nothing behind.
        var name = options.Required("name");
        var email = options.Required("owner");
        if (!new EmailAddressAttribute().IsValid(email))
        {
            throw new UsageException($"--owner must be an email address, not '{email}'");
        }

        if (InputValidator.Validate(new TenantSettingsInput { Name = name }) is { } invalid)
        {
            throw new UsageException(invalid.Message);
        }

        var owner = await services.GetRequiredService<UserService>().EnsureAsync(email);
        var tenant = Expect(await services.GetRequiredService<TenantService>().CreateAsync(name, owner.Id, Actor.System));
        Console.WriteLine(tenant.Slug);
        return 0;
    }

    private static async Task<int> ListTenantsAsync(IServiceProvider services)
    {
        foreach (var tenant in await services.GetRequiredService<TenantService>().ListAllAsync())
        {
            Console.WriteLine($"{tenant.Slug}\t{EnumNames<TenantStatus>.Name(tenant.Status)}\t{tenant.Name}");
        }

        return 0;
    }

    private static async Task<int> IssueTokenAsync(IServiceProvider services, Options options)
    {
        var tenant = await TenantAsync(services, options.Required("tenant"));
        var email = options.Required("owner");
        var owner = await services.GetRequiredService<UserService>().FindByEmailAsync(email) ?? throw new UsageException($"no user has the email {email}");
        var scope = await services.GetRequiredService<TenantService>().ScopeForUserAsync(tenant.Id, owner.Id)
            ?? throw new UsageException($"{email} is not a member of {tenant.Slug}");
        var write = options.Get("scopes") switch
        {
            null or "read,write" or "write,read" => true,
            "read" => false,
            var other => throw new UsageException($"--scopes must be read or read,write, not '{other}'"),
        };
        var days = options.Get("days") is { } text ? int.TryParse(text, out var n) ? n : throw new UsageException("--days must be a whole number") : 30;
        var input = new TokenIssueInput
        {
            Name = options.Required("name"),
            Write = write,
            ExpiresInDays = days,
            Tools = options.Get("tools")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        };
        if (options.Get("toolset") is { } toolset)
        {
            input.Toolset = toolset;
        }

        var issued = Expect(await services.GetRequiredService<TokenService>().IssueAsync(scope, input));
        Console.Error.WriteLine($"issued token {issued.Token.Id} ({issued.Token.Name}), expires {issued.Token.ExpiresAt:u}; the secret below is shown only now");
        Console.WriteLine(issued.Secret);
        return 0;
    }

    private static async Task<int> ListTokensAsync(IServiceProvider services, Options options)
    {
        var tenant = await TenantAsync(services, options.Required("tenant"));
        foreach (var token in await services.GetRequiredService<TokenService>().ListAsync(TenantScope.System(tenant.Id)))
        {
            Console.WriteLine($"{token.Id}\t{EnumNames<TokenStatus>.Name(token.Status)}\t{token.Name}\t{token.OwnerEmail}\t{token.ExpiresAt:u}\t{string.Join(',', token.Scopes)}");
        }

        return 0;
    }

    private static async Task<int> RevokeTokenAsync(IServiceProvider services, string id, Options options)
    {
        var tokens = services.GetRequiredService<TokenService>();
        var tokenId = Guid.TryParse(id, out var parsed) ? parsed : throw new UsageException($"'{id}' is not a token id (a UUID, see tokens list)");
        var tenantId = await tokens.FindTenantAsync(tokenId) ?? throw new UsageException($"no token has the id {tokenId}");
        var token = Expect(await tokens.RevokeAsync(TenantScope.System(tenantId), tokenId, options.Get("reason")));
        Console.Error.WriteLine($"revoked token {token.Id} ({token.Name})");
        return 0;
    }

    private static async Task<TenantItem> TenantAsync(IServiceProvider services, string slug) =>
        await services.GetRequiredService<TenantService>().GetBySlugAsync(slug) ?? throw new UsageException($"no tenant has the slug '{slug}' (see tenants list)");

    private static T Expect<T>(Result<T> result) => result.IsSuccess
        ? result.Value
        : throw new UsageException(result.Error.Message);

    private sealed class UsageException(string message) : Exception(message);

    /// <summary><c>--key value</c> pairs; any key not allowed, a missing value or a stray word is a usage error.</summary>
    private sealed class Options(Dictionary<string, string> values)
    {
        public static Options Parse(string[] args, params string[] allowed)
        {
            var values = new Dictionary<string, string>();
            for (var i = 0; i < args.Length; i += 2)
            {
                var key = args[i].StartsWith("--") ? args[i][2..] : throw new UsageException($"unexpected '{args[i]}'");
                if (!allowed.Contains(key))
                {
                    throw new UsageException($"unknown option --{key}");
                }

                values[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[i + 1] : throw new UsageException($"--{key} needs a value");
            }

            return new Options(values);
        }

        public string? Get(string key) => values.GetValueOrDefault(key);

        public string Required(string key) => Get(key) ?? throw new UsageException($"--{key} is required");
    }
}
