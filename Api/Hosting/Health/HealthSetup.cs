using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace KanbanCustomer.Api.Hosting.Health;

/// <summary>
/// <c>/health/live</c> (the process answers; nothing else is asked) and <c>/health/ready</c> (database reachable and
/// migrated, Redis where configured, Hangfire's storage and a live job server), without authentication. 200 for
/// Healthy and Degraded, 503 for Unhealthy (docs/observability.md).
/// </summary>
public static class HealthSetup
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string LiveTag = "live";

    public static IServiceCollection AddKanbanHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = HealthSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<ReadyProbe>();
        var timeout = settings.CheckTimeout;
        var checks = services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("The process answers."), [LiveTag])
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyProbe.Tag, "database"], timeout)
            .Add(new HealthCheckRegistration("hangfire-storage",
                sp => new HangfireHealthCheck(sp.GetRequiredService<JobStorage>(), sp.GetRequiredService<HangfireSettings>(), server: false),
                HealthStatus.Unhealthy, [ReadyProbe.Tag, "jobs"], timeout))
            .Add(new HealthCheckRegistration("hangfire-server",
                sp => new HangfireHealthCheck(sp.GetRequiredService<JobStorage>(), sp.GetRequiredService<HangfireSettings>(), server: true),
                HealthStatus.Unhealthy, [ReadyProbe.Tag, "jobs"], timeout));
        // Events keep flowing through the database relay while Redis is away, so Redis down is Degraded, not unready.
        if (!string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]))
        {
            checks.Add(new HealthCheckRegistration("redis", sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>()),
                HealthStatus.Degraded, [ReadyProbe.Tag, "events"], timeout));
        }

        return services;
    }

    public static void MapKanbanHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LivePath, async (HttpContext http, HealthCheckService health) =>
            await HealthResponse.WriteAsync(http, await health.CheckHealthAsync(r => r.Tags.Contains(LiveTag), http.RequestAborted)));
        endpoints.MapGet(ReadyPath, async (HttpContext http, ReadyProbe probe) =>
            await HealthResponse.WriteAsync(http, await probe.CheckAsync().WaitAsync(http.RequestAborted)));
    }
}
