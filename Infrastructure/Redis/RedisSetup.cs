using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace KanbanCustomer.Infrastructure.Redis;

/// <summary>
/// The one Redis connection of a process (<c>Redis:Configuration</c>): the event bus and the shared limits use the same
/// multiplexer, which StackExchange.Redis means to be made once and shared.
/// </summary>
public static class RedisSetup
{
    public const string ConfigurationKey = "Redis:Configuration";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[ConfigurationKey]);

    /// <summary>Registers the multiplexer once (whichever module asks first); false when Redis is not configured.</summary>
    public static bool AddKanbanRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsConfigured(configuration))
            return false;
        var redis = configuration[ConfigurationKey]!;
        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redis);
            // Start and keep going while Redis is away: the log and the relay cover what events miss, the limits fall back.
            options.AbortOnConnectFail = false;
            // Back within seconds of Redis, not after an exponential wait: live subscribers catch up sooner.
            options.ReconnectRetryPolicy = new LinearRetry(2000);
            return ConnectionMultiplexer.Connect(options);
        });
        return true;
    }
}
