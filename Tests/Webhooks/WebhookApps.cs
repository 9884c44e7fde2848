using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>Stands in for Hangfire's client: records what would be queued, runs nothing.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    private readonly ConcurrentQueue<Job> _jobs = new();

    public IReadOnlyList<Job> Jobs => _jobs.ToList();

    /// <summary>The delivery ids handed to <see cref="WebhookDeliveryJob"/>, in order, repeats included.</summary>
    public IReadOnlyList<Guid> DeliveryIds =>
        _jobs.Where(j => j.Type == typeof(WebhookDeliveryJob) && j.Method.Name == nameof(WebhookDeliveryJob.DeliverAsync)).Select(j => (Guid)j.Args[0]).ToList();

    public string Create(Job job, IState state)
    {
        _jobs.Enqueue(job);
        return Guid.NewGuid().ToString();
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}

/// <summary>
/// The server with webhooks to 127.0.0.1 allowed, short retry settings, and a recording job client, so a test
/// runs each delivery itself (<c>WebhookDeliveryJob.DeliverAsync</c>) and moves the fake clock between attempts.
/// </summary>
public abstract class WebhookApp(TestDatabase database) : KanbanApp(database)
{
    public const int MaxAttempts = 4;

    public RecordingJobClient Jobs { get; } = new();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:RetryDelays"] = "00:00:10,00:01:00,00:05:00",
        ["Webhooks:Timeout"] = "00:00:02",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IBackgroundJobClient>();
            services.AddSingleton<IBackgroundJobClient>(Jobs);
        });
    }
}

public sealed class SqliteWebhookApp() : WebhookApp(new SqliteTestDatabase());

public sealed class PostgresWebhookApp() : WebhookApp(new PostgresTestDatabase());

/// <summary>The server as configured outside Development: the SSRF guard is on.</summary>
public sealed class GuardedWebhookApp() : KanbanApp(new SqliteTestDatabase())
{
    public RecordingJobClient Jobs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IBackgroundJobClient>();
            services.AddSingleton<IBackgroundJobClient>(Jobs);
        });
    }
}

/// <summary>
/// The server with a real Hangfire server (in memory, polling schedules every second) and retries a second apart:
/// deliveries go through Hangfire's queue and its retry, in real time.
/// </summary>
public sealed class HangfireWebhookApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:RetryDelays"] = "00:00:01",
        ["Webhooks:Timeout"] = "00:00:05",
        ["Hangfire:Enabled"] = "true",
        ["Hangfire:SchedulePollingInterval"] = "00:00:01",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton(new BackgroundJobServerOptions { SchedulePollingInterval = TimeSpan.FromSeconds(1), WorkerCount = 2 });
        });
    }
}

/// <summary>
/// A second server process on the database of another fixture (a restart): its own Hangfire (in memory, so empty),
/// its own notification worker, its own fake clock, set by the test before the server starts.
/// </summary>
public sealed class RestartedApp(string provider, string connectionString) : KanbanApp(new ExistingDatabase(provider, connectionString))
{
    // A restarted server runs Hangfire and the notification fan-out as a real one does: the sweep hands it the
    // deliveries left pending, the fan-out tells the events nobody told yet.
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Hangfire:Enabled"] = "true",
        ["Hangfire:SchedulePollingInterval"] = "00:00:01",
        ["Notifications:Worker"] = "true",
        ["Notifications:Interval"] = "00:00:00.200",
    };

    /// <summary>Someone else's database: neither created nor dropped here.</summary>
    private sealed class ExistingDatabase : TestDatabase
    {
        public ExistingDatabase(string provider, string connectionString)
        {
            Provider = provider;
            ConnectionString = connectionString;
        }

        public override string Provider { get; }

        public override Task CreateAsync() => Task.CompletedTask;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
