using Microsoft.Extensions.Options;

namespace ToolBridge.Web.WorkOS;

public sealed class OrganizationsService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options) : WorkOsService(httpFactory, options)
{
    public Task<Organization> CreateOrganizationAsync(string name, string? externalId, CancellationToken cancellationToken = default) =>
        SendAsync<Organization>(HttpMethod.Post, "/organizations", Body(("name", name), ("external_id", externalId)), authenticated: true, cancellationToken);

    public Task DeleteOrganizationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<bool>(HttpMethod.Delete, $"/organizations/{Uri.EscapeDataString(id)}", null, authenticated: true, cancellationToken);
}
