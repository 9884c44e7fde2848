using KanbanCustomer.Api.Execution;
using KanbanCustomer.Api.Transport;
using KanbanCustomer.Infrastructure.Limits;
using KanbanCustomer.Infrastructure.Redis;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace KanbanCustomer.Tests.Limits;

/// <summary>A redis-server of this class's own on a free loopback port; skips locally without one, fails under CI=true.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly List<ServiceProvider> _instances = [];

    public RedisProcess Process { get; } = new();

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        SkipReason = RedisProcess.SkipReason;
        if (SkipReason is not null)
        {
            if (TestDatabase.InCi)
                throw new InvalidOperationException("CI=true needs Redis: " + SkipReason);
            return;
        }

        await Process.StartAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>One API instance's connection to Redis, made as the API makes it (<see cref="RedisSetup"/>).</summary>
    public IConnectionMultiplexer Connect()
    {
        var services = new ServiceCollection();
        services.AddKanbanRedis(new ConfigurationBuilder().AddInMemoryCollection([new(RedisSetup.ConfigurationKey, Process.Configuration)]).Build());
        var provider = services.BuildServiceProvider();
        lock (_instances)
            _instances.Add(provider);
        return provider.GetRequiredService<IConnectionMultiplexer>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _instances)
            await provider.DisposeAsync();
        await Process.DisposeAsync();
    }
}

/// <summary>The shared limits against a real Redis: two connections stand for two API instances.</summary>
public sealed class RedisLimitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hits_from_two_instances_count_in_one_window_which_a_new_one_follows_when_it_ends()
    {
        var (a, b) = (Windows(), Windows());
        var partition = "user:" + Guid.NewGuid().ToString("N");
        var window = TimeSpan.FromSeconds(2);

        var hits = new List<RateWindowHit>();
        for (var i = 0; i < 6; i++)
            hits.Add((await (i % 2 == 0 ? a : b).HitAsync(partition, window, 1, Token))!.Value);

        Assert.Equal([1L, 2, 3, 4, 5, 6], hits.Select(h => h.Count));
        Assert.All(hits, h => Assert.InRange(h.ResetsIn, TimeSpan.FromMilliseconds(1), window));
        Assert.True(hits[^1].ResetsIn <= hits[0].ResetsIn, "The window's end is set once, at its first hit.");

        await Task.Delay(hits[^1].ResetsIn + TimeSpan.FromMilliseconds(100), Token);
        var next = (await b.HitAsync(partition, window, 1, Token))!.Value;
        Assert.Equal(1, next.Count);
        Assert.True(next.ResetsIn > window - TimeSpan.FromMilliseconds(500), $"A new window of {window}: {next.ResetsIn} left");
    }

    [Fact]
    public async Task Two_instances_rate_limiters_refuse_past_the_shared_limit_with_the_windows_Retry_After()
    {
        var settings = new GraphQLRateLimit { PermitLimit = 4, WindowSeconds = 30 };
        using var a = new GraphQLRateLimiter(settings, Windows());
        using var b = new GraphQLRateLimiter(settings, Windows());
        var key = "user:" + Guid.NewGuid().ToString("N");

        var acquired = new List<bool>();
        for (var i = 0; i < 6; i++)
        {
            using var lease = await (i % 2 == 0 ? a : b).AcquireAsync(key, 1, Token);
            acquired.Add(lease.IsAcquired);
        }

        using var refused = await a.AcquireAsync(key, 1, Token);
        Assert.Equal([true, true, true, true, false, false], acquired);
        Assert.InRange(a.RetryAfterSeconds(refused), 1, 30);
        // Each instance alone would have admitted four: the counting was Redis's.
        using var local = a.Limiter.AttemptAcquire(key);
        Assert.True(local.IsAcquired);
    }

    [Fact]
    public async Task While_Redis_is_down_an_instance_counts_alone_warns_once_and_counts_in_Redis_again_when_it_is_back()
    {
        Require();
        var logger = new RecordingLogger<RedisRateWindows>();
        using var limiter = new GraphQLRateLimiter(new GraphQLRateLimit { PermitLimit = 2, WindowSeconds = 30 }, new RedisRateWindows(redis.Connect(), logger));
        var key = "user:" + Guid.NewGuid().ToString("N");
        using (await limiter.AcquireAsync(key, 1, Token))
        {
            // Connected, and counted in Redis.
        }

        await redis.Process.StopAsync();
        try
        {
            var started = DateTime.UtcNow;
            var during = new List<bool>();
            for (var i = 0; i < 4; i++)
            {
                using var lease = await limiter.AcquireAsync(key, 1, Token);
                during.Add(lease.IsAcquired);
            }

            Assert.Equal([true, true, false, false], during); // this instance's own window of 2
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4), "No request waits long for an absent Redis.");
            Assert.Equal(1, logger.Count(LogLevel.Warning));
        }
        finally
        {
            await redis.Process.StartAsync(TimeSpan.FromSeconds(10));
        }

        var fresh = "user:" + Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + Bound;
        while (logger.Count(LogLevel.Information) == 0 && DateTime.UtcNow < deadline)
        {
            using (await limiter.AcquireAsync(fresh, 1, Token))
                await Task.Delay(200, Token);
        }

        Assert.Equal(1, logger.Count(LogLevel.Information));
        Assert.Equal(1, logger.Count(LogLevel.Warning));
        Assert.True((long)await redis.Connect().GetDatabase().StringGetAsync(RedisRateWindows.KeyPrefix + fresh) >= 1);
    }

    [Fact]
    public async Task Live_slots_taken_on_two_instances_share_the_users_limit_and_a_released_slot_is_free_at_once()
    {
        var (a, b) = (Slots(), Slots());
        var user = "u-" + Guid.NewGuid().ToString("N");

        var first = await a.TryTakeAsync(user, 3, Token);
        var second = await b.TryTakeAsync(user, 3, Token);
        var third = await a.TryTakeAsync(user, 3, Token);
        var fourthOnA = await a.TryTakeAsync(user, 3, Token);
        var fourthOnB = await b.TryTakeAsync(user, 3, Token);

        Assert.Equal([SlotAnswer.Taken, SlotAnswer.Taken, SlotAnswer.Taken, SlotAnswer.Refused, SlotAnswer.Refused],
            new[] { first, second, third, fourthOnA, fourthOnB }.Select(s => s.Answer));
        Assert.Equal((2, 1), (a.Held, b.Held));
        b.Release(second.SlotId);
        var again = await Eventually(() => a.TryTakeAsync(user, 3, Token), s => s.Answer == SlotAnswer.Taken);
        Assert.Equal(SlotAnswer.Taken, again.Answer);
        Assert.Equal(SlotAnswer.Taken, (await a.TryTakeAsync("other-" + user, 3, Token)).Answer);
    }

    [Fact]
    public async Task Slots_of_an_instance_that_stops_renewing_lapse_within_one_lease_while_renewed_ones_stay()
    {
        var lease = TimeSpan.FromSeconds(1);
        var renewing = Slots(lease);
        var crashed = Slots(lease);
        var other = Slots(lease);
        var user = "u-" + Guid.NewGuid().ToString("N");
        await renewing.StartAsync(Token);
        try
        {
            Assert.Equal(SlotAnswer.Taken, (await renewing.TryTakeAsync(user, 2, Token)).Answer);
            Assert.Equal(SlotAnswer.Taken, (await crashed.TryTakeAsync(user, 2, Token)).Answer);
            Assert.Equal(SlotAnswer.Refused, (await other.TryTakeAsync(user, 2, Token)).Answer);

            await Task.Delay(lease * 2.5, Token);

            Assert.Equal(SlotAnswer.Taken, (await other.TryTakeAsync(user, 2, Token)).Answer); // the crashed instance's lapsed
            Assert.Equal(SlotAnswer.Refused, (await other.TryTakeAsync(user, 2, Token)).Answer); // the renewed one did not
        }
        finally
        {
            await renewing.StopAsync(Token);
        }
    }

    [Fact]
    public async Task During_an_outage_connections_count_on_their_instance_and_a_Redis_restart_loses_no_held_slot()
    {
        Require();
        var logger = new RecordingLogger<RedisLiveSlots>();
        var a = new RedisLiveSlots(redis.Connect(), logger);
        var connections = new LiveConnections(a);
        var b = Slots();
        var user = "u-" + Guid.NewGuid().ToString("N");
        Assert.Equal(SlotAnswer.Taken, (await b.TryTakeAsync("warm-" + user, 1, Token)).Answer);

        IDisposable? held;
        await redis.Process.StopAsync();
        try
        {
            held = await connections.TryEnterAsync(user, 1, Token);
            var beyond = await connections.TryEnterAsync(user, 1, Token);

            Assert.NotNull(held);
            Assert.Null(beyond); // this instance's own limit of 1
            Assert.Equal(1, connections.CountFor(user));
            Assert.Equal(1, logger.Count(LogLevel.Warning));
        }
        finally
        {
            await redis.Process.StartAsync(TimeSpan.FromSeconds(10));
        }

        // Redis came back empty; the first renewal puts back the connection taken while it was away.
        Assert.True(await Eventually(() => a.RenewAsync(Token), renewed => renewed));
        Assert.Equal(SlotAnswer.Refused, (await Eventually(() => b.TryTakeAsync(user, 1, Token), s => s.Answer != SlotAnswer.Unavailable)).Answer);

        held!.Dispose();
        Assert.Equal(0, connections.CountFor(user));
        Assert.Equal(SlotAnswer.Taken, (await Eventually(() => b.TryTakeAsync(user, 1, Token), s => s.Answer == SlotAnswer.Taken)).Answer);
    }

    private RedisRateWindows Windows() => new(Require().Connect(), new RecordingLogger<RedisRateWindows>());

    private RedisLiveSlots Slots(TimeSpan? lease = null) => new(Require().Connect(), new RecordingLogger<RedisLiveSlots>(), lease);

    private RedisServer Require()
    {
        if (redis.SkipReason is { } reason)
            Assert.Skip(reason);
        return redis;
    }

    /// <summary>Asks again (bounded) until the answer is the one wanted, and returns the last answer.</summary>
    private static async Task<T> Eventually<T>(Func<ValueTask<T>> ask, Func<T, bool> wanted)
    {
        var deadline = DateTime.UtcNow + Bound;
        var answer = await ask();
        while (!wanted(answer) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Token);
            answer = await ask();
        }

        return answer;
    }

    private static Task<T> Eventually<T>(Func<Task<T>> ask, Func<T, bool> wanted) => Eventually(() => new ValueTask<T>(ask()), wanted);
}
