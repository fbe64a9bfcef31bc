namespace ToolBridge.Data.Tokens;

/// <summary>A token just issued or rotated, with its secret: the only time the secret is available.</summary>
public sealed record IssuedToken(TokenItem Token, string Secret);
