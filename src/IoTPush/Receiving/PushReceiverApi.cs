using IoTPush.Notifications;
using IoTPush.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IoTPush.Receiving;

/// <summary>The callback endpoints the platform pushes to.</summary>
public static class PushReceiverApi
{
    /// <summary>The path of the callback URL the platform documents.</summary>
    public const string Route = "/v1.0.0/messageReceiver";

    /// <summary>The OpenAPI tag of the receiver's endpoints.</summary>
    public const string Tag = "Receiver";

    /// <summary>The NB-IoT command-status callback, by the SDK's convention.</summary>
    public const string CommandRoute = Route + "/cmd";

    /// <summary>
    /// Maps the receiver and the command-status callback (and <see cref="ReceiverOptions.CommandCallbackPath"/>),
    /// behind the callback guard and then the rate limit; chain further conventions onto the returned group.
    /// </summary>
    public static RouteGroupBuilder MapPushReceiver(this IEndpointRouteBuilder endpoints)
    {
        var receiver = endpoints.MapGroup("")
            .AddEndpointFilter<CallbackGuardFilter>()
            .AddEndpointFilter<ReceiverRateLimitFilter>()
            .WithTags(Tag)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        receiver.MapPost(Route, ReceiveAsync)
            .Produces<PushAccepted>()
            .WithName("ReceivePush")
            .WithSummary("Receives a push notification of any subscribed type")
            .WithDescription("Validates the push, stores it durably, then answers 200. A notifyType outside the push family is "
                + "stored as unhandled (or rejected, per Receiver:UnknownNotifyTypes).");
        MapCommandCallback(receiver, CommandRoute).WithName("ReceiveCommandStatus");
        var configured = endpoints.ServiceProvider.GetRequiredService<IOptions<ReceiverOptions>>().Value.CommandCallbackPath;
        if (!string.IsNullOrEmpty(configured) && configured != CommandRoute)
        {
            MapCommandCallback(receiver, configured).WithName("ReceiveCommandStatusAtConfiguredPath");
        }

        return receiver;
    }

    public static Task<Results<Ok<PushAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpContext context, PushIntake intake, PushMetrics metrics, IOptions<ReceiverOptions> options) =>
        AcceptAsync(context, intake, metrics, options.Value, impliedNotifyType: null);

    public static Task<Results<Ok<PushAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveCommandStatusAsync(
        HttpContext context, PushIntake intake, PushMetrics metrics, IOptions<ReceiverOptions> options) =>
        AcceptAsync(context, intake, metrics, options.Value, NotifyTypes.NBCommandStateChanged);

    private static RouteHandlerBuilder MapCommandCallback(RouteGroupBuilder receiver, string pattern) =>
        receiver.MapPost(pattern, ReceiveCommandStatusAsync)
            .Produces<PushAccepted>()
            .WithSummary("Receives the NB-IoT command-status callback")
            .WithDescription("The body carries no notifyType; it is stored and dispatched as nbCommandStateChanged.");

    private static async Task<Results<Ok<PushAccepted>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        HttpContext context, PushIntake intake, PushMetrics metrics, ReceiverOptions options, string? impliedNotifyType)
    {
        if (JsonContentType.Check(context.Request.ContentType) is { } contentTypeError)
        {
            metrics.Received(impliedNotifyType, PushMetrics.Outcomes.Rejected);
            return TypedResults.Problem(contentTypeError, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");
        }

        var maxBytes = options.MaxBodyBytes;
        try
        {
            var result = await BoundedBody.ReadAsync(
                context.Request, maxBytes, body => intake.AcceptAsync(context, body, impliedNotifyType), context.RequestAborted);
            if (result is null)
            {
                metrics.Received(impliedNotifyType, PushMetrics.Outcomes.Rejected);
            }

            return result ?? TypedResults.Problem(
                $"The body is larger than {maxBytes} bytes (Receiver:MaxBodyBytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large.");
        }
        catch (BadHttpRequestException exception)
        {
            metrics.Received(impliedNotifyType, PushMetrics.Outcomes.Rejected);
            // Kestrel's own limits (body size, minimum data rate) or a malformed transfer.
            return TypedResults.Problem(exception.Message, statusCode: exception.StatusCode, title: "The request could not be read.");
        }
        catch (IOException exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Kestrel reports some malformed transfers so ("Bad chunk size data." for a size that overflows).
            metrics.Received(impliedNotifyType, PushMetrics.Outcomes.Rejected);
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "The request could not be read.");
        }
    }
}
