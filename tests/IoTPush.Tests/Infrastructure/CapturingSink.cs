using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// A Serilog sink that keeps every event with its properties. Registered as a service, the service's logger
/// picks it up (ReadFrom.Services), beside its own console sink.
/// </summary>
public sealed class CapturingSink : ILogEventSink
{
    public const string RequestLogSource = "Serilog.AspNetCore.RequestLoggingMiddleware";

    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    /// <summary>The request log lines, in the order written.</summary>
    public IReadOnlyList<LogEvent> RequestLines => Events.Where(e => Text(e, "SourceContext") == RequestLogSource).ToList();

    /// <summary>
    /// Waits for this many request lines: a request's line is written as its pipeline unwinds, which can be
    /// just after the client has read the response.
    /// </summary>
    public async Task<IReadOnlyList<LogEvent>> RequestLinesAsync(int count)
    {
        for (var i = 0; i < 200 && RequestLines.Count < count; i++)
        {
            await Task.Delay(10);
        }

        return RequestLines;
    }

    /// <summary>A property's value as text (strings without quotes), or null when it is absent or null.</summary>
    public static string? Text(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out var value)
            ? value is ScalarValue scalar ? scalar.Value?.ToString() : value.ToString()
            : null;

    /// <summary>Everything an event could show: its rendered message, every property and the exception.</summary>
    public static string Everything(LogEvent logEvent) =>
        $"{logEvent.RenderMessage()} {string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"))} {logEvent.Exception}";
}
