using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Telemetry;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KanbanCustomer.Infrastructure.Webhooks;

public static class WebhookSetup
{
    /// <summary>
    /// Webhook delivery: options (<c>Webhooks:*</c>), the delivery client, the job, the one
    /// <see cref="IWebhookDispatcher"/> (through Hangfire) and the sweep. Needs Hangfire's <see cref="IBackgroundJobClient"/>.
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
        services.AddKanbanMetrics();
        services.AddScoped<WebhookDeliveryJob>();
        services.AddSingleton<IWebhookDispatcher, HangfireWebhookDispatcher>();
        services.AddSingleton<ICommittedDeliveries, CommittedDeliveries>();
        services.AddSingleton<WebhookSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSweep>());
        return services;
    }
}
