using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// The jobs themselves (scoped, one context each); Hangfire's storage and server are the host's business, and the
    /// stale scan's <see cref="Webhooks.IWebhookDispatcher"/> is the webhooks module's.
    /// </summary>
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
        return services;
    }
}
