using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Web.Portal;

/// <summary>
/// <c>GET /t/{slug}/activity.csv</c>: the activity log as CSV with the Activity page's filters, for the signed-in
/// user's rights in that tenant. Rows are streamed as they are read, so a long log never sits in memory.
/// </summary>
public static class ActivityExportEndpoint
{
    public static void MapActivityExport(this WebApplication app) =>

        // The default policy: the portal's sign-in cookie. Without it the browser is sent to sign in and back.
        app.MapGet("/t/{slug}/activity.csv", ExportAsync).RequireAuthorization();

    private static async Task<IResult> ExportAsync(
        HttpContext context, string slug, TenantService tenants, AuditService audit, IOptionsMonitor<PortalOptions> options, TimeProvider clock)
    {
        // The tenant comes from the user's membership, never from input: not a member and no such tenant look alike.
        var user = PortalContext.UserOf(context.User, options.CurrentValue);
        if (user is null || await PortalContext.ViewOfAsync(tenants, user, slug, context.RequestAborted) is not { } view)
        {
            return Results.NotFound();
        }

        var query = ActivityQueryString.Parse(context.Request.Query);
        var export = query.IsSuccess ? audit.Export(view.Scope, query.Value) : query.Error;
        if (!export.IsSuccess)
        {
            return export.Error.Kind == ErrorKind.Validation
                ? Results.ValidationProblem(export.Error.Fields, export.Error.Message, title: "The activity filters are not valid")
                : Results.Problem(export.Error.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");
        }

        context.Response.Headers.CacheControl = "no-store";
        var fileName = $"activity-{view.Tenant.Slug}-{clock.GetUtcNow():yyyy-MM-dd}.csv";
        return Results.Stream(stream => ActivityCsv.WriteAsync(stream, export.Value, context.RequestAborted), "text/csv; charset=utf-8", fileName);
    }
}
