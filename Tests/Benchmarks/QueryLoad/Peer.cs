using System.Diagnostics;
using System.Text;
using Npgsql;

namespace KanbanCustomer.Benchmarks.QueryLoad;

/// <summary>
/// Another GraphQL server over the same seeded PostgreSQL database (PostGraphile, for issue 10's comparison), started by
/// a shell command of the caller's (<c>--peer-command</c>) with <c>DATABASE_URL</c> and <c>PORT</c> in its environment,
/// answering on 127.0.0.1 at <c>--peer-url</c>. Its process tree ends with the run.
/// </summary>
internal sealed class Peer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Peer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<Peer> StartAsync(string command, Uri url, string connection)
    {
        var settings = new NpgsqlConnectionStringBuilder(connection);
        var info = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DATABASE_URL"] = $"postgres://{Uri.EscapeDataString(settings.Username ?? "")}:{Uri.EscapeDataString(settings.Password ?? "")}@{settings.Host}:{settings.Port}/{settings.Database}";
        info.Environment["PORT"] = url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start the peer: {command}");
        var peer = new Peer(process, url);
        process.OutputDataReceived += (_, e) => peer.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Bounded: 120 tries, 500 ms apart.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120 && !process.HasExited; attempt++)
        {
            try
            {
                using var content = new StringContent("{\"query\":\"{ __typename }\"}", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(url, content);
                if (response.IsSuccessStatusCode)
                    return peer;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        await peer.DisposeAsync();
        throw new InvalidOperationException($"The peer did not answer at {url}. Its output:\n{peer.Output}");
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
