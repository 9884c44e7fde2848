using KanbanCustomer.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// The jobs themselves (scoped, one context each); Hangfire's storage and server are the host's business, and the
    /// stale scan's <see cref="Webhooks.IWebhookDispatcher"/> is the webhooks module's.
    /// </summary>
    public static IServiceCollection AddKanbanJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = StaleScanOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton(Options.Create(options));
        services.AddKanbanMetrics();
        services.AddScoped<StaleScanJob>();
        return services;
    }
}
