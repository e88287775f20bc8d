namespace IoTPush.Service.Hosting;

/// <summary>
/// RFC 9457 problem details for every error, each with a <c>type</c>: the framework fills it in for most status
/// codes, and this for the ones it leaves without (413, 429).
/// </summary>
public static class ProblemTypes
{
    private static readonly Dictionary<int, string> Missing = new()
    {
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    public static IServiceCollection AddProblemDetailsWithTypes(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Type is null && context.ProblemDetails.Status is { } status && Missing.TryGetValue(status, out var type))
            {
                context.ProblemDetails.Type = type;
            }
        });
}
