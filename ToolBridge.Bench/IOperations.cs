namespace ToolBridge.Bench;

/// <summary>Runs one call of a scenario for a client: through the MCP endpoint (<see cref="AppOperations"/>) or as the ceiling's SQL (<see cref="CeilingOperations"/>).</summary>
public interface IOperations
{
    Task<Outcome> RunAsync(Op op, ClientContext client);
}
