namespace IoTPush.Service.Management;

/// <summary>The <c>Management</c> section.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>Accepted values of the <c>X-Api-Key</c> header. None configured: every call answers 401.</summary>
    public string[] ApiKeys { get; set; } = [];
}
