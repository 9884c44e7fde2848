using KanbanCustomer.Infrastructure.Limits;

namespace KanbanCustomer.Api.Transport;

/// <summary>
/// Counts each user's live connections (acknowledged WebSockets and open SSE subscription streams), so one user cannot
/// hold an unbounded number of event feeds open. With Redis the limit holds across instances (<see cref="RedisLiveSlots"/>);
/// without it, or while Redis cannot be reached, on this instance. This instance's own count is kept either way.
/// </summary>
public sealed class LiveConnections(RedisLiveSlots? shared = null)
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Takes one of the user's slots, or returns null when all <paramref name="max"/> are taken.</summary>
    public async ValueTask<IDisposable?> TryEnterAsync(string userId, int max, CancellationToken cancellationToken)
    {
        if (shared is null)
            return TryEnter(userId, max, null);
        var (answer, slotId) = await shared.TryTakeAsync(userId, max, cancellationToken);
        switch (answer)
        {
            case SlotAnswer.Taken:
                return TryEnter(userId, int.MaxValue, () => shared.Release(slotId));
            case SlotAnswer.Unavailable:
                var local = TryEnter(userId, max, () => shared.Release(slotId));
                if (local is null)
                    shared.Release(slotId);
                return local;
            default:
                return null;
        }
    }

    /// <summary>The user's live connections on this instance right now.</summary>
    public int CountFor(string userId)
    {
        lock (_counts)
            return _counts.GetValueOrDefault(userId);
    }

    private Slot? TryEnter(string userId, int max, Action? leave)
    {
        lock (_counts)
        {
            var count = _counts.GetValueOrDefault(userId);
            if (count >= max)
                return null;
            _counts[userId] = count + 1;
        }

        return new Slot(this, userId, leave);
    }

    private void Leave(string userId)
    {
        lock (_counts)
        {
            var count = _counts.GetValueOrDefault(userId) - 1;
            if (count <= 0)
                _counts.Remove(userId);
            else
                _counts[userId] = count;
        }
    }

    private sealed class Slot(LiveConnections owner, string userId, Action? leave) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(userId);
                leave?.Invoke();
            }
        }
    }
}
