using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Insights;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Insights;

/// <summary>Per-request loaders for the inbox; each runs one query per batch.</summary>
public sealed class InsightLoaders : IRequestLoaders
{
    public InsightLoaders(KanbanDbContext db)
    {
        // One COUNT over the (BoardId, Status, ...) index range of the new ones.
        NewCountByBoard = new(async (ids, ct) =>
            await db.Insights.Where(i => ids.Contains(i.BoardId) && i.Status == InsightStatus.New)
                .GroupBy(i => i.BoardId)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, ct), 0);
        InsightById = new(async (ids, ct) =>
            await db.Insights.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => (Insight?)i, ct), null);
        EvidenceById = new(async (ids, ct) =>
            await db.Evidence.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => (Evidence?)e, ct), null);
    }

    public BatchLoader<Guid, int> NewCountByBoard { get; }

    public BatchLoader<Guid, Evidence?> EvidenceById { get; }

    public BatchLoader<Guid, Insight?> InsightById { get; }

    public void Clear()
    {
        InsightById.Clear();
        NewCountByBoard.Clear();
        EvidenceById.Clear();
    }
}

public static class InsightLoadersContext
{
    public static InsightLoaders InsightLoaders(this GraphQL.IResolveFieldContext context) => context.RequestService<InsightLoaders>();
}
