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

app.UseConnectionDrain();
app.UseMetricsEndpoint();
app.UseForwardedHeadersFromProxy();
app.UseSecurityHeaders();
app.UseRequestBodyLimit();
app.UseMcpRequestLimits();
app.UseAuthentication();
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
