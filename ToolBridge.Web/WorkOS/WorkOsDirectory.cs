using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// Tenant and member changes that also live in WorkOS when it is configured: a new tenant gets its organization
/// (and its owner an organization membership), an invited member gets a WorkOS invitation, and a removal or role
/// change is mirrored to the person's organization membership. Without WorkOS these are the plain
/// <see cref="TenantService"/> and <see cref="MemberService"/> calls. Creating and inviting ask WorkOS first and write
/// locally only once it agreed, so a WorkOS failure (refused, slow, unreachable, unreadable) is an error result and
/// leaves no row behind; an organization made for a tenant that is then not created is deleted again. A removal or role
/// change holds locally at once and a failed mirror is only logged, since ToolBridge owns roles and removals and the
/// sync does not undo them (docs/decisions/0009).
/// </summary>
public sealed class WorkOsDirectory(
    TenantService tenants,
    MemberService members,
    UserService users,
    OrganizationsService organizations,
    OrganizationMembershipService memberships,
    UserManagementService userManagement,
    IOptions<WorkOsOptions> options,
    ILogger<WorkOsDirectory> logger)
{
    private bool Enabled => options.Value.IsConfigured;

    /// <summary>
    /// Creates a tenant owned by <paramref name="owner"/>; with WorkOS, its organization and the owner's membership of it
    /// first. A WorkOS failure is an error result, with no tenant created.
    /// </summary>
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

        Organization organization;
        try
        {
            organization = await organizations.CreateOrganizationAsync(name.Trim(), null, cancellationToken);
        }
        catch (WorkOsException exception)
        {
            return Failed(exception, "create the organization of a new tenant", $"the tenant {name.Trim()} was not created");
        }

        Result<TenantItem> created;
        try
        {
            if ((await users.GetAsync(ownerUserId, cancellationToken))?.WorkOsUserId is { } workOsUserId)
            {
                await memberships.CreateAsync(workOsUserId, organization.Id, WorkOsRoles.SlugFor(MemberRole.Owner), cancellationToken);
            }

            created = await tenants.CreateAsync(name, ownerUserId, actor, organization.Id, cancellationToken);
        }
        catch (WorkOsException exception)
        {
            await DeleteOrganizationAsync(organization.Id);
            return Failed(exception, "make the owner a member of a new tenant's organization", $"the tenant {name.Trim()} was not created");
        }
        catch
        {
            // The database, or a bug: the organization would have no tenant, so it goes too.
            await DeleteOrganizationAsync(organization.Id);
            throw;
        }

        if (!created.IsSuccess)
        {
            await DeleteOrganizationAsync(organization.Id);
            return created;
        }

        logger.LogInformation("Created tenant {TenantId} with WorkOS organization {OrganizationId}", created.Value.Id, organization.Id);
        return created;
    }

    /// <summary>Deletes an organization made for a tenant that was not created; a failure is logged (it has no tenant and no use).</summary>
    private async Task DeleteOrganizationAsync(string organizationId)
    {
        try
        {
            await organizations.DeleteOrganizationAsync(organizationId, CancellationToken.None);
        }
        catch (WorkOsException exception)
        {
            logger.LogWarning("Could not delete WorkOS organization {OrganizationId}, made for a tenant that was not created: {Status} {Code}",
                organizationId, exception.Status, exception.Code);
        }
    }

    /// <summary>
    /// Adds a member by email; for a tenant linked to WorkOS, sends the WorkOS invitation first and adds the member with
    /// it recorded (they show as invited until they join), so a failed invitation adds nobody. Someone WorkOS says is
    /// already in the organization (re-invited after a removal whose mirror failed, say) needs no invitation: they are
    /// added, and their WorkOS role is brought in line with the new one.
    /// </summary>
    public async Task<Result<MemberItem>> InviteAsync(TenantScope scope, MemberInput input, CancellationToken cancellationToken = default)
    {
        if (!Enabled || (await tenants.GetAsync(scope.TenantId, cancellationToken))?.WorkOsOrganizationId is not { } organizationId)
        {
            return await members.AddMemberAsync(scope, input, cancellationToken: cancellationToken);
        }

        if (await members.CheckAddMemberAsync(scope, input, cancellationToken) is { } refused)
        {
            return refused;
        }

        var email = UserService.Normalize(input.Email);
        Invitation invitation;
        try
        {
            invitation = await userManagement.SendInvitationAsync(email, organizationId, WorkOsRoles.SlugFor(input.Role), cancellationToken);
        }
        catch (WorkOsException exception) when (exception.Code == UserManagementService.UserAlreadyOrganizationMember)
        {
            var added = await members.AddMemberAsync(scope, input, cancellationToken: cancellationToken);
            if (added.IsSuccess)
            {
                logger.LogInformation("User {UserId} is already in WorkOS organization {OrganizationId}: added to tenant {TenantId} without an invitation",
                    added.Value.UserId, organizationId, scope.TenantId);
                await MirrorAsync(scope.TenantId, added.Value.UserId, input.Role, cancellationToken);
            }

            return added;
        }
        catch (WorkOsException exception)
        {
            return Failed(exception, "send an invitation", $"{email} was not invited");
        }

        var member = await members.AddMemberAsync(scope, input, invitation.Id, cancellationToken);
        if (!member.IsSuccess)
        {
            // Added (or the inviter's role taken away) meanwhile: the invitation must not let them in on its own.
            await RevokeAsync(scope.TenantId, null, invitation.Id, cancellationToken);
        }

        return member;
    }

    /// <summary>
    /// The error a person sees when WorkOS refused or failed a change that was then not made; what WorkOS said goes to the
    /// log only (status and code).
    /// </summary>
    private Error Failed(WorkOsException exception, string action, string outcome)
    {
        logger.LogWarning("WorkOS failed to {Action}: {Status} {Code}", action, exception.Status, exception.Code);
        return exception.Refused
            ? new Error(ErrorKind.Conflict, $"WorkOS refused the change, so {outcome}. Check what you entered; if it looks right, ask an operator to look at the log.")
            : new Error(ErrorKind.Unavailable, $"WorkOS did not answer properly, so {outcome}. Nothing was changed: try again in a minute.");
    }

    /// <summary>Sends the WorkOS invitation email of a member who has not joined yet again.</summary>
    public async Task<Result<MemberItem>> ResendInvitationAsync(TenantScope scope, Guid userId, CancellationToken cancellationToken = default)
    {
        var invited = await members.GetInvitedMemberAsync(scope, userId, cancellationToken: cancellationToken);
        if (!invited.IsSuccess || !Enabled)
        {
            return invited;
        }

        try
        {
            await userManagement.ResendInvitationAsync(invited.Value.WorkOsInvitationId!, cancellationToken);
        }
        catch (WorkOsException exception) when (exception.Refused)
        {
            // Expired, revoked or accepted meanwhile: say so; cancelling and inviting again is the way on.
            logger.LogInformation("WorkOS refused to resend the invitation of user {UserId} in tenant {TenantId}: {Status} {Code}", userId, scope.TenantId, exception.Status, exception.Code);
            return new Error(ErrorKind.Conflict, $"WorkOS could not send the invitation to {invited.Value.Email} again (it may have expired or been accepted). Cancel it and invite them again.");
        }
        catch (WorkOsException exception)
        {
            return Failed(exception, "resend an invitation", $"the invitation to {invited.Value.Email} was not sent again");
        }

        return invited;
    }

    /// <summary>
    /// Cancels the invitation of a member who has not joined yet: removes them as <see cref="RemoveMemberAsync"/> does
    /// (at once, tokens revoked, a tombstone) and revokes the WorkOS invitation, so its link no longer lets them in.
    /// </summary>
    public async Task<Result<MemberItem>> CancelInvitationAsync(TenantScope scope, Guid userId, CancellationToken cancellationToken = default)
    {
        var invited = await members.GetInvitedMemberAsync(scope, userId, cancelling: true, cancellationToken);
        return invited.IsSuccess ? await RemoveMemberAsync(scope, userId, cancellationToken) : invited;
    }

    /// <summary>
    /// Removes a member (see <see cref="MemberService.RemoveMemberAsync"/>: at once, with their tokens), then revokes
    /// their pending WorkOS invitation and deletes their WorkOS organization membership for a linked tenant.
    /// </summary>
    public async Task<Result<MemberItem>> RemoveMemberAsync(TenantScope scope, Guid userId, CancellationToken cancellationToken = default)
    {
        var removed = await members.RemoveMemberAsync(scope, userId, cancellationToken);
        if (removed.IsSuccess)
        {
            if (Enabled && removed.Value.WorkOsInvitationId is { } invitationId)
            {
                await RevokeAsync(scope.TenantId, userId, invitationId, cancellationToken);
            }

            await MirrorAsync(scope.TenantId, userId, null, cancellationToken);
        }

        return removed;
    }

    /// <summary>Revokes a WorkOS invitation; never throws for WorkOS (the tombstone already keeps the person out).</summary>
    private async Task RevokeAsync(Guid tenantId, Guid? userId, string invitationId, CancellationToken cancellationToken)
    {
        try
        {
            await userManagement.RevokeInvitationAsync(invitationId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Could not revoke the WorkOS invitation {InvitationId} of user {UserId} in tenant {TenantId}: {Failure}",
                invitationId, userId, tenantId, exception is WorkOsException workOs ? $"{workOs.Status} {workOs.Code}" : exception.GetType().Name);
        }
    }

    /// <summary>Changes a member's role (see <see cref="MemberService.ChangeRoleAsync"/>), then their WorkOS role for a linked tenant.</summary>
    public async Task<Result<MemberItem>> ChangeRoleAsync(TenantScope scope, Guid userId, MemberRole role, CancellationToken cancellationToken = default)
    {
        var changed = await members.ChangeRoleAsync(scope, userId, role, cancellationToken);
        if (changed.IsSuccess)
        {
            await MirrorAsync(scope.TenantId, userId, changed.Value.Role, cancellationToken);
        }

        return changed;
    }

    /// <summary>Deletes (<paramref name="role"/> null) or updates the person's WorkOS organization membership. Never throws for WorkOS.</summary>
    private async Task MirrorAsync(Guid tenantId, Guid userId, MemberRole? role, CancellationToken cancellationToken)
    {
        if (!Enabled
            || (await tenants.GetAsync(tenantId, cancellationToken))?.WorkOsOrganizationId is not { } organizationId
            || (await users.GetAsync(userId, cancellationToken))?.WorkOsUserId is not { } workOsUserId)
        {
            return;
        }

        var change = role is null ? "removal" : "role change";
        try
        {
            var membership = await memberships.FindAsync(workOsUserId, organizationId, cancellationToken);
            if (membership is null)
            {
                return;
            }

            if (role is not { } newRole)
            {
                await memberships.DeleteAsync(membership.Id, cancellationToken);
            }
            else if (membership.Role.Slug != WorkOsRoles.SlugFor(newRole))
            {
                await memberships.UpdateAsync(membership.Id, WorkOsRoles.SlugFor(newRole), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The local change already holds and the sync will not undo it; WorkOS catches up at the next change.
            logger.LogWarning("Could not mirror the {Change} of user {UserId} in tenant {TenantId} to WorkOS organization {OrganizationId}: {Failure}",
                change, userId, tenantId, organizationId, exception is WorkOsException workOs ? $"{workOs.Status} {workOs.Code}" : exception.GetType().Name);
        }
    }
}
