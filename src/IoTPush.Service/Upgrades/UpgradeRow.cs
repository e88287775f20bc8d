namespace IoTPush.Service.Upgrades;

/// <summary>
/// Where one device's upgrade in one (sub-)operation stands. The notification ids record which state
/// change and which result the row shows, so that the rules can tell later from earlier by receipt.
/// </summary>
public sealed record UpgradeRow
{
    public required string OperationId { get; init; }
    public required string SubOperationId { get; init; }
    public required string DeviceId { get; init; }

    /// <summary><see cref="UpgradeKinds.Firmware"/> or <see cref="UpgradeKinds.Software"/>.</summary>
    public required string Kind { get; init; }

    public string? State { get; init; }
    public string? StateNotificationId { get; init; }
    public string? Result { get; init; }
    public string? ResultNotificationId { get; init; }
    public string? SourceVersion { get; init; }
    public string? TargetVersion { get; init; }
    public string? CurrentVersion { get; init; }
    public string? ErrorCode { get; init; }

    /// <summary>The result's description: firmware <c>statusDesc</c>, software <c>resultDesc</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Software only: <c>description</c>, the cause of an error.</summary>
    public string? ErrorDescription { get; init; }

    /// <summary>As the platform sent it (a time stamp or a duration, depending on the edition).</summary>
    public string? UpgradeTime { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public int Notifications { get; init; }
}

public static class UpgradeKinds
{
    public const string Firmware = "firmware";
    public const string Software = "software";
}
