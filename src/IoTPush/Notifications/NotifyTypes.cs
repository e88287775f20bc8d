namespace IoTPush.Notifications;

/// <summary>The <c>notifyType</c> values of the push family, each typed by a notification record.</summary>
public static class NotifyTypes
{
    public const string DeviceAdded = "deviceAdded";
    public const string BindDevice = "bindDevice";
    public const string DeviceInfoChanged = "deviceInfoChanged";
    public const string DeviceDataChanged = "deviceDataChanged";
    public const string DeviceDatasChanged = "deviceDatasChanged";
    public const string ServiceInfoChanged = "serviceInfoChanged";
    public const string DeviceDeleted = "deviceDeleted";
    public const string MessageConfirm = "messageConfirm";
    public const string CommandRsp = "commandRsp";
    public const string DeviceEvent = "deviceEvent";
    public const string DeviceModelAdded = "deviceModelAdded";
    public const string DeviceModelDeleted = "deviceModelDeleted";
    public const string RuleEvent = "ruleEvent";
    public const string DeviceDesiredStatusChanged = "deviceDesiredPropertiesModifyStatusChanged";
    public const string SwUpgradeStateChange = "swUpgradeStateChangeNotify";
    public const string SwUpgradeResult = "swUpgradeResultNotify";
    public const string FwUpgradeStateChange = "fwUpgradeStateChangeNotify";
    public const string FwUpgradeResult = "fwUpgradeResultNotify";

    /// <summary>
    /// The NB-IoT command-status callback carries no notifyType: it arrives on its own path and is stored
    /// under this name.
    /// </summary>
    public const string NBCommandStateChanged = "nbCommandStateChanged";
}
