using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KanbanCustomer.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Support;

/// <summary>One measurement of one of our instruments, with its tags.</summary>
public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value?.ToString() : null;
}

/// <summary>
/// Listens to our meter (<see cref="KanbanTelemetry.Name"/>) of one test host only: meters come from the host's
/// <see cref="IMeterFactory"/>, so other hosts running at the same time do not mix in.
/// </summary>
public sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    public MeterCapture(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KanbanTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Measured> Of(string instrument) => _measured.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Asks the observable instruments (gauges) for their value now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds for what was measured.</summary>
    public async Task<bool> WaitForAsync(Func<MeterCapture, bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return true;
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
            copy[key] = tagValue;
        _measured.Enqueue(new Measured(instrument.Name, value, copy));
    }
}
