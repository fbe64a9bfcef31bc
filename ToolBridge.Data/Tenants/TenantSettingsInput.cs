using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ToolBridge.Data.Tenants;

// Display names word the portal's client-side messages; the service's own messages use the snake_case field names.
public sealed class TenantSettingsInput
{
    [Display(Name = "Name")]
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(TenantRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string Name { get; set; } = "";

    [Display(Name = "Token max lifetime")]
    [Range(1, TenantRules.TokenMaxLifetimeDaysMax, ErrorMessage = "{0} must be between {1} and {2} days")]
    public int TokenMaxLifetimeDays { get; set; } = TenantRules.TokenMaxLifetimeDaysDefault;

    [Display(Name = "Rate limit")]
    [Range(1, TenantRules.RateLimitPerMinuteMax, ErrorMessage = "{0} must be between {1} and {2} requests per minute")]
    public int RateLimitPerMinute { get; set; } = TenantRules.RateLimitPerMinuteDefault;

    /// <summary>Whether OAuth clients (Claude's and ChatGPT's connectors, signed in through AuthKit) may call the MCP endpoint.</summary>
    [Display(Name = "OAuth clients")]
    [JsonPropertyName("oauth_clients_allowed")]
    public bool OAuthClientsAllowed { get; set; } = true;

    /// <summary>The only tools OAuth clients may call (known tool names); empty means every tool the member's role allows.</summary>
    [Display(Name = "OAuth clients' tools")]
    [JsonPropertyName("oauth_client_tools")]
    public List<string> OAuthClientTools { get; set; } = [];

    /// <summary>The tools OAuth clients are shown in tools/list: a toolset's name.</summary>
    [Display(Name = "OAuth clients' toolset")]
    [JsonPropertyName("oauth_client_toolset")]
    [OneOf<Toolset>]
    public string OAuthClientToolset { get; set; } = "core";
}
