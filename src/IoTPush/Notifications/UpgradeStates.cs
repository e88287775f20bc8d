namespace IoTPush.Notifications;

/// <summary>
/// The upgrade states, as the platform spells them. Firmware reports them as <c>step</c> 0–3
/// with a <c>stepDesc</c>, which follow the LwM2M firmware-update object's states.
/// </summary>
public static class UpgradeStates
{
    public const string Idle = "idle";
    public const string Downloading = "downloading";
    public const string Downloaded = "downloaded";
    public const string Updating = "updating";

    /// <summary>Indexed by firmware <c>step</c>: step "0" is idle, "1" downloading, and so on.</summary>
    public static IReadOnlyList<string> ByStep { get; } = [Idle, Downloading, Downloaded, Updating];

    public static IReadOnlyList<string> Steps { get; } = ["0", "1", "2", "3"];

    /// <summary>The state a firmware step stands for, or null when the step is not one of 0–3.</summary>
    public static string? ForStep(string step) =>
        step.Length == 1 && step[0] is >= '0' and <= '3' ? ByStep[step[0] - '0'] : null;
}
