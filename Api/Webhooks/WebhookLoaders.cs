using KanbanCustomer.Api.GraphQL;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Webhooks;

/// <summary>A board's delivery log, cut to the first N (newest first) when <c>first</c> is given.</summary>
public readonly record struct DeliveryLogKey(Guid BoardId, int? First);

/// <summary>Per-request loaders for webhooks and their delivery log: one query per level, whatever the number of boards.</summary>
public sealed class WebhookLoaders : IRequestLoaders
{
    public WebhookLoaders(KanbanDbContext db)
    {
        WebhooksByBoard = new(async (ids, ct) =>
            (await db.Webhooks.AsNoTracking().Where(w => ids.Contains(w.BoardId)).OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(ct))
                .GroupBy(w => w.BoardId).ToDictionary(g => g.Key, g => (IReadOnlyList<Webhook>)g.ToList()), []);
        DeliveriesByBoard = new(async (keys, ct) =>
        {
            var result = new Dictionary<DeliveryLogKey, IReadOnlyList<WebhookDelivery>>();
            foreach (var sameFirst in keys.GroupBy(k => k.First))
            {
                var boardIds = sameFirst.Select(k => k.BoardId).ToList();
                var rows = db.WebhookDeliveries.AsNoTracking().Where(d => boardIds.Contains(d.BoardId));
                // The newest N per board in one query (ROW_NUMBER() OVER (PARTITION BY the board) on every provider).
                var deliveries = sameFirst.Key is int first
                    ? (await rows.GroupBy(d => d.BoardId)
                        .Select(g => g.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(first).ToList())
                        .ToListAsync(ct)).SelectMany(page => page).ToList()
                    : await rows.ToListAsync(ct);
                foreach (var board in deliveries.GroupBy(d => d.BoardId))
                {
                    result[new DeliveryLogKey(board.Key, sameFirst.Key)] =
                        board.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToList();
                }
            }

            return result;
        }, []);
    }

    public BatchLoader<Guid, IReadOnlyList<Webhook>> WebhooksByBoard { get; }

    public BatchLoader<DeliveryLogKey, IReadOnlyList<WebhookDelivery>> DeliveriesByBoard { get; }

    public void Clear()
    {
        WebhooksByBoard.Clear();
        DeliveriesByBoard.Clear();
    }
}
