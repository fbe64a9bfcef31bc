using System.Text.Json.Serialization;

namespace ToolBridge.Data.Tokens;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<TokenStatus>))]
public enum TokenStatus
{
    Active,
    Rotating,
    Expired,
    Revoked,
}
