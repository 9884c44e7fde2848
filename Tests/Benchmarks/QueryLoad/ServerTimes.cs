using System.Diagnostics.Metrics;

namespace KanbanCustomer.Benchmarks.QueryLoad;

/// <summary>
/// The request durations ASP.NET Core measures inside the server (<c>http.server.request.duration</c>: from the request
/// read to the response written), recorded while a run is on. Beside wrk's latencies they tell a queue inside the API
/// from time spent before the server sees a request or after it answered (the machine's scheduler, the network stack).
/// </summary>
internal sealed class ServerTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _milliseconds = [];
    private volatile bool _recording;

    public ServerTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            if (!_recording)
                return;
            lock (_milliseconds)
                _milliseconds.Add(seconds * 1000);
        });
        _listener.Start();
    }

    public void Start()
    {
        lock (_milliseconds)
            _milliseconds.Clear();
        _recording = true;
    }

    /// <summary>Stops recording; the p50 and p99 of what was recorded (zeros when nothing was).</summary>
    public (double P50Ms, double P99Ms) Stop()
    {
        _recording = false;
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
                return (0, 0);
            _milliseconds.Sort();
            return (At(0.50), At(0.99));
        }

        double At(double quantile) => _milliseconds[Math.Min(_milliseconds.Count - 1, (int)(quantile * _milliseconds.Count))];
    }

    public void Dispose() => _listener.Dispose();
}
