using System.Text.Json.Serialization;

namespace ToolBridge.Data.Usage;

/// <summary>The windows usage is reported over, each ending now.</summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<UsagePeriod>))]
public enum UsagePeriod
{
    LastHour,
    Last24Hours,
    Last7Days,
    Last30Days,
}
