using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Redis;
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
        if (services.AddKanbanRedis(configuration))
        {
            services.AddSingleton<IBoardEventBus>(sp => new RedisBoardEventBus(
                sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<ILogger<RedisBoardEventBus>>()));
        }
        else
        {
            services.AddSingleton<IBoardEventBus, InProcessBoardEventBus>();
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
