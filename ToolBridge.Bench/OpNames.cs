namespace ToolBridge.Bench;

public static class OpNames
{
    /// <summary>The tool's name (the method for <see cref="Op.ToolsList"/>), as reports and usage records show it.</summary>
    public static string Name(this Op op) => op switch
    {
        Op.ListNotes => "list_notes",
        Op.GetNote => "get_note",
        Op.ListChatMessages => "list_chat_messages",
        Op.CreateNote => "create_note",
        Op.PatchNote => "patch_note",
        Op.ProcessTask => "process_task",
        Op.CreateChatMessage => "create_chat_message",
        Op.HealthCheck => "health_check",
        Op.ToolsList => "tools/list",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static bool Writes(this Op op) => op is Op.CreateNote or Op.PatchNote or Op.ProcessTask or Op.CreateChatMessage;
}
