using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// Tenant and member changes that also live in WorkOS when it is configured: a new tenant gets its organization
/// (and its owner an organization membership), an invited member gets a WorkOS invitation. Without WorkOS these are
/// the plain <see cref="TenantService"/> calls. A WorkOS failure is an exception, after undoing the local half.
/// </summary>
public sealed class WorkOsDirectory(
    TenantService tenants,
    UserService users,
    OrganizationsService organizations,
    OrganizationMembershipService memberships,
    UserManagementService userManagement,
    IOptions<WorkOsOptions> options,
    ILogger<WorkOsDirectory> logger)
{
    private bool Enabled => options.Value.IsConfigured;

    /// <summary>Creates a tenant owned by <paramref name="owner"/>; with WorkOS, its organization first.</summary>
    public async Task<Result<TenantItem>> CreateTenantAsync(string name, Guid ownerUserId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!Enabled || InputValidator.Validate(new TenantSettingsInput { Name = name }) is not null)
        {
            return await tenants.CreateAsync(name, ownerUserId, actor, cancellationToken: cancellationToken);
        }

        // The platform's limit is asked first, so a refused tenant leaves no WorkOS organization behind.
        if (await tenants.CheckTenantLimitAsync(ownerUserId, cancellationToken) is { } limit)
        {
            return limit;
        }

        var organization = await organizations.CreateOrganizationAsync(name.Trim(), null, cancellationToken);
        var created = await tenants.CreateAsync(name, ownerUserId, actor, organization.Id, cancellationToken);
        if (!created.IsSuccess)
        {
            await organizations.DeleteOrganizationAsync(organization.Id, CancellationToken.None);
            return created;
        }

        if ((await users.GetAsync(ownerUserId, cancellationToken))?.WorkOsUserId is { } workOsUserId)
        {
            await memberships.CreateAsync(workOsUserId, organization.Id, "admin", cancellationToken);
        }

        logger.LogInformation("Created tenant {TenantId} with WorkOS organization {OrganizationId}", created.Value.Id, organization.Id);
        return created;
    }

    /// <summary>Adds a member by email; for a tenant linked to WorkOS, also sends the WorkOS invitation.</summary>
    public async Task<Result<MemberItem>> InviteAsync(TenantScope scope, MemberInput input, CancellationToken cancellationToken = default)
    {
        var added = await tenants.AddMemberAsync(scope, input, cancellationToken);
        if (!added.IsSuccess || !Enabled || (await tenants.GetAsync(scope.TenantId, cancellationToken))?.WorkOsOrganizationId is not { } organizationId)
        {
            return added;
        }

        try
        {
            await userManagement.SendInvitationAsync(added.Value.Email, organizationId, input.Role == MemberRole.Admin ? "admin" : "member", cancellationToken);
        }
        catch (WorkOsException)
        {
            await tenants.RemoveMemberAsync(scope, added.Value.UserId, CancellationToken.None);
            throw;
        }

        return added;
    }
}
