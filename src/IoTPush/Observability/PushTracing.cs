using System.Diagnostics;

namespace IoTPush.Observability;

/// <summary>
/// The <c>IoTPush</c> activity source. A push's trace has the server span of its request with
/// <c>iotpush.validate</c> and <c>iotpush.store</c> below it; its dispatch is an <c>iotpush.dispatch</c> span in
/// the dispatcher's own trace. Both carry <see cref="InboxId"/>, which ties them together.
/// </summary>
public static class PushTracing
{
    public const string SourceName = "IoTPush";

    public const string InboxId = "iotpush.inbox.id";
    public const string NotifyType = "iotpush.notify_type";
    public const string Duplicate = "iotpush.duplicate";
    public const string Attempt = "iotpush.attempt";
    public const string Outcome = "iotpush.outcome";

    public static ActivitySource Source { get; } = new(SourceName);
}
