using Hangfire;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace KanbanCustomer.Api.Hosting.Health;

// Each check answers with a fixed sentence of its own: no exception text, connection string or host name reaches a probe.

/// <summary>The database answers a query, and every migration this build knows is applied.</summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int pending;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        }
#pragma warning disable CA1031 // Any failure to reach the database is the answer "not ready".
        catch (Exception)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The database did not answer.");
        }

        return pending == 0
            ? HealthCheckResult.Healthy("The database answers and every migration is applied.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"The database lacks {pending} migration(s).");
    }
}

/// <summary>Redis (the event bus between instances) answers a PING. Registered only where <c>Redis:Configuration</c> is set.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not connected; events reach other instances through the relay until it is back.");
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("Redis answers.");
        }
#pragma warning disable CA1031 // Any failure to reach Redis is the answer.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis did not answer; events reach other instances through the relay until it is back.");
        }
    }
}

/// <summary>Hangfire's job storage answers, and a job server sent a heartbeat lately.</summary>
public sealed class HangfireHealthCheck(JobStorage storage, HangfireSettings settings, bool server) : IHealthCheck
{
    /// <summary>Hangfire servers beat every 30 s: three missed beats and a server counts as gone.</summary>
    public static readonly TimeSpan HeartbeatWithin = TimeSpan.FromSeconds(90);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int live;
        try
        {
            // Hangfire stamps heartbeats with the machine's UTC clock, whatever TimeProvider the app has.
            var since = DateTime.UtcNow - HeartbeatWithin;
            live = storage.GetMonitoringApi().Servers().Count(s => s.Heartbeat is { } beat && DateTime.SpecifyKind(beat, DateTimeKind.Utc) >= since);
        }
#pragma warning disable CA1031 // Any failure to reach the storage is the answer.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Task.FromResult(new HealthCheckResult(HealthStatus.Unhealthy, "Hangfire's job storage did not answer."));
        }

        if (!server)
            return Task.FromResult(HealthCheckResult.Healthy("Hangfire's job storage answers."));
        if (live > 0)
            return Task.FromResult(HealthCheckResult.Healthy($"{live} job server(s) sent a heartbeat within {HeartbeatWithin.TotalSeconds:0} s."));
        // This instance runs no server (Hangfire:Enabled=false): others should; its API is ready all the same.
        var status = settings.Enabled ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        return Task.FromResult(new HealthCheckResult(status, $"No job server sent a heartbeat within {HeartbeatWithin.TotalSeconds:0} s."));
    }
}
