using Microsoft.AspNetCore.Http;

namespace IoTPush.Receiving;

/// <summary>
/// What the request log line should say about a push. The receiver sets it as a request feature;
/// the host's request-logging middleware reads it (with Serilog.AspNetCore it would be IDiagnosticContext.Set).
/// </summary>
public sealed record PushLogFields(string? NotifyType, string? DeviceId, string? OperationId)
{
    public static void Set(HttpContext context, PushDocument document) =>
        context.Features.Set(new PushLogFields(document.NotifyType, document.Text("deviceId"), document.Text("operationId")));
}
