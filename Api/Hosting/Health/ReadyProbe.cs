using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KanbanCustomer.Api.Hosting.Health;

/// <summary>
/// Runs the readiness checks at most once per <see cref="HealthSettings.ReadyCacheFor"/>: probes in between get the last
/// result, and probes that come while the checks run wait for that same run. A flood of probes costs the database one
/// round trip per period, not one per probe.
/// </summary>
public sealed class ReadyProbe(HealthCheckService health, HealthSettings settings)
{
    public const string Tag = "ready";

    private readonly Lock _gate = new();
    private Task<HealthReport>? _run;
    private long _finishedAt;

    public Task<HealthReport> CheckAsync()
    {
        lock (_gate)
        {
            if (_run is { } run && (!run.IsCompleted || Stopwatch.GetElapsedTime(Volatile.Read(ref _finishedAt)) < settings.ReadyCacheFor))
                return run;
            return _run = RunAsync();
        }
    }

    private async Task<HealthReport> RunAsync()
    {
        await Task.Yield(); // the caller's lock is released before the checks start
        try
        {
            return await health.CheckHealthAsync(r => r.Tags.Contains(Tag), CancellationToken.None);
        }
        finally
        {
            Volatile.Write(ref _finishedAt, Stopwatch.GetTimestamp());
        }
    }
}
