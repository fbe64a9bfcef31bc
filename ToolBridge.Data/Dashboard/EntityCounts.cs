namespace ToolBridge.Data.Dashboard;

/// <summary>Alive rows of each entity type in a tenant (deleted rows are not counted).</summary>
public sealed record EntityCounts(int Notes, int Tasks, int Comments, int Chats, int ChatMessages);
