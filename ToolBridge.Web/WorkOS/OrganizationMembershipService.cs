using Microsoft.Extensions.Options;

namespace ToolBridge.Web.WorkOS;

public sealed class OrganizationMembershipService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options) : WorkOsService(httpFactory, options)
{
    /// <summary>
    /// Every membership of a user in the given statuses (comma-separated: <c>active</c>, <c>pending</c>,
    /// <c>inactive</c>), following the list cursor to the end. A <c>pending</c> membership is an invitation not
    /// accepted yet. All the pages together take at most <see cref="WorkOsOptions.TimeoutSeconds"/>, as one call does.
    /// </summary>
    public async Task<IReadOnlyList<OrganizationMembership>> ListForUserAsync(string userId, string statuses = "active", CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.Timeout);
        var memberships = new List<OrganizationMembership>();
        string? after = null;
        try
        {
            do
            {
                var query = Query(("user_id", userId), ("statuses", statuses), ("limit", "100"), ("after", after));
                var page = await SendAsync<ListResponse<OrganizationMembership>>(HttpMethod.Get, $"/user_management/organization_memberships{query}", null, authenticated: true, deadline.Token);
                memberships.AddRange(page.Data);
                after = page.ListMetadata.After;
            }
            while (after is not null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WorkOsException(0, WorkOsException.Timeout, $"WorkOS did not list the memberships within {Options.TimeoutSeconds} s ({memberships.Count} read)");
        }

        return memberships;
    }

    public Task<OrganizationMembership> CreateAsync(string userId, string organizationId, string roleSlug, CancellationToken cancellationToken = default) =>
        SendAsync<OrganizationMembership>(HttpMethod.Post, "/user_management/organization_memberships",
            Body(("user_id", userId), ("organization_id", organizationId), ("role_slug", roleSlug)), authenticated: true, cancellationToken);

    /// <summary>The user's membership of the organization (any status), or null when there is none.</summary>
    public async Task<OrganizationMembership?> FindAsync(string userId, string organizationId, CancellationToken cancellationToken = default)
    {
        var query = Query(("user_id", userId), ("organization_id", organizationId), ("limit", "1"));
        var page = await SendAsync<ListResponse<OrganizationMembership>>(HttpMethod.Get, $"/user_management/organization_memberships{query}", null, authenticated: true, cancellationToken);
        return page.Data.FirstOrDefault(m => m.UserId == userId && m.OrganizationId == organizationId);
    }

    public Task<OrganizationMembership> UpdateAsync(string membershipId, string roleSlug, CancellationToken cancellationToken = default) =>
        SendAsync<OrganizationMembership>(HttpMethod.Put, $"/user_management/organization_memberships/{Uri.EscapeDataString(membershipId)}",
            Body(("role_slug", roleSlug)), authenticated: true, cancellationToken);

    public Task DeleteAsync(string membershipId, CancellationToken cancellationToken = default) =>
        SendAsync<bool>(HttpMethod.Delete, $"/user_management/organization_memberships/{Uri.EscapeDataString(membershipId)}", null, authenticated: true, cancellationToken);
}
