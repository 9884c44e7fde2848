using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

internal static class RecordedChanges
{
    /// <summary>The changes an aggregate recorded, in the order it recorded them, without their ordinals.</summary>
    public static List<BoardChange> Recorded(this AggregateRoot root) => root.Changes.Select(c => c.Change).ToList();
}
