using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KanbanCustomer.Tests.Support;

/// <summary>A server process the tests start on loopback, with its output kept for failure messages.</summary>
public abstract class ExternalProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; protected init; } = FreePort();

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool IsRunning => _process is { HasExited: false };

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Not running.");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        var info = StartInfo();
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (!await IsReadyAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"{info.FileName} did not become ready on port {Port}:\n{Output}");
            await Task.Delay(100);
        }
    }

    public async Task StopAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed; its output pipes may linger a moment. Nothing more to wait for.
            }
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract ProcessStartInfo StartInfo();

    protected abstract Task<bool> IsReadyAsync();

    protected static async Task<bool> PortAcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}

/// <summary>A redis-server of the test's own on a free loopback port, so a test may stop and restart it.</summary>
public sealed class RedisProcess : ExternalProcess
{
    private static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    public static string? Executable => Candidates.FirstOrDefault(File.Exists);

    /// <summary>Why a test that needs Redis cannot run here; null when it can.</summary>
    public static string? SkipReason => Executable is null ? "redis-server is not installed (apt-get install redis-server, or run .ci/run)." : null;

    public string Configuration => $"127.0.0.1:{Port}";

    protected override ProcessStartInfo StartInfo() =>
        new(Executable ?? "redis-server", ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"]);

    protected override Task<bool> IsReadyAsync() => PortAcceptsAsync(Port);
}

/// <summary>The API as its own process (<c>dotnet KanbanCustomer.Api.dll</c>), configured through environment variables.</summary>
public sealed class ApiProcess(IReadOnlyDictionary<string, string> settings) : ExternalProcess
{
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public static string ApiAssembly
    {
        get
        {
            // The test runs from Tests/bin/<Configuration>/net10.0; the API's own build output sits beside it.
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = dir.Parent!.Name;
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KanbanCustomer.sln")))
                dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Repository root not found."),
                "Api", "bin", configuration, "net10.0", "KanbanCustomer.Api.dll");
        }
    }

    protected override ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo("dotnet", [ApiAssembly, "--urls", BaseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(ApiAssembly)!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return info;
    }

    protected override async Task<bool> IsReadyAsync()
    {
        try
        {
            using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
            return (await http.GetAsync("/")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
