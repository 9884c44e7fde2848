using KanbanCustomer.Infrastructure.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>The jobs themselves (scoped, one context each); Hangfire's storage and server are the host's business.</summary>
    public static IServiceCollection AddKanbanJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StaleScanOptions>()
            .Bind(configuration.GetSection("Hangfire"))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddScoped<StaleScanJob>();
        // The webhook delivery registers the real dispatcher; this one only says that nobody delivers.
        services.TryAddSingleton<IWebhookDispatcher, LoggingWebhookDispatcher>();
        return services;
    }
}

/// <summary>Stands in until a real delivery is registered: the delivery stays pending in its table.</summary>
public sealed class LoggingWebhookDispatcher(ILogger<LoggingWebhookDispatcher> logger) : IWebhookDispatcher
{
    public void Dispatch(Guid deliveryId) =>
        logger.LogWarning("No webhook delivery is registered; delivery {DeliveryId} stays pending.", deliveryId);
}
