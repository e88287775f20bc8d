namespace IoTPush.Notifications;

/// <summary>The final outcome of an upgrade, matched exactly as documented.</summary>
public static class UpgradeResults
{
    public const string Success = "SUCCESS";
    public const string Fail = "FAIL";

    public static IReadOnlyList<string> All { get; } = [Success, Fail];
}
