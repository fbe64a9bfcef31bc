using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Tenants;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("tenants");
        builder.Property(t => t.Name).HasMaxLength(TenantRules.NameMax);
        builder.Property(t => t.Slug).HasMaxLength(TenantRules.SlugMax);
        builder.Property(t => t.WorkOsOrganizationId).HasMaxLength(64);
        builder.Property(t => t.OAuthClientsAllowed).HasColumnName("oauth_clients_allowed");
        builder.Property(t => t.OAuthClientTools).HasColumnName("oauth_client_tools");
        builder.Property(t => t.OAuthClientToolset).HasColumnName("oauth_client_toolset");
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.HasIndex(t => t.WorkOsOrganizationId).IsUnique();
    }
}
