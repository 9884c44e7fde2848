using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>Where a unit of work hands the events it has just committed (the events module publishes them).</summary>
public interface ICommittedEvents
{
    void Publish(IReadOnlyList<BoardEvent> events);
}

/// <summary>Where a unit of work hands the webhook deliveries it has just committed (the webhooks module sends them).</summary>
public interface ICommittedDeliveries
{
    void Dispatch(IReadOnlyList<Guid> deliveryIds);
}
