using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Infrastructure.Notifications;

/// <summary><c>Notifications:*</c>: how often the fan-out looks for untold events, and how long notifications are kept.</summary>
public sealed class NotificationOptions
{
    /// <summary>Whether this instance runs the fan-out (tests run it themselves).</summary>
    public bool Worker { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a live <c>viewerNotifications</c> stream looks for new ones.</summary>
    public TimeSpan StreamInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Notifications older than this are deleted, read or not.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(90);

    public static NotificationOptions From(IConfiguration configuration)
    {
        var options = new NotificationOptions();
        configuration.GetSection("Notifications").Bind(options);
        if (options.Interval <= TimeSpan.Zero || options.StreamInterval <= TimeSpan.Zero || options.KeepFor <= TimeSpan.Zero)
            throw new InvalidOperationException("Notifications:Interval, Notifications:StreamInterval and Notifications:KeepFor must be positive.");
        return options;
    }
}

/// <summary>
/// Runs the fan-out (<see cref="NotificationFanOut"/>) every <c>Notifications:Interval</c> for the boards that have
/// untold events, on every instance (the cursor keeps them from writing twice), and deletes notifications past
/// <c>Notifications:KeepFor</c> once an hour.
/// </summary>
public sealed class NotificationWorker(IServiceScopeFactory scopes, NotificationOptions options, TimeProvider time, ILogger<NotificationWorker> logger)
    : BackgroundService
{
    private const int MaxRounds = 50;
    private static readonly TimeSpan RoundPause = TimeSpan.FromMilliseconds(20);

    private DateTimeOffset _nextCleanup;

    /// <summary>One pass over the boards behind; returns how many notifications it wrote.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var written = 0;
        // Passes are short (NotificationFanOut.MaxNotificationsPerPass); boards still behind go round again at once.
        for (var round = 0; round < MaxRounds; round++)
        {
            var behind = await NotificationFanOut.BoardsBehindAsync(db, 100, cancellationToken);
            if (behind.Count == 0)
                break;
            foreach (var boardId in behind)
                written += await NotificationFanOut.RunAsync(db, boardId, time.GetUtcNow(), cancellationToken);
            // A breath between rounds: on SQLite, writers waiting for the one write lock get it before the next round.
            await Task.Delay(RoundPause, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (now >= _nextCleanup)
        {
            var cutoff = now - options.KeepFor;
            await db.Notifications.Where(n => n.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            _nextCleanup = now + TimeSpan.FromHours(1);
        }

        return written;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Worker)
            return;
        using var timer = new PeriodicTimer(options.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed pass (database down) is retried on the next tick; the cursor keeps its place.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Telling board events to their watchers failed; retrying in {Interval}.", options.Interval);
            }
        }
    }
}

public static class NotificationSetup
{
    public static IServiceCollection AddKanbanNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(NotificationOptions.From(configuration));
        services.AddSingleton<NotificationWorker>();
        services.AddSingleton<NotificationFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationWorker>());
        return services;
    }
}
