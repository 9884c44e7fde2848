namespace KanbanCustomer.Api.Transport;

/// <summary>
/// Counts each user's live connections on this instance (acknowledged WebSockets and open SSE subscription
/// streams), so one user cannot hold an unbounded number of event feeds open.
/// </summary>
public sealed class LiveConnections
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Takes one of the user's slots, or returns null when all <paramref name="max"/> are taken.</summary>
    public IDisposable? TryEnter(string userId, int max)
    {
        lock (_counts)
        {
            var count = _counts.GetValueOrDefault(userId);
            if (count >= max)
                return null;
            _counts[userId] = count + 1;
        }

        return new Slot(this, userId);
    }

    /// <summary>The user's live connections right now.</summary>
    public int CountFor(string userId)
    {
        lock (_counts)
            return _counts.GetValueOrDefault(userId);
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

    private sealed class Slot(LiveConnections owner, string userId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Leave(userId);
        }
    }
}
