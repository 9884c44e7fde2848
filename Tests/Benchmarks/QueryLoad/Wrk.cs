using System.Diagnostics;
using System.Globalization;

namespace KanbanCustomer.Benchmarks.QueryLoad;

/// <summary>What one wrk run reports: completed requests, errors and latency percentiles.</summary>
internal sealed record WrkResult(long Requests, TimeSpan Duration, long Errors, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;
}

/// <summary>
/// The load generator: Debian's <c>wrk</c> (native, so its work allocates nothing in this process), driven by a small
/// Lua script that POSTs one JSON body with the bearer token and prints the counts and p50 / p99 from its <c>done</c> callback.
/// With <paramref name="raised"/> it runs at nice -10: on a machine whose cores the servers and PostgreSQL share with it,
/// a response that waits for wrk to be scheduled counts as server latency; a client on its own machine would not wait.
/// </summary>
internal sealed class Wrk(int threads, int connections, bool raised) : IDisposable
{
    /// <summary>The niceness wrk runs at when raised.</summary>
    public const int RaisedNiceness = -10;

    private const string Marker = "WRK-RESULT";
    private readonly string _directory = Directory.CreateTempSubdirectory("kanban-query-load-").FullName;
    private int _scripts;

    /// <summary>The full path of wrk, or null when it is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists);

    /// <summary>Whether this process may start a program at <see cref="RaisedNiceness"/> (root or CAP_SYS_NICE).</summary>
    public static bool CanRaise()
    {
        try
        {
            var info = new ProcessStartInfo("nice", ["-n", RaisedNiceness.ToString(CultureInfo.InvariantCulture), "nice"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(info);
            if (process is null)
                return false;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // nice without a command prints the niceness it runs at; refused, it warns and runs the command unchanged.
            return process.ExitCode == 0 && int.TryParse(output.Trim(), CultureInfo.InvariantCulture, out var niceness) && niceness < 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>A script that sends <paramref name="body"/> as a POST with these headers; returns its path.</summary>
    public string Script(byte[] body, string? bearerToken)
    {
        var n = Interlocked.Increment(ref _scripts);
        var bodyPath = Path.Combine(_directory, $"body-{n}.json");
        File.WriteAllBytes(bodyPath, body);
        var auth = bearerToken is null ? "" : $"wrk.headers[\"Authorization\"] = \"Bearer {bearerToken}\"\n";
        var script = $$"""
            local file = assert(io.open("{{bodyPath}}", "rb"))
            wrk.method = "POST"
            wrk.body = file:read("*a")
            file:close()
            wrk.headers["Content-Type"] = "application/json"
            {{auth}}
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("{{Marker}} %d %d %d %.0f %.0f\n", summary.requests, summary.duration,
                e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(99)))
            end
            """;
        var scriptPath = Path.Combine(_directory, $"script-{n}.lua");
        File.WriteAllText(scriptPath, script);
        return scriptPath;
    }

    public async Task<WrkResult> RunAsync(string wrk, Uri url, string script, TimeSpan duration, int? connectionCount = null)
    {
        string[] arguments =
        [
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", (connectionCount ?? connections).ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s",
            "--timeout", "10s",
            "-s", script,
            url.ToString(),
        ];
        var info = new ProcessStartInfo(raised ? "nice" : wrk,
            raised ? ["-n", RaisedNiceness.ToString(CultureInfo.InvariantCulture), wrk, .. arguments] : arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk exited with {process.ExitCode} and no result:\n{text}\n{await errors}");
        var f = line[Marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new WrkResult((long)f[0], TimeSpan.FromMicroseconds(f[1]), (long)f[2], f[3] / 1000, f[4] / 1000);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
