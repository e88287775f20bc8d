using IoTPush.Receiving;
using IoTPush.Service.Management;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>
/// Who may call what: the management API needs the API key; the receiver takes the callback token as the
/// <c>token</c> query parameter or the <c>X-Callback-Token</c> header, or nothing where no token is configured.
/// Swagger UI's "Authorize" then sends them.
/// </summary>
public sealed class SecurityRequirementsFilter : IOperationFilter
{
    public const string ApiKey = "ApiKey";
    public const string CallbackTokenQuery = "CallbackTokenQuery";
    public const string CallbackTokenHeader = "CallbackTokenHeader";

    public static IReadOnlyDictionary<string, OpenApiSecurityScheme> Schemes { get; } = new Dictionary<string, OpenApiSecurityScheme>
    {
        [ApiKey] = new()
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyFilter.HeaderName,
            Description = "One of Management:ApiKeys.",
        },
        [CallbackTokenQuery] = new()
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = CallbackGuardFilter.TokenQueryParameter,
            Description = "One of Receiver:CallbackTokens, in the callback URL the application subscribed (…/messageReceiver?token=…).",
        },
        [CallbackTokenHeader] = new()
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = CallbackGuardFilter.TokenHeader,
            Description = "One of Receiver:CallbackTokens, as a header.",
        },
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = context.ApiDescription.RelativePath ?? "";
        if (path.StartsWith("api/", StringComparison.Ordinal))
        {
            operation.Security = [Requirement(ApiKey, context)];
        }
        else if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ITagsMetadata>().Any(tags => tags.Tags.Contains(PushReceiverApi.Tag)))
        {
            // Alternatives: the token in the query, or in the header, or none where no token is configured.
            operation.Security = [Requirement(CallbackTokenQuery, context), Requirement(CallbackTokenHeader, context), new OpenApiSecurityRequirement()];
        }
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OperationFilterContext context) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] };
}
