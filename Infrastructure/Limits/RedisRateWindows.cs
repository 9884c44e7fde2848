using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace KanbanCustomer.Infrastructure.Limits;

/// <summary>What one hit on a shared window found: the hits in the window so far (this one included), and when it ends.</summary>
public readonly record struct RateWindowHit(long Count, TimeSpan ResetsIn);

/// <summary>
/// Fixed rate-limit windows in Redis, one key per partition (user or client address), shared by every instance: one
/// script adds the hit and, on the window's first hit, sets its expiry, so two instances never both start a window.
/// </summary>
public sealed class RedisRateWindows(IConnectionMultiplexer redis, ILogger<RedisRateWindows> logger)
{
    public const string KeyPrefix = "kanban:rate:";

    /// <summary>Longest wait for Redis before a request is counted on this instance instead (Redis answers in well under a millisecond).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(1);

    // KEYS[1] the window; ARGV[1] its length in ms, ARGV[2] the hits to add. A key without an expiry is a new window.
    private const string HitScript = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[2])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """;

    private readonly RedisOutage _outage = new(logger, "the rate limit");

    /// <summary>Counts <paramref name="hits"/> in the partition's window; null when Redis cannot be asked (the caller counts locally).</summary>
    public async ValueTask<RateWindowHit?> HitAsync(string partition, TimeSpan window, int hits, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            _outage.Failed(null);
            return null;
        }

        try
        {
            var result = (RedisResult[])(await redis.GetDatabase()
                .ScriptEvaluateAsync(HitScript, [KeyPrefix + partition], [(long)window.TotalMilliseconds, hits])
                .WaitAsync(CallTimeout, cancellationToken))!;
            _outage.Answered();
            return new RateWindowHit((long)result[0], TimeSpan.FromMilliseconds((long)result[1]));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _outage.Failed(ex);
            return null;
        }
    }
}
