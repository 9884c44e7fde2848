namespace KanbanCustomer.Api.Flow;

/// <summary>One column as the flow sees it.</summary>
public sealed record FlowColumn(Guid Id, string Name, int Position, bool IsCommitmentPoint, bool IsDone);

/// <summary>
/// A board's columns in order, with where work starts: the first commitment-point column by position, or, on a board
/// without one, the second column (the first when there is only one).
/// </summary>
public sealed class FlowBoard
{
    private readonly Dictionary<Guid, FlowColumn> _byId;
    private readonly Dictionary<Guid, int> _index;

    public FlowBoard(IEnumerable<FlowColumn> columns)
    {
        Columns = columns.OrderBy(c => c.Position).ToList();
        _byId = Columns.ToDictionary(c => c.Id);
        _index = Columns.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
        CommitmentPosition = Columns.FirstOrDefault(c => c.IsCommitmentPoint)?.Position
            ?? (Columns.Count > 1 ? Columns[1].Position : Columns.Count == 1 ? Columns[0].Position : 0);
    }

    public IReadOnlyList<FlowColumn> Columns { get; }

    public int CommitmentPosition { get; }

    /// <summary>The column, or null for one since removed (a card there counts as gone from the flow).</summary>
    public FlowColumn? Column(Guid? id) => id is { } known ? _byId.GetValueOrDefault(known) : null;

    /// <summary>The column's place in <see cref="Columns"/>.</summary>
    public int IndexOf(FlowColumn column) => _index[column.Id];

    /// <summary>Entering this column starts (or has started) the cycle: the commitment point, any column after it, any done column.</summary>
    public bool IsCommitted(FlowColumn column) => column.IsDone || column.Position >= CommitmentPosition;
}
