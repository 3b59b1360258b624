# syntax=docker/dockerfile:1
# Kam.EventStore: build with the .NET 10 SDK, run on the ASP.NET runtime as a non-root user.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORKDIR /source

# Restore first (cached until a project/props file changes). The [x] globs let
# optional files be absent. The artifact is a framework-dependent ReadyToRun publish
# (precompiled code: start-up does not wait for the JIT; README, Running in production),
# so restore for the runtime and with the ReadyToRun compiler (crossgen2) too.
COPY Directory.Build.prop[s] Directory.Packages.prop[s] global.jso[n] .editorconfi[g] [Nn]u[Gg]et.[Cc]onfi[g] ./
COPY src/Kam.EventStore/Kam.EventStore.csproj src/Kam.EventStore/
ARG RID=linux-x64
RUN dotnet restore src/Kam.EventStore/Kam.EventStore.csproj -r $RID -p:PublishReadyToRun=true

COPY src/ src/
RUN dotnet publish src/Kam.EventStore/Kam.EventStore.csproj -c Release --no-restore \
      -r $RID --self-contained false -p:PublishReadyToRun=true \
      -o /app/publish -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
COPY --from=build /app/publish ./
# Non-root user shipped with the .NET 8+ images (uid 1654).
USER $APP_UID
EXPOSE 8080
# Health is checked by docker-compose (/health/live).
HEALTHCHECK NONE
ENTRYPOINT ["dotnet", "Kam.EventStore.dll"]
