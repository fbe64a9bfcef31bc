using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Tenants;

public enum TenantStatus
{
    Active,
    Suspended,
}

/// <summary>An isolated workspace. Every entity row, token, audit event and usage record belongs to exactly one.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>URL-safe, unique, chosen at creation and never changed.</summary>
    public required string Slug { get; set; }

    public string? WorkOsOrganizationId { get; set; }

    public TenantStatus Status { get; set; }

    /// <summary>The longest lifetime a token of this tenant may be issued with.</summary>
    public int TokenMaxLifetimeDays { get; set; } = TenantRules.TokenMaxLifetimeDaysDefault;

    /// <summary>Requests per minute per token at the MCP endpoint.</summary>
    public int RateLimitPerMinute { get; set; } = TenantRules.RateLimitPerMinuteDefault;

    public DateTimeOffset CreatedAt { get; set; }

    public List<Membership> Memberships { get; set; } = [];
}

public static class TenantRules
{
    public const int NameMax = 100;
    public const int SlugMax = 48;
    public const int TokenMaxLifetimeDaysDefault = 365;
    public const int TokenMaxLifetimeDaysMax = 3650;
    public const int RateLimitPerMinuteDefault = 600;
    public const int RateLimitPerMinuteMax = 100_000;
}

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

/// <summary>A user's role in a tenant.</summary>
public sealed class Membership
{
    public Guid TenantId { get; set; }

    public Guid UserId { get; set; }

    public MemberRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The WorkOS invitation (<c>invitation_…</c>) the person was invited with, while they have not joined the WorkOS
    /// organization: the sign-in sync keeps such a membership, and the Members page shows it as invited. Cleared when the
    /// sync sees their organization membership active.
    /// </summary>
    public string? WorkOsInvitationId { get; set; }

    /// <summary>When the WorkOS invitation was sent; null once joined, and for members not invited through WorkOS.</summary>
    public DateTimeOffset? InvitedAt { get; set; }

    public Tenant? Tenant { get; set; }

    public User? User { get; set; }
}

/// <summary>
/// A tombstone for a membership an owner or admin removed: the WorkOS sync never adds the person back while it
/// exists, even if removing their WorkOS organization membership failed. Adding them again explicitly clears it.
/// </summary>
public sealed class MembershipRemoval
{
    public Guid TenantId { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset RemovedAt { get; set; }
}

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("tenants");
        builder.Property(t => t.Name).HasMaxLength(TenantRules.NameMax);
        builder.Property(t => t.Slug).HasMaxLength(TenantRules.SlugMax);
        builder.Property(t => t.WorkOsOrganizationId).HasMaxLength(64);
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.HasIndex(t => t.WorkOsOrganizationId).IsUnique();
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.Property(u => u.DisplayName).HasMaxLength(EntityRules.NameMax);
        builder.Property(u => u.WorkOsUserId).HasMaxLength(64);
        builder.HasIndex(u => u.Email).IsUnique();
        builder.HasIndex(u => u.WorkOsUserId).IsUnique();
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("memberships");
        builder.HasKey(m => new { m.TenantId, m.UserId });
        builder.HasOne(m => m.Tenant).WithMany(t => t.Memberships).HasForeignKey(m => m.TenantId);
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
        builder.HasIndex(m => m.UserId);
        builder.Property(m => m.WorkOsInvitationId).HasMaxLength(64);
    }
}

internal sealed class MembershipRemovalConfiguration : IEntityTypeConfiguration<MembershipRemoval>
{
    public void Configure(EntityTypeBuilder<MembershipRemoval> builder)
    {
        builder.ToTable("membership_removals");
        builder.HasKey(r => new { r.TenantId, r.UserId });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId);
        builder.HasIndex(r => r.UserId);
    }
}
