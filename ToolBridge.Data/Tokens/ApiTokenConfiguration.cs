using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.Property(t => t.Name).HasMaxLength(TokenRules.NameMax);
        builder.Property(t => t.Description).HasMaxLength(TokenRules.DescriptionMax);
        builder.Property(t => t.Hint).HasMaxLength(16);
        builder.Property(t => t.LastUsedIp).HasMaxLength(64);
        builder.Property(t => t.RevokedReason).HasMaxLength(TokenRules.ReasonMax);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(t => t.Owner).WithMany().HasForeignKey(t => t.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => t.PreviousSecretHash);
        builder.HasIndex(t => new { t.TenantId, t.OwnerUserId });
        builder.Property(t => t.OAuthClientId).HasColumnName("oauth_client_id").HasMaxLength(TokenRules.OAuthClientIdMax);
        builder.HasIndex(t => new { t.TenantId, t.OwnerUserId, t.OAuthClientId }).IsUnique().HasFilter("oauth_client_id IS NOT NULL");
    }
}
