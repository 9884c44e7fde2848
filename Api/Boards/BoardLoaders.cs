using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Boards;

/// <summary>Per-request loaders for a board's parts: one query per level, whatever the number of boards.</summary>
public sealed class BoardLoaders : IRequestLoaders
{
    public BoardLoaders(KanbanDbContext db)
    {
        ColumnsByBoard = new(async (ids, ct) =>
            (await db.Columns.AsNoTracking().Where(c => ids.Contains(c.BoardId)).OrderBy(c => c.Position).ToListAsync(ct))
                .GroupBy(c => c.BoardId).ToDictionary(g => g.Key, g => (IReadOnlyList<Column>)g.ToList()), []);
        SwimlanesByBoard = new(async (ids, ct) =>
            (await db.Swimlanes.AsNoTracking().Where(s => ids.Contains(s.BoardId)).OrderBy(s => s.Position).ToListAsync(ct))
                .GroupBy(s => s.BoardId).ToDictionary(g => g.Key, g => (IReadOnlyList<Swimlane>)g.ToList()), []);
        ColumnById = new(async (ids, ct) =>
            await db.Columns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (Column?)c, ct), null);
        SwimlaneById = new(async (ids, ct) =>
            await db.Swimlanes.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => (Swimlane?)s, ct), null);
        ActiveCardCountByColumn = new(async (ids, ct) =>
            await db.Cards.Where(c => ids.Contains(c.ColumnId) && !c.IsArchived)
                .GroupBy(c => c.ColumnId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, ct), 0);
    }

    public BatchLoader<Guid, IReadOnlyList<Column>> ColumnsByBoard { get; }

    public BatchLoader<Guid, IReadOnlyList<Swimlane>> SwimlanesByBoard { get; }

    public BatchLoader<Guid, Column?> ColumnById { get; }

    public BatchLoader<Guid, Swimlane?> SwimlaneById { get; }

    public BatchLoader<Guid, int> ActiveCardCountByColumn { get; }

    public void Clear()
    {
        ColumnsByBoard.Clear();
        SwimlanesByBoard.Clear();
        ColumnById.Clear();
        SwimlaneById.Clear();
        ActiveCardCountByColumn.Clear();
    }
}

public static class BoardLoadersContext
{
    public static BoardLoaders BoardLoaders(this GraphQL.IResolveFieldContext context) => context.RequestService<BoardLoaders>();
}
