using System.Text.Json.Nodes;
using IoTPush.Receiving;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>
/// A concrete example for every response (instead of a generator's <c>additionalProp1</c>), and the
/// <c>Retry-After</c> header where a client is told to come back (429, 503).
/// </summary>
public sealed class ResponseExamplesFilter : IOperationFilter
{
    private const string TraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var management = context.ApiDescription.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(code, out var status))
            {
                continue;
            }

            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before sending the push again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }

            if (Example(status, management) is { } example)
            {
                foreach (var media in concrete.Content?.Values ?? [])
                {
                    if (media is OpenApiMediaType mediaType)
                    {
                        mediaType.Example = example;
                    }
                }
            }
        }
    }

    private static JsonNode? Example(int status, bool management) => status switch
    {
        StatusCodes.Status200OK when !management => new JsonObject { ["id"] = "01a206de-7e3b-7000-9ca0-8f5fd1670a25", ["duplicate"] = false },
        StatusCodes.Status400BadRequest when management => Problem(status, "One or more validation errors occurred.", null, "rfc9110#section-15.5.1",
            new JsonObject { ["limit"] = new JsonArray("'limit' must be a whole number from 1 to 1000.") }),
        StatusCodes.Status400BadRequest => Problem(status, "The fwUpgradeStateChangeNotify notification is not valid.", null, "rfc9110#section-15.5.1",
            new JsonObject
            {
                ["deviceId"] = new JsonArray("'deviceId' must not be empty."),
                ["stepDesc"] = new JsonArray("'stepDesc' must be 'downloaded' when 'step' is '2'."),
            }),
        StatusCodes.Status401Unauthorized => Problem(status, "Unauthorized.", management
            ? "Send a valid X-Api-Key header (one of Management:ApiKeys)."
            : $"A push must carry a valid callback token, as the '{CallbackGuardFilter.TokenQueryParameter}' query parameter or the {CallbackGuardFilter.TokenHeader} header.",
            "rfc9110#section-15.5.2"),
        StatusCodes.Status403Forbidden => Problem(status, "Forbidden.", "Pushes are not accepted from this address (Receiver:AllowedNetworks).", "rfc9110#section-15.5.4"),
        StatusCodes.Status404NotFound => Problem(status, "Not found.", "No device has reported on operation 'op-42'.", "rfc9110#section-15.5.5"),
        StatusCodes.Status409Conflict => Problem(status, "Nothing to replay to.",
            "Notification '01a206de-7e3b-7000-9ca0-8f5fd1670a25' has a notifyType with no handler (status unhandled).", "rfc9110#section-15.5.10"),
        StatusCodes.Status413PayloadTooLarge => Problem(status, "Payload too large.", "The body is larger than 65536 bytes (Receiver:MaxBodyBytes).", "rfc9110#section-15.5.14"),
        StatusCodes.Status415UnsupportedMediaType => Problem(status, "Unsupported media type.",
            "Content-Type 'text/plain' is not JSON; send application/json.", "rfc9110#section-15.5.16"),
        StatusCodes.Status429TooManyRequests => Problem(status, "Too many requests.", "Over Receiver:RateLimit; retry after 1 s.", "rfc6585#section-4"),
        StatusCodes.Status503ServiceUnavailable => Problem(status, "The inbox is unavailable.",
            "The inbox could not commit. The push was not stored; retry it.", "rfc9110#section-15.6.4"),
        _ => null,
    };

    private static JsonObject Problem(int status, string title, string? detail, string reference, JsonObject? errors = null)
    {
        var problem = new JsonObject
        {
            ["type"] = $"https://tools.ietf.org/html/{reference}",
            ["title"] = title,
            ["status"] = status,
        };
        if (detail is not null)
        {
            problem["detail"] = detail;
        }

        if (errors is not null)
        {
            problem["errors"] = errors;
        }

        problem["traceId"] = TraceId;
        return problem;
    }
}
