using FluentValidation;
using IoTPush.Notifications;
using IoTPush.Receiving;

namespace IoTPush.Validation;

public sealed class ServiceInfoChangedValidator : NotificationValidator<ServiceInfoChangedNotification>
{
    public ServiceInfoChangedValidator()
    {
        Field("deviceId", rule => rule.Identifier());
        Field("gatewayId", rule => rule.Identifier());
        Field("serviceId", rule => rule.Identifier());
        Field("serviceType", rule => rule.NonEmptyText());
        Field("serviceInfo", rule => rule.Object());
        Nested("serviceInfo", new ServiceInfoValidator());
    }

    private sealed class ServiceInfoValidator : WireObjectValidator
    {
        public ServiceInfoValidator() =>
            Field("muteCmds", rule => rule
                .Must(value => value.Kind is WireKind.Missing or WireKind.Null or WireKind.Array).WithMessage("'{PropertyPath}' must be an array.")
                .Must(value => value.Items.All(item => item.IsText)).WithMessage("Every item of '{PropertyPath}' must be a string."));
    }
}
