using KanbanCustomer.Infrastructure.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace KanbanCustomer.Infrastructure.Limits;

public static class LimitsSetup
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set, the rate-limit windows and the live-connection slots are kept in Redis and
    /// count across instances (the API's limiters ask these, and fall back to their own counts while Redis is away).
    /// Without it nothing is registered and every instance counts alone.
    /// </summary>
    public static IServiceCollection AddKanbanSharedLimits(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.AddKanbanRedis(configuration))
            return services;
        services.AddSingleton<RedisRateWindows>();
        services.AddSingleton(sp => new RedisLiveSlots(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<ILogger<RedisLiveSlots>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisLiveSlots>());
        return services;
    }
}
