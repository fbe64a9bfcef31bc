namespace ToolBridge.Data;

/// <summary>Messages shared by every input class; <c>{0}</c> is the field name.</summary>
public static class Messages
{
    public const string Required = "{0} is required";
    public const string MaxLength = "{0} must be at most {1} characters";
}
