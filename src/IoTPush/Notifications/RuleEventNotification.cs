using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace IoTPush.Notifications;

/// <summary><c>ruleEvent</c>: a rule of the application fired.</summary>
public sealed record RuleEventNotification : Notification
{
    public override string NotifyType => NotifyTypes.RuleEvent;

    /// <summary>Who made the rule.</summary>
    [MinLength(1), MaxLength(256)]
    public required string Author { get; init; }

    public required string RuleId { get; init; }

    public required string RuleName { get; init; }

    /// <summary>How the rule's conditions combine, as sent.</summary>
    public JsonElement? Logic { get; init; }

    /// <summary>The conditions that were met.</summary>
    public required IReadOnlyList<RuleReason> Reasons { get; init; }

    /// <summary>When the rule fired, UTC as <c>yyyyMMdd'T'HHmmss'Z'</c>.</summary>
    public required string TriggerTime { get; init; }

    /// <summary>What the rule's actions did.</summary>
    public required IReadOnlyList<RuleActionResult> ActionsResults { get; init; }
}

/// <summary>A condition of a rule that was met.</summary>
public sealed record RuleReason
{
    /// <summary>When it was met, UTC as <c>yyyyMMdd'T'HHmmss'Z'</c>.</summary>
    public required string SatisfactionTime { get; init; }

    /// <summary>What kind of condition.</summary>
    public required string Type { get; init; }

    public string? Id { get; init; }

    public JsonElement? Info { get; init; }

    public JsonElement? TransInfo { get; init; }
}

/// <summary>What one action of a rule did: its result, or the exception it met.</summary>
public sealed record RuleActionResult
{
    /// <summary>What kind of action.</summary>
    public required string Type { get; init; }

    public string? Id { get; init; }

    public JsonElement? Exception { get; init; }

    public JsonElement? Result { get; init; }

    public JsonElement? Info { get; init; }

    public JsonElement? TransInfo { get; init; }
}
