using IoTPush.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace IoTPush.Receiving;

/// <summary>The callback endpoint the platform pushes to.</summary>
public static class PushReceiverApi
{
    /// <summary>The path of the callback URL the platform documents.</summary>
    public const string Route = "/v1.0.0/messageReceiver";

    /// <summary>Maps the receiver; chain rate limiting, filters or auth onto the returned builder.</summary>
    public static RouteHandlerBuilder MapPushReceiver(this IEndpointRouteBuilder endpoints, string pattern = Route) =>
        endpoints.MapPost(pattern, ReceiveAsync)
            .AddEndpointFilter<CallbackGuardFilter>()
            .WithName("ReceivePush")
            .WithTags("Receiver")
            .WithSummary("Receives a device-upgrade push notification")
            .WithDescription("Validates the push, stores it durably, then answers 200. Unknown notifyTypes are stored as unhandled (or rejected, per Receiver:UnknownNotifyTypes).")
            .Produces<PushAccepted>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Results<Ok<PushAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpContext context, PushIntake intake, PushMetrics metrics, IOptions<ReceiverOptions> options)
    {
        if (JsonContentType.Check(context.Request.ContentType) is { } contentTypeError)
        {
            metrics.Received(null, PushMetrics.Outcomes.Rejected);
            return TypedResults.Problem(contentTypeError, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");
        }

        var maxBytes = options.Value.MaxBodyBytes;
        try
        {
            var result = await BoundedBody.ReadAsync(context.Request, maxBytes, body => intake.AcceptAsync(context, body), context.RequestAborted);
            if (result is null)
            {
                metrics.Received(null, PushMetrics.Outcomes.Rejected);
            }

            return result ?? TypedResults.Problem(
                $"The body is larger than {maxBytes} bytes (Receiver:MaxBodyBytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large.");
        }
        catch (BadHttpRequestException exception)
        {
            metrics.Received(null, PushMetrics.Outcomes.Rejected);
            // Kestrel's own limits (body size, minimum data rate) or a malformed transfer.
            return TypedResults.Problem(exception.Message, statusCode: exception.StatusCode, title: "The request could not be read.");
        }
    }
}
