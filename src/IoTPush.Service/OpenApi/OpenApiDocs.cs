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
                Description = "Receives the IoT platform's push notifications (device upgrades, device data, device info, commands and the "
                    + "rest of the push family), stores each durably before answering 200, dispatches it to typed handlers, and tracks "
                    + "every device's upgrade.",
                License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/licenses/MIT") },
            });
            options.SupportNonNullableReferenceTypes();
            options.IncludeXmlComments(typeof(Notifications.Notification).Assembly);
            options.IncludeXmlComments(typeof(OpenApiDocs).Assembly);
            options.SchemaFilter<WireSchemaFilter>();
            options.OperationFilter<ReceiverRequestBodyFilter>();
            options.OperationFilter<ResponseExamplesFilter>();
            options.OperationFilter<QueryParametersFilter>();
            options.OperationFilter<SecurityRequirementsFilter>();
            options.DocumentFilter<DocumentShapeFilter>();
            foreach (var (name, scheme) in SecurityRequirementsFilter.Schemes)
            {
                options.AddSecurityDefinition(name, scheme);
            }
        });
        return services;
    }

    /// <summary>On by default in Development; elsewhere when <c>Swagger:Enabled</c> is true.</summary>
    public static WebApplication UseOpenApiDocs(this WebApplication app)
    {
        if (IsEnabled(app))
        {
            // The server is whoever was asked, so that "Try it out" goes back to it.
            app.UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
                document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host.Value}{request.PathBase}" }]));
            app.UseSwaggerUI();
        }

        return app;
    }

    public static bool IsEnabled(WebApplication app) => app.Configuration.GetValue("Swagger:Enabled", app.Environment.IsDevelopment());
}
