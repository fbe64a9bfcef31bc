namespace ToolBridge.Data.Tenants;

/// <summary>A person. The row is created at first sign-in, or earlier when someone adds them by email.</summary>
public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>The WorkOS user id (<c>user_…</c>); null until the person first signs in through WorkOS.</summary>
    public string? WorkOsUserId { get; set; }

    /// <summary>Stored with ASCII letters lower-cased (<see cref="UserService.Normalize"/>), so look-ups by email are exact.</summary>
    public required string Email { get; set; }

    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }
}
