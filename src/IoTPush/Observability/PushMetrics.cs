using System.Diagnostics.Metrics;
using IoTPush.Notifications;

namespace IoTPush.Observability;

/// <summary>
/// The <c>IoTPush</c> meter: what operators watch. Visible to dotnet-counters with no setting
/// (<c>dotnet-counters monitor -n IoTPush.Service --counters IoTPush</c>) and exported over OTLP when configured.
/// </summary>
public sealed class PushMetrics
{
    public const string MeterName = "IoTPush";

    private readonly Counter<long> _received;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<int> _commitBatchSize;
    private readonly Histogram<double> _dispatchLag;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _purged;
    private long _backlog;

    public PushMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("iotpush.pushes.received", "{push}",
            "Pushes answered, by notify_type and outcome: accepted, duplicate, rejected (4xx), unavailable (503).");
        _commitDuration = meter.CreateHistogram<double>("iotpush.inbox.commit.duration", "ms", "Time to commit one group of pushes.");
        _commitBatchSize = meter.CreateHistogram<int>("iotpush.inbox.commit.batch_size", "{push}", "Pushes per inbox commit.");
        _dispatchLag = meter.CreateHistogram<double>("iotpush.dispatch.lag", "ms", "From a push's receipt to its handling.");
        _deadLetters = meter.CreateCounter<long>("iotpush.dispatch.dead_letters", "{push}", "Pushes dead-lettered as failed.");
        _purged = meter.CreateCounter<long>("iotpush.inbox.purged", "{push}", "Records deleted past Storage:Retention.");
        meter.CreateObservableGauge("iotpush.dispatch.backlog", () => Volatile.Read(ref _backlog), "{push}",
            "Pending pushes in the store, as last counted by this instance's dispatcher.");
    }

    public static class Outcomes
    {
        public const string Accepted = "accepted";
        public const string Duplicate = "duplicate";
        public const string Rejected = "rejected";
        public const string Unavailable = "unavailable";
    }

    public void Received(string? notifyType, string outcome) =>
        _received.Add(1, new KeyValuePair<string, object?>("notify_type", TagFor(notifyType)), new KeyValuePair<string, object?>("outcome", outcome));

    public void Committed(int batchSize, TimeSpan duration)
    {
        _commitBatchSize.Record(batchSize);
        _commitDuration.Record(duration.TotalMilliseconds);
    }

    public void Handled(TimeSpan lag) => _dispatchLag.Record(lag.TotalMilliseconds);

    public void DeadLettered(string notifyType) => _deadLetters.Add(1, new KeyValuePair<string, object?>("notify_type", TagFor(notifyType)));

    public void Purged(long records) => _purged.Add(records);

    public void Backlog(long pending) => Volatile.Write(ref _backlog, pending);

    // The wire decides notifyType; only the family's become tag values, so that nobody can mint series.
    private static string TagFor(string? notifyType) =>
        notifyType is not null && PushFamily.All.Find(notifyType) is not null ? notifyType : "other";
}
