using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using IoTPush.Inbox;
using IoTPush.Observability;
using IoTPush.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Serilog;

namespace IoTPush.Receiving;

/// <summary>
/// Takes one push body through the receiver's rules: UTF-8, JSON, envelope, the validator of its
/// notifyType, then the inbox. Answers 200 only once the push is durably stored.
/// </summary>
public sealed class PushIntake(
    NotificationReader reader,
    InboxWriter inbox,
    PushMetrics metrics,
    IDiagnosticContext diagnostics,
    IOptions<ReceiverOptions> options,
    Dispatch.DispatchHandoff handoff,
    TimeProvider time)
{
    /// <summary>Seconds a client is asked to wait before retrying a push the store could not take.</summary>
    public const int RetryAfterSeconds = 5;

    /// <param name="context">The request.</param>
    /// <param name="body">The whole body, as received.</param>
    /// <param name="impliedNotifyType">The type the route implies, for bodies that carry none (the command callback).</param>
    public async Task<Results<Ok<PushAccepted>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        HttpContext context, ReadOnlySequence<byte> body, string? impliedNotifyType = null)
    {
        InboxEntry entry;
        using (var validating = PushTracing.Source.StartActivity("iotpush.validate"))
        {
            var (read, notifyType, rejection) = Read(body, impliedNotifyType);
            validating?.SetTag(PushTracing.NotifyType, notifyType);
            if (read is null)
            {
                validating?.SetStatus(ActivityStatusCode.Error, "rejected");
                metrics.Received(notifyType, PushMetrics.Outcomes.Rejected);
                return rejection!;
            }

            entry = read;
        }

        var settings = options.Value;
        using var storing = PushTracing.Source.StartActivity("iotpush.store");
        using var timeout = new CancellationTokenSource(settings.StoreTimeout, time);
        try
        {
            var written = await inbox.WriteAsync(entry, timeout.Token);
            storing?.SetTag(PushTracing.InboxId, written.Id).SetTag(PushTracing.Duplicate, written.Duplicate);
            metrics.Received(entry.NotifyType, written.Duplicate ? PushMetrics.Outcomes.Duplicate : PushMetrics.Outcomes.Accepted);
            return TypedResults.Ok(new PushAccepted(written.Id, written.Duplicate));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            storing?.SetStatus(ActivityStatusCode.Error, "timeout");
            metrics.Received(entry.NotifyType, PushMetrics.Outcomes.Unavailable);
            return Unavailable(context, $"The push was not stored within {settings.StoreTimeout.TotalSeconds:0.###} s; retry it.");
        }
        catch (InboxEntryRejectedException exception)
        {
            storing?.SetStatus(ActivityStatusCode.Error, "refused");
            metrics.Received(entry.NotifyType, PushMetrics.Outcomes.Rejected);
            return TypedResults.Problem(
                $"The store refused this push: {exception.Message}", statusCode: StatusCodes.Status400BadRequest, title: "The push cannot be stored.");
        }
        catch (StoreUnavailableException exception)
        {
            storing?.SetStatus(ActivityStatusCode.Error, exception.Message);
            metrics.Received(entry.NotifyType, PushMetrics.Outcomes.Unavailable);
            return Unavailable(context, $"{exception.Message} The push was not stored; retry it.");
        }
    }

    /// <summary>
    /// The entry to store, or the answer that refuses the body; and the notifyType as far as it could be read. Public
    /// for the stage benchmark (bench/Stages), which times it apart from the store.
    /// </summary>
    public (InboxEntry? Entry, string? NotifyType, Results<Ok<PushAccepted>, ValidationProblem, ProblemHttpResult>? Rejection) Read(
        ReadOnlySequence<byte> received, string? impliedNotifyType)
    {
        var bytes = received.IsSingleSegment ? received.FirstSpan : received.ToArray();
        if (!Utf8.IsValid(bytes))
        {
            return (null, null, BadRequest("The body is not valid UTF-8."));
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(received);
        }
        catch (JsonException exception)
        {
            return (null, null, BadRequest(bytes.IsEmpty ? "The body is empty; a push is a JSON object." : $"The body is not valid JSON: {exception.Message}"));
        }

        using (json)
        {
            // Set before the push is judged, so that a rejected push's line says what it claimed to be.
            var body = WireValue.Of(json.RootElement);
            var deviceId = body["deviceId"].Kind == WireKind.Missing ? body["header"]["deviceId"] : body["deviceId"];
            var notifyType = impliedNotifyType ?? body["notifyType"].Text;
            diagnostics.Set("NotifyType", notifyType);
            diagnostics.Set("DeviceId", deviceId.Text);
            diagnostics.Set("OperationId", body["operationId"].Text);

            var envelope = PushDocument.Read(body, impliedNotifyType);
            if (envelope.MalformedDetail is { } malformed)
            {
                return (null, null, BadRequest(malformed));
            }

            if (envelope.Errors is { } envelopeErrors)
            {
                return (null, notifyType, TypedResults.ValidationProblem(envelopeErrors, title: "The push is not a valid notification."));
            }

            var document = envelope.Document!;
            notifyType = document.NotifyType;
            var status = InboxStatus.Pending;
            if (!reader.IsHandled(notifyType))
            {
                if (options.Value.UnknownNotifyTypes == UnknownNotifyTypeHandling.Reject)
                {
                    var error = $"'{notifyType}' is not handled here; handled types: {string.Join(", ", reader.HandledTypes)}.";
                    return (null, notifyType, TypedResults.ValidationProblem(
                        new Dictionary<string, string[]> { ["notifyType"] = [error] }, title: "The push is not a valid notification."));
                }

                status = InboxStatus.Unhandled;
            }
            else if (reader.Validate(document) is { } errors)
            {
                return (null, notifyType, TypedResults.ValidationProblem(errors, title: $"The {notifyType} notification is not valid."));
            }

            // Milliseconds: what every store keeps, so that times (and cursors made of them) read back the same.
            var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
            return (new InboxEntry
            {
                Id = SortableId.Next(now),
                ReceivedAt = now,
                NotifyType = notifyType,
                DeviceId = ColumnValue(deviceId),
                AppId = ColumnValue(body["appId"]),
                OperationId = ColumnValue(body["operationId"]),
                SubOperationId = ColumnValue(body["subOperationId"]),
                Body = Encoding.UTF8.GetString(bytes),
                DedupKey = DedupKey.Compute(json.RootElement),
                Status = status,
                // Read only when it can be handed over: while the store holds a backlog the dispatcher reads it from there.
                Notification = status == InboxStatus.Pending && handoff.Accepting ? TryReadNotification(document) : null,
            }, notifyType, null);
        }
    }

    /// <summary>
    /// The typed notification, for handing to the dispatcher in memory; null if it does not read (the dispatcher
    /// then reads the stored body, and dead-letters it if that fails too).
    /// </summary>
    private Notifications.Notification? TryReadNotification(PushDocument document)
    {
        try
        {
            return reader.Read(document);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// What goes into a filterable column: an identifier as its rules allow one. A typed push's identifiers have
    /// passed those rules; an unknown type's are kept only where they would (the body keeps them all).
    /// </summary>
    private static string? ColumnValue(WireValue value) => value.IsText && WireRules.IsIdentifier(value.Text!) ? value.Text : null;

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The body is not a readable push.");

    private static ProblemHttpResult Unavailable(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The inbox is unavailable.");
    }
}
