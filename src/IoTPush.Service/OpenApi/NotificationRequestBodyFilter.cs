using System.Text.Json.Nodes;
using IoTPush.Receiving;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>
/// Describes the receiver's body as one of the four notification schemas, with the specs' examples.
/// The endpoint reads the raw body itself (it must keep it byte for byte), so nothing else would.
/// </summary>
public sealed class NotificationRequestBodyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.RelativePath?.TrimStart('/') != PushReceiverApi.Route.TrimStart('/'))
        {
            return;
        }

        var schemas = new List<IOpenApiSchema>();
        var examples = new Dictionary<string, IOpenApiExample>();
        foreach (var (notifyType, type, json) in NotificationExamples.All)
        {
            schemas.Add(context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository));
            examples[notifyType] = new OpenApiExample { Summary = notifyType, Value = JsonNode.Parse(json) };
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "A notification as the platform sends it. Field names match case-insensitively; "
                + "where a string is documented a JSON number is accepted too; unknown properties are kept.",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/json"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { OneOf = schemas },
                    Examples = examples,
                },
            },
        };
    }
}
