using System.Globalization;
using IoTPush.Receiving;
using IoTPush.Service.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace IoTPush.Service.Hosting;

/// <summary>
/// A request that met an unavailable store (PostgreSQL down, the SQLite file gone or unreadable) is answered as
/// the receiver answers it: 503 problem details with Retry-After, not a 500. Other faults go on to the default 500.
/// </summary>
public sealed partial class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreErrors.IsUnavailable(exception) || context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        LogUnavailable(exception.GetType().Name, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = PushIntake.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The store is unavailable.",
                Detail = "The store did not answer; retry later.",
            },
        });
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "A request met an unavailable store ({ErrorType}: {Error}); answered 503")]
    private partial void LogUnavailable(string errorType, string error);
}
