namespace IoTPush.Service.Hosting;

/// <summary>
/// RFC 9457 problem details for every error, each with a <c>type</c>: the framework fills it in for most status
/// codes, and this for the ones it leaves without (413, 429). Unexpected faults are a 500 problem with a trace id.
/// </summary>
public static class ProblemTypes
{
    private static readonly Dictionary<int, string> Missing = new()
    {
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    /// <summary>Problem details with a type for every status; a store that does not answer is a 503, not a 500.</summary>
    public static IServiceCollection AddProblemDetailsWithTypes(this IServiceCollection services)
    {
        services.AddExceptionHandler<StoreUnavailableHandler>();
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Type is null && context.ProblemDetails.Status is { } status && Missing.TryGetValue(status, out var type))
            {
                context.ProblemDetails.Type = type;
            }
        });
    }
}
