using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>Where a unit of work hands the events it has just committed (the events module publishes them).</summary>
public interface ICommittedEvents
{
    void Publish(IReadOnlyList<BoardEvent> events);
}
