using IoTPush.Service.Management;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>Marks the management API's operations as needing the API key, so Swagger UI's "Authorize" sends it.</summary>
public sealed class ApiKeySecurityFilter : IOperationFilter
{
    public const string SchemeName = "ApiKey";

    public static OpenApiSecurityScheme Scheme { get; } = new()
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = ApiKeyFilter.HeaderName,
        Description = "One of Management:ApiKeys.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        }
    }
}
