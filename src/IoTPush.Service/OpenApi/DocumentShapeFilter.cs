using IoTPush.Receiving;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>What the endpoints cannot say of themselves: the tags' descriptions and the health endpoints.</summary>
public sealed class DocumentShapeFilter : IDocumentFilter
{
    public const string HealthTag = "Health";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = PushReceiverApi.Tag, Description = "The callback URLs the platform pushes to. Each push is validated, stored durably, then answered 200." },
            new() { Name = Management.ManagementApi.Tag, Description = "Upgrade campaigns, devices and the inbox, for operators. Every call needs X-Api-Key." },
            new() { Name = HealthTag, Description = "For load balancers and container platforms; no key needed, nothing revealed but Healthy or Unhealthy." },
        };
        document.Paths ??= [];
        document.Paths["/health/live"] = Health("HealthLive", "The process answers.");
        document.Paths["/health/ready"] = Health("HealthReady", "The store answers and the dispatcher runs (or is switched off); 503 otherwise.");
    }

    private static OpenApiPathItem Health(string id, string summary) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = id,
                Summary = summary,
                Security = [], // no key needed
                Tags = new HashSet<OpenApiTagReference> { new(HealthTag) },
                Responses = new OpenApiResponses
                {
                    ["200"] = Text("Healthy", "Healthy"),
                    ["503"] = Text("Unhealthy", "Unhealthy"),
                },
            },
        },
    };

    private static OpenApiResponse Text(string description, string example) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["text/plain"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = System.Text.Json.Nodes.JsonValue.Create(example),
            },
        },
    };
}
