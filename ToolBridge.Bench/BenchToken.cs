namespace ToolBridge.Bench;

/// <summary>A token issued by TokenService for one simulated client; the secret goes in the Authorization header.</summary>
public sealed record BenchToken(Guid Id, string Name, string Secret)
{
    public string Header { get; } = $"Bearer {Secret}";
}
