using System.ComponentModel.DataAnnotations;

namespace IoTPush.Notifications;

/// <summary><c>swUpgradeResultNotify</c>: a device's software upgrade finished.</summary>
public sealed record SwUpgradeResultNotification : UpgradeNotification
{
    public override string NotifyType => NotifyTypes.SwUpgradeResult;

    /// <summary>The software version the device runs now.</summary>
    public required string CurVersion { get; init; }

    /// <summary>The software version the upgrade was to install.</summary>
    public required string TargetVersion { get; init; }

    /// <summary>The software version the device ran before the upgrade.</summary>
    public required string SourceVersion { get; init; }

    /// <summary>The result.</summary>
    [AllowedValues(UpgradeResults.Success, UpgradeResults.Fail)]
    public required string SwUpgradeResult { get; init; }

    /// <summary>As sent: how long the upgrade took, or when it finished, depending on the platform's edition.</summary>
    public required string UpgradeTime { get; init; }

    /// <summary>The result's description; may be empty.</summary>
    public required string ResultDesc { get; init; }

    /// <summary>The platform's error code for a failed upgrade; may be empty.</summary>
    public required string ErrorCode { get; init; }

    /// <summary>The cause of an error; may be empty.</summary>
    public required string Description { get; init; }
}
