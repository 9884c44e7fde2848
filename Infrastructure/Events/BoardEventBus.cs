using System.Collections.Concurrent;
using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Infrastructure.Events;

/// <summary>
/// Carries committed board events to the subscribers of every API instance: in-process, or through Redis
/// when <c>Redis:Configuration</c> is set. Delivery is at-least-once and may reorder; readers put events back
/// in sequence and fill gaps from the log (<see cref="BoardEventFeed"/>).
/// </summary>
public interface IBoardEventBus
{
    Task PublishAsync(IReadOnlyList<BoardEvent> events, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="handler"/> for every event of the board that reaches this instance, until disposed.</summary>
    IDisposable Subscribe(Guid boardId, Action<BoardEvent> handler);
}

/// <summary>Hands events to this instance's subscribers; the part every bus shares.</summary>
public abstract class LocalDispatchBus : IBoardEventBus
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _subscribers = new();

    public abstract Task PublishAsync(IReadOnlyList<BoardEvent> events, CancellationToken cancellationToken);

    public IDisposable Subscribe(Guid boardId, Action<BoardEvent> handler)
    {
        var subscription = new Subscription(this, boardId, handler);
        _subscribers.GetOrAdd(boardId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Subscribers currently listening on this instance (all boards).</summary>
    public int SubscriberCount => _subscribers.Values.Sum(s => s.Count);

    protected void Dispatch(BoardEvent boardEvent)
    {
        if (!_subscribers.TryGetValue(boardEvent.BoardId, out var subscribers))
            return;
        foreach (var subscription in subscribers.Keys)
            subscription.Handler(boardEvent);
    }

    private void Unsubscribe(Subscription subscription)
    {
        if (_subscribers.TryGetValue(subscription.BoardId, out var subscribers))
            subscribers.TryRemove(subscription, out _);
    }

    private sealed class Subscription(LocalDispatchBus bus, Guid boardId, Action<BoardEvent> handler) : IDisposable
    {
        public Guid BoardId { get; } = boardId;

        public Action<BoardEvent> Handler { get; } = handler;

        public void Dispose() => bus.Unsubscribe(this);
    }
}

/// <summary>One process: publishing is dispatching.</summary>
public sealed class InProcessBoardEventBus : LocalDispatchBus
{
    public override Task PublishAsync(IReadOnlyList<BoardEvent> events, CancellationToken cancellationToken)
    {
        foreach (var boardEvent in events)
            Dispatch(boardEvent);
        return Task.CompletedTask;
    }
}
