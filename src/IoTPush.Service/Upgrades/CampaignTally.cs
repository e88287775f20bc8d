using IoTPush.Notifications;

namespace IoTPush.Service.Upgrades;

/// <summary>
/// How an operation's counts move when its tracker rows change. The <c>campaigns</c> table keeps these counts per
/// operation, updated in the transaction that changes the rows, so that listing campaigns reads one row each
/// instead of counting every device's row. Also a campaign as that table gives it back.
/// </summary>
public sealed record CampaignTally
{
    public required string OperationId { get; init; }
    public int Devices { get; init; }
    public int FirmwareDevices { get; init; }
    public int SoftwareDevices { get; init; }
    public int Idle { get; init; }
    public int Downloading { get; init; }
    public int Downloaded { get; init; }
    public int Updating { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public required DateTimeOffset FirstSeenAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The devices with no result yet.</summary>
    public int InProgress => Devices - Succeeded - Failed;

    /// <summary>firmware, software, or mixed when it upgrades both.</summary>
    public string Kind => FirmwareDevices > 0 && SoftwareDevices > 0 ? "mixed" : SoftwareDevices > 0 ? UpgradeKinds.Software : UpgradeKinds.Firmware;

    /// <summary>The change per operation that these rows made, each from how it was (null: new) to how it is.</summary>
    public static IReadOnlyList<CampaignTally> Changes(IEnumerable<(UpgradeRow? Before, UpgradeRow After)> rows) =>
        rows.GroupBy(row => row.After.OperationId, StringComparer.Ordinal)
            .Select(operation => operation.Select(row => Of(row.After).Minus(row.Before is null ? null : Of(row.Before)))
                .Aggregate((sum, next) => sum.Plus(next)))
            .OrderBy(tally => tally.OperationId, StringComparer.Ordinal)
            .ToList();

    private static CampaignTally Of(UpgradeRow row) => new()
    {
        OperationId = row.OperationId,
        Devices = 1,
        FirmwareDevices = row.Kind == UpgradeKinds.Firmware ? 1 : 0,
        SoftwareDevices = row.Kind == UpgradeKinds.Software ? 1 : 0,
        Idle = row.State == UpgradeStates.Idle ? 1 : 0,
        Downloading = row.State == UpgradeStates.Downloading ? 1 : 0,
        Downloaded = row.State == UpgradeStates.Downloaded ? 1 : 0,
        Updating = row.State == UpgradeStates.Updating ? 1 : 0,
        Succeeded = row.Result == UpgradeResults.Success ? 1 : 0,
        Failed = row.Result == UpgradeResults.Fail ? 1 : 0,
        FirstSeenAt = row.FirstSeenAt,
        UpdatedAt = row.UpdatedAt,
    };

    // Times are not differences: the earliest and the latest are kept, which only ever widen.
    private CampaignTally Minus(CampaignTally? before) => before is null ? this : this with
    {
        Devices = Devices - before.Devices,
        FirmwareDevices = FirmwareDevices - before.FirmwareDevices,
        SoftwareDevices = SoftwareDevices - before.SoftwareDevices,
        Idle = Idle - before.Idle,
        Downloading = Downloading - before.Downloading,
        Downloaded = Downloaded - before.Downloaded,
        Updating = Updating - before.Updating,
        Succeeded = Succeeded - before.Succeeded,
        Failed = Failed - before.Failed,
    };

    private CampaignTally Plus(CampaignTally other) => this with
    {
        Devices = Devices + other.Devices,
        FirmwareDevices = FirmwareDevices + other.FirmwareDevices,
        SoftwareDevices = SoftwareDevices + other.SoftwareDevices,
        Idle = Idle + other.Idle,
        Downloading = Downloading + other.Downloading,
        Downloaded = Downloaded + other.Downloaded,
        Updating = Updating + other.Updating,
        Succeeded = Succeeded + other.Succeeded,
        Failed = Failed + other.Failed,
        FirstSeenAt = FirstSeenAt <= other.FirstSeenAt ? FirstSeenAt : other.FirstSeenAt,
        UpdatedAt = UpdatedAt >= other.UpdatedAt ? UpdatedAt : other.UpdatedAt,
    };
}
