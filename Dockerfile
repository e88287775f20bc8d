# IoTPush: one container, SQLite in the /data volume by default; set Storage__Provider and
# ConnectionStrings__IoTPush to share PostgreSQL between several containers.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore with only the project files, so that this layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/IoTPush/IoTPush.csproj src/IoTPush/
COPY src/IoTPush.Service/IoTPush.Service.csproj src/IoTPush.Service/
RUN dotnet restore src/IoTPush.Service/IoTPush.Service.csproj -r linux-x64
COPY src/ src/
# For linux-x64 only: the image carries SQLite's native library for its own platform, not for thirty others.
RUN dotnet publish src/IoTPush.Service/IoTPush.Service.csproj -c Release -r linux-x64 --self-contained false -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__IoTPush="Data Source=/data/iotpush.db"
# The image's non-root user ($APP_UID) must own the data directory before the volume is declared.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
EXPOSE 8080
COPY --from=build /app .
USER $APP_UID
ENTRYPOINT ["dotnet", "IoTPush.Service.dll"]
