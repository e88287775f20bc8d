using Microsoft.OpenApi;

namespace IoTPush.Service.OpenApi;

/// <summary>The OpenAPI document at /swagger/v1/swagger.json and Swagger UI at /swagger.</summary>
public static class OpenApiDocs
{
    public static IServiceCollection AddOpenApiDocs(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "IoTPush",
                Version = "v1",
                Description = "Receives the IoT platform's device-upgrade push notifications, stores them durably, and tracks every device's upgrade.",
            });
            options.OperationFilter<NotificationRequestBodyFilter>();
            options.AddSecurityDefinition(ApiKeySecurityFilter.SchemeName, ApiKeySecurityFilter.Scheme);
            options.OperationFilter<ApiKeySecurityFilter>();
        });
        return services;
    }

    /// <summary>On by default in Development; elsewhere when <c>Swagger:Enabled</c> is true.</summary>
    public static WebApplication UseOpenApiDocs(this WebApplication app)
    {
        if (IsEnabled(app))
        {
            app.UseSwagger();
            app.UseSwaggerUI();
        }

        return app;
    }

    public static bool IsEnabled(WebApplication app) => app.Configuration.GetValue("Swagger:Enabled", app.Environment.IsDevelopment());
}
