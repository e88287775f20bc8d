using IoTPush;
using IoTPush.Receiving;
using IoTPush.Service.Dashboard;
using IoTPush.Service.Health;
using IoTPush.Service.Hosting;
using IoTPush.Service.Logging;
using IoTPush.Service.Management;
using IoTPush.Service.Observability;
using IoTPush.Service.OpenApi;
using IoTPush.Service.Storage;
using IoTPush.Service.Upgrades;

// The content root is where the app and its appsettings.json are, wherever it is started from
// (and so not the working directory, where data/ lives and would wake the config file watcher).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSerilogLogging();
builder.ConfigureServerLimits();

builder.Services.AddProblemDetailsWithTypes();
builder.Services.AddTrustedProxies();
builder.Services.AddInboxStorage();
builder.Services.AddPushReceiver();
builder.Services.AddPushMessageReceiver<UpgradeTrackerReceiver>();
builder.Services.AddManagementApi();
builder.Services.AddServiceHealthChecks();
builder.Services.AddTelemetry(builder.Configuration);
builder.Services.AddOpenApiDocs();

return builder.RunOrReport(app =>
{
    app.UseForwardedHeaders();
    app.UseRequestId();
    app.UseRequestLogging();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseOpenApiDocs();
    app.UseDashboard();

    app.MapPushReceiver();
    app.MapManagementApi();
    app.MapServiceHealthChecks();
});

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
