namespace KanbanCustomer.Domain.Common;

/// <summary>An entity whose changes are recorded as board events when it is saved.</summary>
public abstract class AggregateRoot
{
    // Orders changes recorded on different aggregates in one unit of work the way they happened.
    private static long s_ordinal;

    private readonly List<RecordedChange> _changes = [];

    public IReadOnlyList<RecordedChange> Changes => _changes;

    public void ClearChanges() => _changes.Clear();

    protected void Record(BoardChange change) => _changes.Add(new RecordedChange(Interlocked.Increment(ref s_ordinal), change));
}

public readonly record struct RecordedChange(long Ordinal, BoardChange Change);
