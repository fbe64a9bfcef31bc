namespace ToolBridge.Data.ChatMessages;

public static class ChatMessageRules
{
    public const string DefaultType = "text";
    public const string TypePattern = "^[a-z][a-z0-9_]*$";
}
