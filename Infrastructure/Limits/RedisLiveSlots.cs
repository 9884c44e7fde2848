using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace KanbanCustomer.Infrastructure.Limits;

/// <summary>What Redis said to a request for a live-connection slot.</summary>
public enum SlotAnswer
{
    Taken,
    Refused,
    Unavailable,
}

/// <summary>
/// Each user's live connections across instances: a sorted set per user of slot ids scored by when they expire (Redis
/// server time, so instances' clocks do not matter). Expired entries are trimmed before counting; this instance renews
/// the slots it holds every third of <see cref="Lease"/>. A crashed instance renews nothing, so its slots free
/// themselves within one lease; a closed connection gives its slot back at once.
/// </summary>
public sealed class RedisLiveSlots : BackgroundService
{
    public const string KeyPrefix = "kanban:live:";

    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(30);

    // KEYS[1] the user's set; ARGV[1] the slot id, ARGV[2] the most slots, ARGV[3] the lease in ms.
    private const string TakeScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
          return 0
        end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    // KEYS[1] the user's set; ARGV[1] the lease in ms, ARGV[2..] the slot ids this instance holds. Adds back what an
    // outage or a Redis restart lost: the connections are live whatever Redis forgot.
    private const string RenewScript = """
        local t = redis.call('TIME')
        local expires = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
        for i = 2, #ARGV do
          redis.call('ZADD', KEYS[1], expires, ARGV[i])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return #ARGV - 1
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisLiveSlots> _logger;
    private readonly RedisOutage _outage;
    private readonly ConcurrentDictionary<string, string> _held = new(StringComparer.Ordinal); // slot id -> user id

    public RedisLiveSlots(IConnectionMultiplexer redis, ILogger<RedisLiveSlots> logger, TimeSpan? lease = null)
    {
        _redis = redis;
        _logger = logger;
        _outage = new RedisOutage(logger, "the live-connection limit");
        Lease = lease ?? DefaultLease;
    }

    /// <summary>How long a slot stays counted without being renewed.</summary>
    public TimeSpan Lease { get; }

    /// <summary>The slots this instance holds right now.</summary>
    public int Held => _held.Count;

    /// <summary>
    /// Takes one of the user's <paramref name="max"/> slots across instances. Unless refused, the slot id is held by this
    /// instance from now on (renewed; given back by <see cref="Release"/>): one taken while Redis was unreachable is added
    /// to Redis by the first renewal after it is back.
    /// </summary>
    public async ValueTask<(SlotAnswer Answer, string SlotId)> TryTakeAsync(string userId, int max, CancellationToken cancellationToken)
    {
        var slotId = Guid.NewGuid().ToString("N");
        var answer = SlotAnswer.Unavailable;
        if (!_redis.IsConnected)
        {
            _outage.Failed(null);
        }
        else
        {
            try
            {
                var taken = (long)(await _redis.GetDatabase()
                    .ScriptEvaluateAsync(TakeScript, [KeyPrefix + userId], [slotId, max, (long)Lease.TotalMilliseconds])
                    .WaitAsync(RedisRateWindows.CallTimeout, cancellationToken));
                _outage.Answered();
                answer = taken == 1 ? SlotAnswer.Taken : SlotAnswer.Refused;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _outage.Failed(ex);
            }
        }

        if (answer != SlotAnswer.Refused)
            _held[slotId] = userId;
        return (answer, slotId);
    }

    /// <summary>Gives the slot back: this instance stops renewing it and removes it from the user's set.</summary>
    public void Release(string slotId)
    {
        if (!_held.TryRemove(slotId, out var userId))
            return;
        try
        {
            _redis.GetDatabase().SortedSetRemove(KeyPrefix + userId, slotId, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Unreachable: the slot expires by itself within one lease.
        }
    }

    /// <summary>Renews every slot this instance holds, one script per user; false when Redis could not be reached.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var user in _held.GroupBy(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal))
            {
                RedisValue[] args = [(long)Lease.TotalMilliseconds, .. user.Select(id => (RedisValue)id)];
                await _redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [KeyPrefix + user.Key], args)
                    .WaitAsync(RedisRateWindows.CallTimeout, cancellationToken);
            }

            _outage.Answered();
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _outage.Failed(ex);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!_held.IsEmpty)
                    await RenewAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _logger.LogDebug("Live-slot renewal stopped; {Count} slots lapse within {Lease}.", _held.Count, Lease);
        }
    }
}
