namespace ToolBridge.Data.Tenants;

public static class TenantRules
{
    public const int NameMax = 100;
    public const int SlugMax = 48;
    public const int TokenMaxLifetimeDaysDefault = 365;
    public const int TokenMaxLifetimeDaysMax = 3650;
    public const int RateLimitPerMinuteDefault = 600;
    public const int RateLimitPerMinuteMax = 100_000;
}
