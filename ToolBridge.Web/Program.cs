using ToolBridge.Web.Auth;
using ToolBridge.Web.Commands;
using ToolBridge.Web.Database;
using ToolBridge.Web.Development;
using ToolBridge.Web.Health;
using ToolBridge.Web.Hosting;
using ToolBridge.Web.Mcp;
using ToolBridge.Web.Portal;
using ToolBridge.Web.Security;

var builder = WebApplication.CreateBuilder(args);
if (AdminCommands.IsCommand(args))
{
    AdminCommands.ConfigureLogging(builder);
}

builder.AddHosting();
builder.AddTelemetry();
builder.AddToolBridgeData();
builder.AddHealth();
builder.AddMcpEndpoint();
builder.AddPortalAuthentication();
builder.AddPortalSecurity();
builder.AddPortal();

var app = builder.Build();
if (AdminCommands.IsCommand(args))
{
    return await AdminCommands.RunAsync(app, args);
}

if (!app.SettingsAreValid())
{
    return 1;
}

if (app.Environment.IsDevelopment())
{
    await app.PrepareDevelopmentDatabaseAsync();
}

// The order of the middleware is behaviour; each one relies on those above it:
// - Connection drain first: every answer given while the app stops (refusals and /metrics included) closes its
//   connection, so no keep-alive caller sends a request into a connection that is about to close.
// - /metrics before the rest: the scraper has no credentials and must never be rate-limited, and on the metrics port
//   nothing else is served, so requests from the private network never reach the portal or /mcp.
// - Forwarded headers before anything reads the scheme or the client address: HSTS and Secure cookies need the https
//   the proxy saw; per-address rate limits, the failed-token throttle and last-used addresses need the real client.
// - Security headers before anything that can answer, so redirects and 401, 413 and 429 answers carry them too.
// - The body limit and the MCP request limits before authentication: an oversized, misdirected or foreign-origin
//   request is refused before a token is looked up in the database or a form is read.
// - Authentication, then authorization (which authenticates the MCP token), then the log scope naming that token or
//   the signed-in user: earlier, log lines lose their tenant, token and user.
// - The portal's "Page not found" between the two: the request it re-executes into that page (for a 404 of a page
//   address) must pass authorization again (an endpoint with [Authorize] refuses to run otherwise), and the sign-in
//   read once serves both passes.
// - Antiforgery after authentication and authorization (its tokens are bound to the signed-in user) and inside the
//   body limit, which turns a form too large to read into a 413.
// - Rate limiting last: its per-tenant and per-token buckets read the authenticated token; earlier they find none and
//   MCP calls are limited only per address.
app.UseConnectionDrain();
app.UseMetricsEndpoint();
app.UseForwardedHeadersFromProxy();
app.UseSecurityHeaders();
app.UseRequestBodyLimit();
app.UseMcpRequestLimits();
app.UseAuthentication();
app.UsePortalNotFoundPage();
app.UseAuthorization();
app.UseRequestLogScope();
app.UseAntiforgery();
app.UseRateLimiter();

app.MapHealth();
app.MapMcpEndpoint();
app.MapPortalAuthentication();
app.MapPortal();

await app.RunAsync();
return 0;
