namespace KanbanCustomer.Domain.Common;

/// <summary>An entity whose changes are recorded as board events when it is saved.</summary>
public abstract class AggregateRoot
{
    private readonly List<BoardChange> _changes = [];

    public IReadOnlyList<BoardChange> Changes => _changes;

    public void ClearChanges() => _changes.Clear();

    protected void Record(BoardChange change) => _changes.Add(change);
}
