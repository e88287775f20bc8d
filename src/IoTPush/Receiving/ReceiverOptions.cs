namespace IoTPush.Receiving;

/// <summary>What to do with a well-formed push whose notifyType has no typed handler.</summary>
public enum UnknownNotifyTypeHandling
{
    /// <summary>Store it as <c>unhandled</c> and answer 200: the platform sends every subscribed type to one URL.</summary>
    Accept,

    /// <summary>Answer 400.</summary>
    Reject,
}

/// <summary>The <c>Receiver</c> configuration section.</summary>
public sealed class ReceiverOptions
{
    public const string Section = "Receiver";

    public UnknownNotifyTypeHandling UnknownNotifyTypes { get; set; } = UnknownNotifyTypeHandling.Accept;

    /// <summary>Bodies larger than this answer 413, whatever Content-Length claims.</summary>
    public int MaxBodyBytes { get; set; } = 65_536;

    /// <summary>How long a push may wait for its commit before it answers 503 (the platform gives up at 15 s).</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Accepted callback secrets; several, so that one can be rotated in before the old one goes.
    /// When any is set, a push must carry one as the query parameter <c>token</c> or the header
    /// <c>X-Callback-Token</c>.
    /// </summary>
    public string[] CallbackTokens { get; set; } = [];

    /// <summary>
    /// Another path for the NB-IoT command-status callback, for applications that gave the platform a callbackUrl
    /// other than <c>/v1.0.0/messageReceiver/cmd</c> (which is always served).
    /// </summary>
    public string? CommandCallbackPath { get; set; }

    /// <summary>One token bucket for every push that passed the callback guard; off by default.</summary>
    public ReceiverRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>CIDRs (IPv4 or IPv6) that pushes may come from; empty allows every address.</summary>
    public string[] AllowedNetworks { get; set; } = [];
}
