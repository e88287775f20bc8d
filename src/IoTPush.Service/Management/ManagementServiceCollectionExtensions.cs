namespace IoTPush.Service.Management;

public static class ManagementServiceCollectionExtensions
{
    public static IServiceCollection AddManagementApi(this IServiceCollection services)
    {
        services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section)
            .Validate(o => o.ApiKeys.All(key => !string.IsNullOrWhiteSpace(key)), "Management:ApiKeys must not contain an empty key.")
            .ValidateOnStart();
        return services;
    }
}
