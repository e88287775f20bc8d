using System.Text.Json.Nodes;
using IoTPush.Notifications;
using IoTPush.Receiving;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>
/// Describes what the receiver's endpoints read (they take the raw body, to keep it byte for byte, so nothing
/// else would): on the receiver, one of the family's notifications or any other notification; on the
/// command-status callback, its one body. Each type comes with its example.
/// </summary>
public sealed class ReceiverRequestBodyFilter : IOperationFilter
{
    public const string OtherNotification = "OtherNotification";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = "/" + context.ApiDescription.RelativePath?.TrimStart('/');
        if (path == PushReceiverApi.Route)
        {
            var family = PushFamily.All.Where(type => type.NotifyType != NotifyTypes.NBCommandStateChanged).ToList();
            var schemas = family.Select(type => context.SchemaGenerator.GenerateSchema(type.NotificationType, context.SchemaRepository)).ToList();
            schemas.Add(Other(context.SchemaRepository, family));
            operation.RequestBody = Body(
                "A notification as the platform sends it. Field names match in any letter case; where a string is documented a JSON "
                + "number is accepted too, read as its text; unknown properties are kept in the stored body.",
                new OpenApiSchema { OneOf = schemas },
                family.ToDictionary(type => type.NotifyType, type => Example(type)));
        }
        else if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>()
                     .Any(name => name.EndpointName.StartsWith("ReceiveCommandStatus", StringComparison.Ordinal)))
        {
            var type = PushFamily.All.Find(NotifyTypes.NBCommandStateChanged)!;
            operation.RequestBody = Body(
                "The NB-IoT command-status callback, which carries no notifyType.",
                context.SchemaGenerator.GenerateSchema(type.NotificationType, context.SchemaRepository),
                new Dictionary<string, IOpenApiExample> { [type.NotifyType] = Example(type) });
        }
    }

    private static OpenApiRequestBody Body(string description, IOpenApiSchema schema, Dictionary<string, IOpenApiExample> examples) => new()
    {
        Required = true,
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["application/json"] = new OpenApiMediaType { Schema = schema, Examples = examples },
        },
    };

    private static IOpenApiExample Example(PushType type) =>
        new OpenApiExample { Summary = type.NotifyType, Value = JsonNode.Parse(type.Example) };

    /// <summary>Every notification outside the family: any object whose notifyType is not one of the family's.</summary>
    private static IOpenApiSchema Other(SchemaRepository repository, IEnumerable<PushType> family)
    {
        if (!repository.Schemas.ContainsKey(OtherNotification))
        {
            repository.Schemas[OtherNotification] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "A notification outside the push family (deviceCapabilitiesAdded, LocationChanged, ...). It is stored "
                    + "as unhandled, or answered 400 with Receiver:UnknownNotifyTypes=Reject. Also matches a family notification whose "
                    + "notifyType is written in other letter case, which the receiver reads as its type.",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["notifyType"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, Description = "The notification type." },
                },
                AdditionalPropertiesAllowed = true,
                Not = new OpenApiSchema
                {
                    Required = new HashSet<string> { "notifyType" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["notifyType"] = new OpenApiSchema { Enum = family.Select(type => (JsonNode)JsonValue.Create(type.NotifyType)).ToList() },
                    },
                },
                Examples = [new JsonObject { ["notifyType"] = "deviceCapabilitiesAdded", ["deviceId"] = "4c1a8b6e-2f7d-4a51-9c3e-1d2b3c4d5e6f" }],
            };
        }

        return new OpenApiSchemaReference(OtherNotification);
    }
}
