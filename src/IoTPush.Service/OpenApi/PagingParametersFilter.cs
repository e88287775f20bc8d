using System.Text.Json.Nodes;
using IoTPush.Service.Management;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>
/// The paging parameters as a client should send them. The endpoints read them as text, so that a call without a
/// key gets its 401 before any binding error; the document says what is accepted.
/// </summary>
public sealed class PagingParametersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Name == "limit")
            {
                parameter.Description = $"Items per page, from 1 to {PageRequest.MaxLimit}.";
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Minimum = "1",
                    Maximum = PageRequest.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(PageRequest.DefaultLimit),
                };
            }
            else if (parameter.Name == "cursor")
            {
                parameter.Description = "The previous page's nextCursor, as given.";
            }
        }
    }
}
