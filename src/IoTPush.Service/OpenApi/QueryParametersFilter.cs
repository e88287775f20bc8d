using System.Globalization;
using System.Text.Json.Nodes;
using IoTPush.Inbox;
using IoTPush.Notifications;
using IoTPush.Service.Management;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>
/// The management API's query parameters as a client should send them. The endpoints read them as text, so that
/// a call without a key gets its 401 before any binding error, and a bad value a problem naming it; the document
/// says what is accepted.
/// </summary>
public sealed class QueryParametersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            (parameter.Description, parameter.Schema) = parameter.Name switch
            {
                "limit" => ($"Items per page, from 1 to {PageRequest.MaxLimit}.", new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Minimum = "1",
                    Maximum = PageRequest.MaxLimit.ToString(CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(PageRequest.DefaultLimit),
                }),
                "cursor" => ("The previous page's nextCursor, as given.", parameter.Schema),
                "kind" => ("Campaigns whose devices are all firmware, all software, or some of each (mixed).", OneOf(ManagementApi.CampaignKinds)),
                "active" => ("true: campaigns with devices still in progress; false: campaigns whose devices have all finished.",
                    new OpenApiSchema { Type = JsonSchemaType.Boolean }),
                "state" => ("Devices whose last state is this one.", OneOf(UpgradeStates.ByStep)),
                "result" => ("Devices with this result; none: no result yet.", OneOf(ManagementApi.RowResults)),
                "status" => ("Records in this status.", OneOf(InboxStatus.All)),
                _ => (parameter.Description, parameter.Schema),
            };
        }
    }

    private static OpenApiSchema OneOf(IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = values.Select(value => (JsonNode)JsonValue.Create(value)).ToList() };
}
