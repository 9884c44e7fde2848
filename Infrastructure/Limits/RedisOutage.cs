using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Infrastructure.Limits;

/// <summary>
/// Whether Redis answered the last call of one shared limit. The first failure of an outage is logged as a warning and
/// the first success after it as information: two lines per outage, however many requests fall back meanwhile.
/// </summary>
public sealed class RedisOutage(ILogger logger, string limit)
{
    private int _down;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    public void Failed(Exception? error)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            logger.LogWarning(error, "Redis is unreachable: {Limit} counts on this instance alone until it is back.", limit);
        }
    }

    public void Answered()
    {
        if (IsDown && Interlocked.Exchange(ref _down, 0) == 1)
        {
            logger.LogInformation("Redis answers again: {Limit} counts across instances.", limit);
        }
    }
}
