using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace KanbanCustomer.Infrastructure.Webhooks;

public static class WebhookSetup
{
    /// <summary>
    /// Webhook delivery: options (<c>Webhooks:*</c>), the delivery client, the job, the Hangfire dispatcher
    /// (replacing any fallback registered with TryAdd) and the sweep. Needs Hangfire's <see cref="IBackgroundJobClient"/>.
    /// </summary>
    public static IServiceCollection AddKanbanWebhooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = WebhookOptions.From(configuration, environment);
        services.AddSingleton(options);
        services.AddHttpClient(WebhookDeliveryJob.HttpClientName, client =>
            {
                client.Timeout = options.Timeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("KanbanCustomer-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false, // a proxy would connect on our behalf, past the address check
                ConnectCallback = WebhookTargets.Connector(options.AllowPrivateNetworks),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .RemoveAllLoggers(); // their log lines carry the URL, which may hold a token
        services.AddScoped<WebhookDeliveryJob>();
        services.RemoveAll<IWebhookDispatcher>();
        services.AddSingleton<IWebhookDispatcher, HangfireWebhookDispatcher>();
        services.AddSingleton<WebhookSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSweep>());
        return services;
    }

    /// <summary>
    /// Hangfire where nothing registered it (the stale scan's setup registers storage per <c>Database:Provider</c>):
    /// in-memory storage and a server in this process, wired per container without Hangfire's static configuration.
    /// Call it after every other registration.
    /// </summary>
    public static IServiceCollection AddHangfireWhereMissing(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(JobStorage) || d.ServiceType == typeof(IGlobalConfiguration)))
            return services;
        services.AddSingleton<JobStorage>(_ => new InMemoryStorage());
        services.TryAddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.TryAddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        services.AddHangfireServer(sp =>
        {
            var serverOptions = sp.GetService<BackgroundJobServerOptions>() ?? new BackgroundJobServerOptions();
            serverOptions.Activator ??= sp.GetRequiredService<JobActivator>();
            return new BackgroundJobServer(serverOptions, sp.GetRequiredService<JobStorage>());
        });
        return services;
    }
}
