namespace ToolBridge.Data;

public enum ActorKind
{
    User,
    Token,
    System,
}
