using System.Text.Json;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Infrastructure.Persistence;

namespace KanbanCustomer.Infrastructure.Webhooks;

/// <summary>Hands a stored delivery to whatever delivers it (a Hangfire job); must be safe to call twice for one id.</summary>
public interface IWebhookDispatcher
{
    void Dispatch(Guid deliveryId);
}

/// <summary>The body of a stale-card digest: one per board and webhook per scan, listing the newly stale cards.</summary>
public static class StaleDigest
{
    public const string EventName = "stale-cards";

    /// <summary>Header carrying <c>sha256=&lt;hex HMAC-SHA256 of the body with the webhook's secret&gt;</c>.</summary>
    public const string SignatureHeader = "X-Kanban-Signature";
    public const string DeliveryHeader = "X-Kanban-Delivery";
    public const string EventHeader = "X-Kanban-Event";

    public sealed record DigestCard(Guid Id, string Title, Guid ColumnId, string ColumnName, DateTimeOffset StaleSince, DateTimeOffset LastActivityAt, DateTimeOffset EnteredColumnAt);

    public sealed record Digest(string Event, Guid BoardId, string BoardName, DateTimeOffset ScannedAt, IReadOnlyList<DigestCard> Cards);

    public static string Payload(Board board, IReadOnlyList<Card> newlyStale, DateTimeOffset scannedAt)
    {
        var columns = board.Columns.ToDictionary(c => c.Id);
        var digest = new Digest(EventName, board.Id, board.Name, scannedAt,
            newlyStale.Select(c => new DigestCard(c.Id, c.Title, c.ColumnId, columns.TryGetValue(c.ColumnId, out var column) ? column.Name : "",
                c.StaleSince ?? scannedAt, c.LastActivityAt, c.EnteredColumnAt)).ToList());
        return JsonSerializer.Serialize(digest, BoardEventPayload.JsonOptions);
    }
}
