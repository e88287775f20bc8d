namespace IoTPush.Notifications;

/// <summary>The <c>notifyType</c> values that IoTPush handles with a typed notification.</summary>
public static class NotifyTypes
{
    public const string FwUpgradeStateChange = "fwUpgradeStateChangeNotify";
    public const string FwUpgradeResult = "fwUpgradeResultNotify";
    public const string SwUpgradeResult = "swUpgradeResultNotify";
    public const string SwUpgradeStateChange = "swUpgradeStateChangeNotify";

    public static IReadOnlyList<string> All { get; } =
        [FwUpgradeStateChange, FwUpgradeResult, SwUpgradeResult, SwUpgradeStateChange];

    public static bool IsHandled(string notifyType) => All.Contains(notifyType, StringComparer.Ordinal);
}
