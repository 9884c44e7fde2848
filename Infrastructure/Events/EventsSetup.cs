using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KanbanCustomer.Infrastructure.Events;

public static class EventsSetup
{
    /// <summary>
    /// The event bus (Redis when <c>Redis:Configuration</c> is set, else in-process), the publisher of committed events
    /// (Persistence's <see cref="ICommittedEvents"/>), the feed and the relay (<c>Events:*</c>).
    /// </summary>
    public static IServiceCollection AddKanbanEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var eventOptions = EventOptions.From(configuration);
        services.AddSingleton(eventOptions);
        services.AddSingleton(Options.Create(eventOptions));
        var redis = configuration["Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IBoardEventBus, InProcessBoardEventBus>();
        }
        else
        {
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var options = ConfigurationOptions.Parse(redis);
                // Start and keep going while Redis is away: the log and the relay cover what it misses.
                options.AbortOnConnectFail = false;
                // Back within seconds of Redis, not after an exponential wait: live subscribers catch up sooner.
                options.ReconnectRetryPolicy = new LinearRetry(2000);
                return ConnectionMultiplexer.Connect(options);
            });
            services.AddSingleton<IBoardEventBus>(sp => new RedisBoardEventBus(
                sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<ILogger<RedisBoardEventBus>>()));
        }

        services.AddSingleton<BoardEventPublisher>();
        services.AddSingleton<ICommittedEvents>(sp => sp.GetRequiredService<BoardEventPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<BoardEventPublisher>());
        services.AddSingleton<BoardEventFeed>();
        services.AddKanbanMetrics();
        services.AddSingleton<BoardEventRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<BoardEventRelay>());
        return services;
    }
}
