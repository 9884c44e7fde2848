using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Boards;

/// <summary>Per-request loaders for a board's parts: one query per level, whatever the number of boards.</summary>
public sealed class BoardLoaders : IRequestLoaders
{
    private readonly Dictionary<Guid, (Column Column, int Cards)> _read = [];
    private readonly Dictionary<Guid, bool> _fewCardsOnBoard = [];
    private readonly int _manyCards;

    public BoardLoaders(KanbanDbContext db, PageDefaults pages)
    {
        _manyCards = pages.CellWalkFromCards;
        ColumnsByBoard = new(async (ids, ct) =>
        {
            // Each column's cards counted up to CellWalkFromCards through the (BoardId, ColumnId, ...) index: a board-order
            // card list of columns all below it needs no statement of its own to find its large cells (CardLists).
            var rows = await db.Columns.AsNoTracking().Where(c => ids.Contains(c.BoardId)).OrderBy(c => c.Position)
                .Select(c => new { Column = c, Cards = db.Cards.Where(x => x.BoardId == c.BoardId && x.ColumnId == c.Id).Take(_manyCards).Count() })
                .ToListAsync(ct);
            foreach (var row in rows)
                _read[row.Column.Id] = (row.Column, row.Cards);

            foreach (var board in ids)
                _fewCardsOnBoard[board] = rows.TrueForAll(r => r.Column.BoardId != board || r.Cards < _manyCards);
            return rows.GroupBy(r => r.Column.BoardId).ToDictionary(g => g.Key, g => (IReadOnlyList<Column>)g.Select(r => r.Column).ToList());
        }, []);
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

    /// <summary>The column, when this request's columns loader read it; else null.</summary>
    public Column? ReadColumn(Guid columnId) => _read.TryGetValue(columnId, out var read) ? read.Column : null;

    /// <summary>Whether this request's columns loader counted the column and found fewer than CellWalkFromCards cards in it.</summary>
    public bool HasFewCards(Guid columnId) => _read.TryGetValue(columnId, out var read) && read.Cards < _manyCards;

    /// <summary>Whether this request's columns loader read the board's columns and found each below CellWalkFromCards cards.</summary>
    public bool HasFewCardsOnBoard(Guid boardId) => _fewCardsOnBoard.GetValueOrDefault(boardId);

    public BatchLoader<Guid, IReadOnlyList<Swimlane>> SwimlanesByBoard { get; }

    public BatchLoader<Guid, Column?> ColumnById { get; }

    public BatchLoader<Guid, Swimlane?> SwimlaneById { get; }

    public BatchLoader<Guid, int> ActiveCardCountByColumn { get; }

    public void Clear()
    {
        _read.Clear();
        _fewCardsOnBoard.Clear();
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
