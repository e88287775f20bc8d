using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using IoTPush.Inbox;
using IoTPush.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IoTPush.Receiving;

/// <summary>
/// Takes one push body through the receiver's rules: UTF-8, JSON, envelope, the validator of its
/// notifyType, then the inbox. Answers 200 only once the push is durably stored.
/// </summary>
public sealed class PushIntake(
    NotificationReader reader,
    InboxWriter inbox,
    PushMetrics metrics,
    IOptions<ReceiverOptions> options,
    TimeProvider time)
{
    /// <summary>Seconds a client is asked to wait before retrying a push the store could not take.</summary>
    public const int RetryAfterSeconds = 5;

    public async Task<Results<Ok<PushAccepted>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        HttpContext context, ReadOnlySequence<byte> body)
    {
        var read = Read(context, body);
        if (read.Entry is not { } entry)
        {
            metrics.Received(context.Features.Get<PushLogFields>()?.NotifyType, PushMetrics.Outcomes.Rejected);
            return read.Rejection!;
        }

        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.StoreTimeout, time);
        try
        {
            var written = await inbox.WriteAsync(entry, timeout.Token);
            metrics.Received(entry.NotifyType, written.Duplicate ? PushMetrics.Outcomes.Duplicate : PushMetrics.Outcomes.Accepted);
            return TypedResults.Ok(new PushAccepted(written.Id, written.Duplicate));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            metrics.Received(entry.NotifyType, PushMetrics.Outcomes.Unavailable);
            return Unavailable(context, $"The push was not stored within {settings.StoreTimeout.TotalSeconds:0.###} s; retry it.");
        }
        catch (StoreUnavailableException exception)
        {
            metrics.Received(entry.NotifyType, PushMetrics.Outcomes.Unavailable);
            return Unavailable(context, $"{exception.Message} The push was not stored; retry it.");
        }
    }

    private (InboxEntry? Entry, Results<Ok<PushAccepted>, ValidationProblem, ProblemHttpResult>? Rejection) Read(
        HttpContext context, ReadOnlySequence<byte> body)
    {
        var bytes = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        if (!Utf8.IsValid(bytes))
        {
            return (null, BadRequest("The body is not valid UTF-8."));
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return (null, BadRequest(bytes.IsEmpty ? "The body is empty; a push is a JSON object." : $"The body is not valid JSON: {exception.Message}"));
        }

        using (json)
        {
            var envelope = PushDocument.Read(json.RootElement);
            if (envelope.MalformedDetail is { } malformed)
            {
                return (null, BadRequest(malformed));
            }

            if (envelope.Errors is { } envelopeErrors)
            {
                return (null, TypedResults.ValidationProblem(envelopeErrors, title: "The push is not a valid notification."));
            }

            var document = envelope.Document!;
            PushLogFields.Set(context, document);
            var status = InboxStatus.Pending;
            if (!reader.IsHandled(document.NotifyType))
            {
                if (options.Value.UnknownNotifyTypes == UnknownNotifyTypeHandling.Reject)
                {
                    var error = $"'{document.NotifyType}' is not handled here; handled types: {string.Join(", ", Notifications.NotifyTypes.All)}.";
                    return (null, TypedResults.ValidationProblem(
                        new Dictionary<string, string[]> { ["notifyType"] = [error] }, title: "The push is not a valid notification."));
                }

                status = InboxStatus.Unhandled;
            }
            else if (reader.Validate(document) is { } errors)
            {
                return (null, TypedResults.ValidationProblem(errors, title: $"The {document.NotifyType} notification is not valid."));
            }

            // Milliseconds: what every store keeps, so that times (and cursors made of them) read back the same.
            var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
            return (new InboxEntry
            {
                Id = SortableId.Next(now),
                ReceivedAt = now,
                NotifyType = document.NotifyType,
                DeviceId = document.Text("deviceId"),
                AppId = document.Text("appId"),
                OperationId = document.Text("operationId"),
                SubOperationId = document.Text("subOperationId"),
                Body = Encoding.UTF8.GetString(bytes),
                DedupKey = DedupKey.Compute(json.RootElement),
                Status = status,
            }, null);
        }
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The body is not a readable push.");

    private static ProblemHttpResult Unavailable(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The inbox is unavailable.");
    }
}
