namespace IoTPush.Validation;

/// <summary>One service's data: <c>service</c> of deviceDataChanged, or an item of <c>services</c>.</summary>
public sealed class ServiceDataValidator : WireObjectValidator
{
    private ServiceDataValidator()
    {
        Field("serviceId", rule => rule.Identifier());
        Field("serviceType", rule => rule.NonEmptyText());
        Field("data", rule => rule.Object());
        Field("eventTime", rule => rule.Text());
    }

    public static ServiceDataValidator Instance { get; } = new();
}
