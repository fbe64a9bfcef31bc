# ToolBridge: the SDK image restores and publishes in Release, the ASP.NET Core runtime image runs the result.
# No Docker engine runs on the development machines, so scripts/container-check.sh runs these same steps
# without one (same publish command, user rights, working directory, port and environment; migrate first).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore layer: only what restore reads, so it stays cached until a project file or a package version changes.
COPY ToolBridge.sln global.json Directory.Build.props Directory.Packages.props ./
COPY ToolBridge.Web/ToolBridge.Web.csproj ToolBridge.Web/
COPY ToolBridge.Data/ToolBridge.Data.csproj ToolBridge.Data/
RUN dotnet restore ToolBridge.Web/ToolBridge.Web.csproj

COPY . .
RUN dotnet publish ToolBridge.Web -c Release -o /app/publish --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Owned by root and only readable by the app's user: the app writes nothing to its own directory.
COPY --from=build /app/publish .
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# The runtime image's non-root user (uid 1654).
USER $APP_UID
# Fly's release_command ("migrate" in fly.toml) replaces the command, not this entry point.
ENTRYPOINT ["dotnet", "ToolBridge.Web.dll"]
