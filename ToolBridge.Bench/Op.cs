namespace ToolBridge.Bench;

/// <summary>The calls the scenarios are made of: one tool each, or <c>tools/list</c>.</summary>
public enum Op
{
    ListNotes,
    GetNote,
    ListChatMessages,
    CreateNote,
    PatchNote,
    ProcessTask,
    CreateChatMessage,
    HealthCheck,
    ToolsList,
}
