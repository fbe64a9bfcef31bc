using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// The WorkOS REST calls ToolBridge makes, over one named <see cref="HttpClient"/> with retries for 429 and 5xx, each
/// bounded by <see cref="WorkOsOptions.TimeoutSeconds"/>.
/// Named after the official SDK's services so a later move to the SDK stays local. Keys, codes and tokens are
/// never logged: only the method, path and status are.
/// </summary>
public abstract class WorkOsService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options)
{
    public const string HttpClientName = "WorkOS";

    // Strict on what comes back: a missing or null value the model does not allow is an answer ToolBridge cannot read,
    // not a null that a sync would take for "no organization", "no status" or "no key".
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>A query string of the given parameters, leaving out those without a value.</summary>
    protected static QueryString Query(params (string Name, string? Value)[] parameters) =>
        QueryString.Create(parameters.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Name, p.Value)));

    /// <summary>
    /// A JSON request body of the given fields, leaving out those without a value: WorkOS reads an explicit
    /// <c>null</c> differently from an absent field, and <c>WhenWritingNull</c> does not apply to dictionary entries.
    /// </summary>
    protected static Dictionary<string, string> Body(params (string Name, string? Value)[] fields) =>
        fields.Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value!);

    protected WorkOsOptions Options => options.Value;

    /// <summary>
    /// The complete RSA keys with a key id of a JSON Web Key Set that <paramref name="path"/> answered. An answer without
    /// one is a <see cref="WorkOsException.MalformedAnswer"/>.
    /// </summary>
    protected static IReadOnlyList<JsonWebKey> SigningKeys(string path, JsonElement set)
    {
        List<JsonWebKey> keys;
        try
        {
            keys = new JsonWebKeySet(set.GetRawText()).Keys
                .Where(k => k.Kty == "RSA" && !string.IsNullOrEmpty(k.Kid) && !string.IsNullOrEmpty(k.N) && !string.IsNullOrEmpty(k.E))
                .ToList();
        }
        catch (Exception exception) when (exception is ArgumentException or JsonException or InvalidOperationException)
        {
            keys = [];
        }

        return keys.Count > 0 ? keys : throw new WorkOsException(200, WorkOsException.MalformedAnswer, $"WorkOS answered GET {path} without a usable signing key");
    }

    /// <summary>
    /// Sends one call and reads its answer. Every failure is a <see cref="WorkOsException"/>: refused (WorkOS's status and
    /// code), not answered within <see cref="WorkOsOptions.TimeoutSeconds"/> or at all, or answered with a body that is
    /// not the JSON <typeparamref name="T"/> needs. Only the caller's own cancellation passes as it is.
    /// </summary>
    protected async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, bool authenticated, CancellationToken cancellationToken)
    {
        var call = $"{method} {path.Split('?')[0]}";
        using var http = httpFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        if (authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.ApiKey);
        }

        int status;
        byte[] content;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception exception) when (NoAnswer(exception, cancellationToken) is { } failure)
        {
            throw new WorkOsException(0, failure, $"WorkOS did not answer {call}: {failure}");
        }

        if (status is < 200 or > 299)
        {
            throw Refusal(status, call, content);
        }

        if (typeof(T) == typeof(bool))
        {
            return (T)(object)true;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content, Json) ?? throw new JsonException("The answer is null.");
        }
        catch (JsonException exception)
        {
            // The reader's message names the place (a path, a missing property), never the values.
            throw new WorkOsException(status, WorkOsException.MalformedAnswer, $"WorkOS answered {status} to {call} with a body ToolBridge cannot read: {exception.Message}");
        }
    }

    /// <summary>Why no answer came (<see cref="WorkOsException.Timeout"/>, …); null for the caller's own cancellation and for bugs.</summary>
    private static string? NoAnswer(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        TimeoutRejectedException or OperationCanceledException => WorkOsException.Timeout,
        BrokenCircuitException => WorkOsException.CircuitOpen,
        HttpRequestException or IOException or ExecutionRejectedException => WorkOsException.ConnectionFailed,
        _ => null,
    };

    /// <summary>A refusal with WorkOS's code and description, when the body is a WorkOS error (it may be a proxy's HTML page).</summary>
    private static WorkOsException Refusal(int status, string call, byte[] content)
    {
        string? code = null;
        string? description = null;
        try
        {
            using var error = JsonDocument.Parse(content);
            if (error.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = Text(error.RootElement, "error") ?? Text(error.RootElement, "code");
                description = Text(error.RootElement, "error_description") ?? Text(error.RootElement, "message");
            }
        }
        catch (JsonException)
        {
        }

        return new WorkOsException(status, string.IsNullOrEmpty(code) ? null : code, $"WorkOS answered {status} to {call}" + (description is null ? "" : $": {description}"));

        static string? Text(JsonElement error, string name) =>
            error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
