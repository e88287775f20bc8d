using System.ComponentModel.DataAnnotations;

namespace IoTPush.Notifications;

/// <summary><c>fwUpgradeResultNotify</c>: a device's firmware upgrade finished.</summary>
public sealed record FwUpgradeResultNotification : UpgradeNotification
{
    public override string NotifyType => NotifyTypes.FwUpgradeResult;

    /// <summary>The firmware version the device runs now.</summary>
    public required string CurVersion { get; init; }

    /// <summary>The firmware version the upgrade was to install.</summary>
    public required string TargetVersion { get; init; }

    /// <summary>The firmware version the device ran before the upgrade.</summary>
    public required string SourceVersion { get; init; }

    /// <summary>The result. Some editions of the platform's docs write the field <c>$Status</c>; on the wire it is <c>status</c>.</summary>
    [AllowedValues(UpgradeResults.Success, UpgradeResults.Fail)]
    public required string Status { get; init; }

    /// <summary>What the result means, in the platform's words; may be empty.</summary>
    public required string StatusDesc { get; init; }

    /// <summary>As sent: how long the upgrade took in some editions of the docs, a time stamp in others.</summary>
    public required string UpgradeTime { get; init; }
}
