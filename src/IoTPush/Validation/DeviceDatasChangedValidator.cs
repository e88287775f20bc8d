using FluentValidation;
using IoTPush.Notifications;
using IoTPush.Receiving;

namespace IoTPush.Validation;

/// <summary>
/// deviceDatasChanged: <c>requestId</c> is mandatory in the docs but null in every real push, so it is optional;
/// the services come as <c>services</c> or, as in one of the platform's own examples, <c>service</c> (an array).
/// </summary>
public sealed class DeviceDatasChangedValidator : NotificationValidator<DeviceDatasChangedNotification>
{
    public DeviceDatasChangedValidator()
    {
        Field("requestId", rule => rule.OptionalIdentifier(maxLength: 128));
        Field("deviceId", rule => rule.Identifier());
        Field("gatewayId", rule => rule.Identifier());
        Field("services", rule => rule.ArrayOfObjects()).When(value => value["service"].Kind == WireKind.Missing);
        Field("service", rule => rule.ArrayOfObjects())
            .When(value => value["service"].Kind != WireKind.Missing && value["services"].Kind == WireKind.Missing);
        NestedItems("services", ServiceDataValidator.Instance);
        NestedItems("service", ServiceDataValidator.Instance);
        RuleFor(value => value)
            .Must(value => value["service"].Kind == WireKind.Missing || value["services"].Kind == WireKind.Missing)
            .OverridePropertyName("service")
            .WithMessage("'service' and 'services' name the same array; send one of them.");
    }
}
