using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Boards;

public sealed record ColumnSpec(string Name, int? WipLimit = null, TimeSpan? StaleAfter = null, bool IsCommitmentPoint = false, bool IsDone = false,
    StaleBasis StaleBasis = StaleBasis.LastActivity, bool AutoStaleAfter = false);

public sealed record SwimlaneSpec(string Name, CustomerKind CustomerKind);

/// <summary>One team's space: ordered columns and ordered swimlanes (target groups).</summary>
public sealed partial class Board : AggregateRoot
{
    public const int NameMaxLength = 100;
    public const int MaxColumns = 20;
    public const int MaxSwimlanes = 20;

    private readonly List<Column> _columns = [];
    private readonly List<Swimlane> _swimlanes = [];
    private readonly List<BoardMember> _members = [];

    private Board() { }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public static readonly TimeSpan StandardStaleAfter = TimeSpan.FromDays(14);

    /// <summary>The stale threshold of columns that have none of their own (done columns are never stale).</summary>
    public TimeSpan? DefaultStaleAfter { get; private set; } = StandardStaleAfter;

    /// <summary>Sequence number of the board's latest event; advanced only by the persistence layer.</summary>
    public long LastEventSeq { get; private set; }

    public IReadOnlyList<Column> Columns => _columns.OrderBy(c => c.Position).ToList();

    public IReadOnlyList<Swimlane> Swimlanes => _swimlanes.OrderBy(s => s.Position).ToList();

    public IReadOnlyList<BoardMember> Members => _members;

    public static IReadOnlyList<ColumnSpec> DefaultColumns { get; } =
    [
        new("Reported", StaleAfter: TimeSpan.FromDays(7)),
        new("Understood", StaleAfter: TimeSpan.FromDays(14), IsCommitmentPoint: true),
        new("Experimenting", StaleAfter: TimeSpan.FromDays(14)),
        new("Solved", IsDone: true),
    ];

    public static IReadOnlyList<SwimlaneSpec> DefaultSwimlanes { get; } =
    [
        new("External customers", CustomerKind.External),
        new("Internal customers", CustomerKind.Internal),
    ];

    public static Board Create(string name, string createdBy, DateTimeOffset now,
        IReadOnlyList<ColumnSpec>? columns = null, IReadOnlyList<SwimlaneSpec>? swimlanes = null)
    {
        var board = new Board
        {
            Id = Guid.CreateVersion7(),
            Name = Guard.Text(name, NameMaxLength, "name"),
            CreatedBy = Guard.UserId(createdBy, "createdBy"),
            CreatedAt = now,
        };
        board.Record(new BoardCreated(board.Id, board.Name));
        board.AddMember(board.CreatedBy, BoardRole.Admin, board.CreatedBy, now);

        columns = columns is { Count: > 0 } ? columns : DefaultColumns;
        swimlanes = swimlanes is { Count: > 0 } ? swimlanes : DefaultSwimlanes;
        if (columns.Count > MaxColumns)
            throw DomainException.Invalid("columns", $"A board has at most {MaxColumns} columns.");
        if (swimlanes.Count > MaxSwimlanes)
            throw DomainException.Invalid("swimlanes", $"A board has at most {MaxSwimlanes} swimlanes.");
        if (columns.Count(c => c.IsCommitmentPoint) > 1)
            throw DomainException.Invalid("columns", "Only one column can be the commitment point.");
        foreach (var spec in columns)
            board.AddColumn(spec);
        foreach (var spec in swimlanes)
            board.AddSwimlane(spec.Name, spec.CustomerKind);
        return board;
    }

    public void Rename(string name)
    {
        name = Guard.Text(name, NameMaxLength, "name");
        if (name == Name)
            return;
        Name = name;
        Record(new BoardRenamed(Id, Name));
    }

    /// <summary>Sets the threshold for columns without one; null: such columns are never stale.</summary>
    public void SetDefaultStaleAfter(TimeSpan? staleAfter)
    {
        staleAfter = Column.CheckStaleAfter(staleAfter, "defaultStaleAfter");
        if (staleAfter == DefaultStaleAfter)
            return;
        DefaultStaleAfter = staleAfter;
        Record(new BoardPolicyChanged(Id, staleAfter));
    }

    public Column GetColumn(Guid columnId) =>
        _columns.Find(c => c.Id == columnId) ?? throw DomainException.NotFound("Column", columnId);

    public Swimlane GetSwimlane(Guid swimlaneId) =>
        _swimlanes.Find(s => s.Id == swimlaneId) ?? throw DomainException.NotFound("Swimlane", swimlaneId);

    public Column AddColumn(ColumnSpec spec, int? position = null)
    {
        if (_columns.Count >= MaxColumns)
            throw DomainException.Invalid("boardId", $"A board has at most {MaxColumns} columns.");
        var index = CheckInsertPosition(position, _columns.Count);
        var column = new Column(Id, spec.Name, index, spec.WipLimit, spec.StaleAfter, spec.IsCommitmentPoint, spec.IsDone, spec.StaleBasis, spec.AutoStaleAfter);
        EnsureUniqueName(_columns.Select(c => c.Name), column.Name, "Column");
        foreach (var other in _columns.Where(c => c.Position >= index))
            other.Position++;
        _columns.Add(column);
        Record(new ColumnAdded(Id, column.Id, column.Name, column.Position));
        if (column.IsCommitmentPoint)
            ClearCommitmentPointExcept(column);
        return column;
    }

    public void UpdateColumn(Guid columnId, string name, int? wipLimit, TimeSpan? staleAfter, bool isCommitmentPoint, bool isDone,
        StaleBasis staleBasis, bool autoStaleAfter)
    {
        var column = GetColumn(columnId);
        if (!string.Equals(name?.Trim(), column.Name, StringComparison.Ordinal))
            EnsureUniqueName(_columns.Where(c => c != column).Select(c => c.Name), name?.Trim() ?? "", "Column");
        var changed = column.Update(name!, wipLimit, staleAfter, isCommitmentPoint, isDone, staleBasis, autoStaleAfter);
        if (changed.Count == 0)
            return;
        Record(new ColumnUpdated(Id, column.Id, changed));
        if (column.IsCommitmentPoint)
            ClearCommitmentPointExcept(column);
    }

    public void MoveColumn(Guid columnId, int toPosition)
    {
        var column = GetColumn(columnId);
        var from = column.Position;
        var to = CheckMovePosition(toPosition, _columns.Count);
        if (Reorder(_columns.OrderBy(c => c.Position).ToList(), column, to, (c, p) => c.Position = p))
            Record(new ColumnMoved(Id, column.Id, from, to));
    }

    /// <param name="cardsInColumn">Cards in the column, archived ones included: they would lose their place.</param>
    public void RemoveColumn(Guid columnId, int cardsInColumn)
    {
        var column = GetColumn(columnId);
        if (cardsInColumn > 0)
            throw DomainException.Invalid("columnId", $"Column '{column.Name}' still holds {cardsInColumn} card(s), archived ones included; move them out first.");
        if (_columns.Count == 1)
            throw DomainException.Invalid("columnId", "A board needs at least one column.");
        _columns.Remove(column);
        foreach (var other in _columns.Where(c => c.Position > column.Position))
            other.Position--;
        Record(new ColumnRemoved(Id, column.Id, column.Name));
    }

    public Swimlane AddSwimlane(string name, CustomerKind customerKind, int? position = null)
    {
        if (_swimlanes.Count >= MaxSwimlanes)
            throw DomainException.Invalid("boardId", $"A board has at most {MaxSwimlanes} swimlanes.");
        var index = CheckInsertPosition(position, _swimlanes.Count);
        var lane = new Swimlane(Id, name, customerKind, index);
        EnsureUniqueName(_swimlanes.Select(s => s.Name), lane.Name, "Swimlane");
        foreach (var other in _swimlanes.Where(s => s.Position >= index))
            other.Position++;
        _swimlanes.Add(lane);
        Record(new SwimlaneAdded(Id, lane.Id, lane.Name, lane.CustomerKind, lane.Position));
        return lane;
    }

    public void UpdateSwimlane(Guid swimlaneId, string name, CustomerKind customerKind)
    {
        var lane = GetSwimlane(swimlaneId);
        if (!string.Equals(name?.Trim(), lane.Name, StringComparison.Ordinal))
            EnsureUniqueName(_swimlanes.Where(s => s != lane).Select(s => s.Name), name?.Trim() ?? "", "Swimlane");
        var changed = lane.Update(name!, customerKind);
        if (changed.Count > 0)
            Record(new SwimlaneUpdated(Id, lane.Id, changed));
    }

    public void MoveSwimlane(Guid swimlaneId, int toPosition)
    {
        var lane = GetSwimlane(swimlaneId);
        var from = lane.Position;
        var to = CheckMovePosition(toPosition, _swimlanes.Count);
        if (Reorder(_swimlanes.OrderBy(s => s.Position).ToList(), lane, to, (s, p) => s.Position = p))
            Record(new SwimlaneMoved(Id, lane.Id, from, to));
    }

    /// <param name="cardsInSwimlane">Cards in the swimlane, archived ones included.</param>
    public void RemoveSwimlane(Guid swimlaneId, int cardsInSwimlane)
    {
        var lane = GetSwimlane(swimlaneId);
        if (cardsInSwimlane > 0)
            throw DomainException.Invalid("swimlaneId", $"Swimlane '{lane.Name}' still holds {cardsInSwimlane} card(s), archived ones included; move them out first.");
        if (_swimlanes.Count == 1)
            throw DomainException.Invalid("swimlaneId", "A board needs at least one swimlane.");
        _swimlanes.Remove(lane);
        foreach (var other in _swimlanes.Where(s => s.Position > lane.Position))
            other.Position--;
        Record(new SwimlaneRemoved(Id, lane.Id, lane.Name));
    }

    /// <summary>Refuses a card entering <paramref name="column"/> when it already holds its WIP limit.</summary>
    /// <param name="activeCardsInColumn">Unarchived cards in the column, the entering card not among them.</param>
    public static void EnsureRoomIn(Column column, int activeCardsInColumn)
    {
        if (column.WipLimit is { } limit && activeCardsInColumn >= limit)
        {
            throw new DomainException(ErrorCodes.WipLimitReached,
                $"Column '{column.Name}' is at its WIP limit of {limit}.", "toColumnId",
                new Dictionary<string, object?> { ["wipLimit"] = limit, ["columnId"] = column.Id });
        }
    }

    /// <summary>Records a rebalance of one cell's rank keys (the cards themselves were re-ranked).</summary>
    public void RecordRerank(Guid columnId, Guid swimlaneId, IReadOnlyList<RankedCard> ranks)
    {
        if (ranks.Count > 0)
            Record(new CardsReranked(Id, columnId, swimlaneId, ranks));
    }

    private void ClearCommitmentPointExcept(Column column)
    {
        foreach (var other in _columns.Where(c => c != column && c.IsCommitmentPoint))
        {
            other.IsCommitmentPoint = false;
            Record(new ColumnUpdated(Id, other.Id, ["isCommitmentPoint"]));
        }
    }

    private static void EnsureUniqueName(IEnumerable<string> existing, string name, string what)
    {
        if (existing.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
            throw DomainException.Invalid("name", $"{what} '{name}' already exists on this board.");
    }

    private static int CheckInsertPosition(int? position, int count) =>
        position is null ? count
        : position >= 0 && position <= count ? position.Value
        : throw DomainException.Invalid("position", $"Position must be between 0 and {count}.");

    private static int CheckMovePosition(int position, int count) =>
        position >= 0 && position < count ? position
        : throw DomainException.Invalid("toPosition", $"Position must be between 0 and {count - 1}.");

    private static bool Reorder<T>(List<T> ordered, T item, int to, Action<T, int> setPosition)
    {
        var from = ordered.IndexOf(item);
        if (from == to)
            return false;
        ordered.RemoveAt(from);
        ordered.Insert(to, item);
        for (var i = 0; i < ordered.Count; i++)
            setPosition(ordered[i], i);
        return true;
    }
}
