using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using ToolBridge.Web.Hosting;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Auth;

/// <summary>The WorkOS client: its settings, one resilient named <see cref="HttpClient"/>, and the services built on it.</summary>
public static class WorkOsRegistration
{
    /// <summary>The WorkOS client and what builds on it; the page tests register the same (unconfigured: local only).</summary>
    public static IServiceCollection AddWorkOs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WorkOsOptions>(configuration, WorkOsOptions.Section)
            .PostConfigure(options => options.Issuers = Settings.List(configuration, $"{WorkOsOptions.Section}:{nameof(WorkOsOptions.Issuers)}", options.Issuers));
        services.AddHttpClient(WorkOsService.HttpClientName, (provider, http) =>
                http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<WorkOsOptions>>().Value.ApiBaseUrl))
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
            {
                // One bound for a whole call, retries included: someone waits on a page meanwhile (docs/configuration.md).
                var timeout = provider.GetRequiredService<IOptions<WorkOsOptions>>().Value.Timeout;
                resilience.TotalRequestTimeout.Timeout = timeout;
                resilience.AttemptTimeout.Timeout = timeout;
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(resilience.CircuitBreaker.SamplingDuration.Ticks, 2 * timeout.Ticks));
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.UseJitter = true;
                resilience.Retry.ShouldHandle = args => ShouldRetryAsync(args.Context.GetRequestMessage()?.Method, args.Outcome);
            });
        services.AddSingleton<UserManagementService>();
        services.AddSingleton<OrganizationsService>();
        services.AddSingleton<OrganizationMembershipService>();
        services.AddSingleton<WorkOsTokenValidator>();
        services.AddSingleton<WorkOsDirectory>();
        return services;
    }

    /// <summary>
    /// Retries transient failures of reads only (and 429s, which WorkOS refused before doing anything): a POST that timed
    /// out or failed with a 5xx may have been carried out, and repeating it would create a second organization or invitation.
    /// </summary>
    internal static ValueTask<bool> ShouldRetryAsync(HttpMethod? method, Outcome<HttpResponseMessage> outcome)
    {
        if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options)
        {
            return ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(outcome));
        }

        return ValueTask.FromResult(outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests);
    }
}
