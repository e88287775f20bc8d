using IoTPush.Notifications;

namespace IoTPush.Dispatch;

public abstract partial class PushMessageReceiver
{
    /// <summary>The push family's table (see <see cref="PushFamily"/>): notifyType, record and method, one line each.</summary>
    internal static PushFamily CreateFamily() => new()
    {
        { NotifyTypes.DeviceAdded, (PushMessageReceiver r, DeviceAddedNotification n, PushContext c) => r.HandleDeviceAddedAsync(n, c) },
        { NotifyTypes.BindDevice, (PushMessageReceiver r, BindDeviceNotification n, PushContext c) => r.HandleBindDeviceAsync(n, c) },
        { NotifyTypes.DeviceInfoChanged, (PushMessageReceiver r, DeviceInfoChangedNotification n, PushContext c) => r.HandleDeviceInfoChangedAsync(n, c) },
        { NotifyTypes.DeviceDataChanged, (PushMessageReceiver r, DeviceDataChangedNotification n, PushContext c) => r.HandleDeviceDataChangedAsync(n, c) },
        { NotifyTypes.DeviceDatasChanged, (PushMessageReceiver r, DeviceDatasChangedNotification n, PushContext c) => r.HandleDeviceDatasChangedAsync(n, c) },
        { NotifyTypes.ServiceInfoChanged, (PushMessageReceiver r, ServiceInfoChangedNotification n, PushContext c) => r.HandleServiceInfoChangedAsync(n, c) },
        { NotifyTypes.DeviceDeleted, (PushMessageReceiver r, DeviceDeletedNotification n, PushContext c) => r.HandleDeviceDeletedAsync(n, c) },
        { NotifyTypes.MessageConfirm, (PushMessageReceiver r, MessageConfirmNotification n, PushContext c) => r.HandleMessageConfirmAsync(n, c) },
        { NotifyTypes.CommandRsp, (PushMessageReceiver r, CommandRspNotification n, PushContext c) => r.HandleCommandRspAsync(n, c) },
        { NotifyTypes.DeviceEvent, (PushMessageReceiver r, DeviceEventNotification n, PushContext c) => r.HandleDeviceEventAsync(n, c) },
        { NotifyTypes.DeviceModelAdded, (PushMessageReceiver r, DeviceModelAddedNotification n, PushContext c) => r.HandleDeviceModelAddedAsync(n, c) },
        { NotifyTypes.DeviceModelDeleted, (PushMessageReceiver r, DeviceModelDeletedNotification n, PushContext c) => r.HandleDeviceModelDeletedAsync(n, c) },
        { NotifyTypes.RuleEvent, (PushMessageReceiver r, RuleEventNotification n, PushContext c) => r.HandleRuleEventAsync(n, c) },
        {
            NotifyTypes.DeviceDesiredStatusChanged,
            (PushMessageReceiver r, DeviceDesiredStatusChangedNotification n, PushContext c) => r.HandleDeviceDesiredStatusChangedAsync(n, c)
        },
        { NotifyTypes.SwUpgradeStateChange, (PushMessageReceiver r, SwUpgradeStateChangeNotification n, PushContext c) => r.HandleSwUpgradeStateChangedAsync(n, c) },
        { NotifyTypes.SwUpgradeResult, (PushMessageReceiver r, SwUpgradeResultNotification n, PushContext c) => r.HandleSwUpgradeResultAsync(n, c) },
        { NotifyTypes.FwUpgradeStateChange, (PushMessageReceiver r, FwUpgradeStateChangeNotification n, PushContext c) => r.HandleFwUpgradeStateChangedAsync(n, c) },
        { NotifyTypes.FwUpgradeResult, (PushMessageReceiver r, FwUpgradeResultNotification n, PushContext c) => r.HandleFwUpgradeResultAsync(n, c) },
        {
            NotifyTypes.NBCommandStateChanged,
            (PushMessageReceiver r, NBCommandStateChangedNotification n, PushContext c) => r.HandleNBCommandStateChangedAsync(n, c)
        },
    };
}
