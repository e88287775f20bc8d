using System.Globalization;
using IoTPush.Dispatch;
using IoTPush.Inbox;
using IoTPush.Notifications;
using IoTPush.Service.Storage;
using IoTPush.Service.Upgrades;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IoTPush.Service.Management;

/// <summary>The operators' API under /api: upgrade campaigns, devices, and the inbox. Every call needs X-Api-Key.</summary>
public static class ManagementApi
{
    public const string Tag = "Management";

    /// <summary>The kinds a campaign can be asked for by: all its devices of one kind, or some of each.</summary>
    public static readonly string[] CampaignKinds = ["firmware", "software", "mixed"];

    /// <summary>The results a device row can be asked for by; none is a device still in progress.</summary>
    public static readonly string[] RowResults = [UpgradeResults.Success, UpgradeResults.Fail, "none"];

    public static RouteGroupBuilder MapManagementApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .WithTags(Tag)
            .AddEndpointFilter<ApiKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/upgrades", ListCampaignsAsync)
            .WithName("ListCampaigns")
            .WithSummary("The upgrade campaigns (one per operationId) with their counts, most recently updated first");
        api.MapGet("/upgrades/{operationId}", GetOperationAsync)
            .WithName("GetOperationUpgrades")
            .WithSummary("An upgrade operation's counts by state and result, and a page of its device rows, of one state or result if asked")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/devices/{deviceId}/upgrades", GetDeviceAsync)
            .WithName("GetDeviceUpgrades")
            .WithSummary("A device's upgrade rows, most recently updated first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/notifications", ListNotificationsAsync)
            .WithName("ListNotifications")
            .WithSummary("Inbox records, newest first, filtered by any of notifyType, deviceId, operationId and status");
        api.MapGet("/notifications/{id}", GetNotificationAsync)
            .WithName("GetNotification")
            .WithSummary("One inbox record, with its body exactly as received")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/notifications/{id}/replay", ReplayAsync)
            .WithName("ReplayNotification")
            .WithSummary("Sets a record back to pending, with a fresh count of attempts, so that it is dispatched again")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<Page<CampaignItem>>, ValidationProblem>> ListCampaignsAsync(
        string? kind, string? active, string? limit, string? cursor, UpgradeQueries upgrades, CancellationToken cancellationToken)
    {
        var page = PageRequest.TryRead(limit, cursor, cursorParts: 2, out var errors);
        if (kind is not null && !CampaignKinds.Contains(kind))
        {
            errors["kind"] = [$"'kind' must be one of: {string.Join(", ", CampaignKinds)}."];
        }

        bool? onlyActive = active switch { null => null, "true" => true, "false" => false, _ => null };
        if (active is not null && onlyActive is null)
        {
            errors["active"] = ["'active' must be true or false."];
        }

        (DateTimeOffset, string)? after = null;
        if (page?.After is [var updatedAt, var operationId])
        {
            if (!long.TryParse(updatedAt, NumberStyles.None, CultureInfo.InvariantCulture, out var updated))
            {
                errors["cursor"] = ["'cursor' is not valid."];
            }

            after = (DateTimeOffset.FromUnixTimeMilliseconds(updated), operationId);
        }

        if (page is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rows = await upgrades.ListCampaignsAsync(kind, onlyActive, after, page.Limit + 1, cancellationToken);
        var (items, next) = Paginate(rows, page.Limit, last => PageRequest.Cursor(
            last.UpdatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), last.OperationId));
        return TypedResults.Ok(new Page<CampaignItem>(items.Select(CampaignItem.From).ToList(), next));
    }

    public static async Task<Results<Ok<OperationUpgrades>, ProblemHttpResult, ValidationProblem>> GetOperationAsync(
        string operationId, string? state, string? result, string? limit, string? cursor, UpgradeQueries upgrades,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.TryRead(limit, cursor, cursorParts: 2, out var errors);
        if (state is not null && !UpgradeStates.ByStep.Contains(state))
        {
            errors["state"] = [$"'state' must be one of: {string.Join(", ", UpgradeStates.ByStep)}."];
        }

        if (result is not null && !RowResults.Contains(result))
        {
            errors["result"] = [$"'result' must be one of: {string.Join(", ", RowResults)} (still in progress)."];
        }

        if (page is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await upgrades.FindCampaignAsync(operationId, cancellationToken) is not { } counts)
        {
            return NotFound($"No device has reported on operation '{operationId}'.");
        }

        var after = page.After is [var subOperationId, var deviceId] ? (subOperationId, deviceId) : ((string, string)?)null;
        var rows = await upgrades.ListOperationAsync(operationId, new RowFilter(state, result), after, page.Limit + 1, cancellationToken);
        var (items, next) = Paginate(rows, page.Limit, last => PageRequest.Cursor(last.SubOperationId, last.DeviceId));
        return TypedResults.Ok(new OperationUpgrades(
            operationId, counts.Devices, new StateCounts(counts.Idle, counts.Downloading, counts.Downloaded, counts.Updating),
            counts.Succeeded, counts.Failed, counts.InProgress, items.Select(UpgradeItem.From).ToList(), next));
    }

    public static async Task<Results<Ok<Page<UpgradeItem>>, ProblemHttpResult, ValidationProblem>> GetDeviceAsync(
        string deviceId, string? limit, string? cursor, UpgradeQueries upgrades, CancellationToken cancellationToken)
    {
        if (PageRequest.TryRead(limit, cursor, cursorParts: 3, out var errors) is not { } page)
        {
            return TypedResults.ValidationProblem(errors);
        }

        (DateTimeOffset, string, string)? after = null;
        if (page.After is [var updatedAt, var operationId, var subOperationId])
        {
            if (!long.TryParse(updatedAt, NumberStyles.None, CultureInfo.InvariantCulture, out var updated))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["'cursor' is not valid."] });
            }

            after = (DateTimeOffset.FromUnixTimeMilliseconds(updated), operationId, subOperationId);
        }

        var rows = await upgrades.ListDeviceAsync(deviceId, after, page.Limit + 1, cancellationToken);
        if (rows.Count == 0 && after is null)
        {
            return NotFound($"Device '{deviceId}' has not reported on any upgrade.");
        }

        var (items, next) = Paginate(rows, page.Limit, last => PageRequest.Cursor(
            last.UpdatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), last.OperationId, last.SubOperationId));
        return TypedResults.Ok(new Page<UpgradeItem>(items.Select(UpgradeItem.From).ToList(), next));
    }

    public static async Task<Results<Ok<Page<NotificationItem>>, ValidationProblem>> ListNotificationsAsync(
        string? notifyType, string? deviceId, string? operationId, string? status, string? limit, string? cursor,
        IInboxQueries inbox, CancellationToken cancellationToken)
    {
        var page = PageRequest.TryRead(limit, cursor, cursorParts: 1, out var errors);
        if (status is not null && !InboxStatus.All.Contains(status))
        {
            errors["status"] = [$"'status' must be one of: {string.Join(", ", InboxStatus.All)}."];
        }

        if (page is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var filter = new InboxFilter(notifyType, deviceId, operationId, status);
        var records = await inbox.ListAsync(filter, page.After?[0], page.Limit + 1, cancellationToken);
        var (items, next) = Paginate(records, page.Limit, last => PageRequest.Cursor(last.Id));
        return TypedResults.Ok(new Page<NotificationItem>(items.Select(NotificationItem.From).ToList(), next));
    }

    public static async Task<Results<Ok<NotificationItem>, ProblemHttpResult>> GetNotificationAsync(
        string id, IInboxQueries inbox, CancellationToken cancellationToken) =>
        await inbox.FindAsync(id, cancellationToken) is { } record
            ? TypedResults.Ok(NotificationItem.From(record))
            : NotFound($"No notification has id '{id}'.");

    public static async Task<Results<Accepted, ProblemHttpResult>> ReplayAsync(
        string id, IInboxQueries inbox, DispatchSignal dispatchSignal, CancellationToken cancellationToken)
    {
        switch (await inbox.ReplayAsync(id, cancellationToken))
        {
            case ReplayResult.Replayed:
                dispatchSignal.Notify();
                return TypedResults.Accepted($"/api/notifications/{id}");
            case ReplayResult.Unhandled:
                return TypedResults.Problem(
                    $"Notification '{id}' has a notifyType with no handler (status unhandled).",
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Nothing to replay to.");
            case ReplayResult.BeingDispatched:
                return TypedResults.Problem(
                    $"Notification '{id}' is pending and being dispatched now; replaying it would dispatch it twice.",
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Already being dispatched.");
            default:
                return NotFound($"No notification has id '{id}'.");
        }
    }

    /// <summary>Rows were fetched with one extra: its presence means there is a next page.</summary>
    private static (IEnumerable<T> Items, string? NextCursor) Paginate<T>(IReadOnlyList<T> rows, int limit, Func<T, string> cursorOf) =>
        rows.Count > limit ? (rows.Take(limit), cursorOf(rows[limit - 1])) : (rows, null);

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}
