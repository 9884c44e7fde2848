using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Tests.Support;

/// <summary>
/// The server on real Kestrel (loopback, a free port) in Production, with its log kept: for what only real HTTP shows
/// (malformed chunks, clients leaving mid-body) and for fuzzing. The rate limit is off so a fuzz run is not all 429s.
/// </summary>
public sealed class KestrelApp : KanbanApp
{
    public KestrelApp() : base(new SqliteTestDatabase()) => UseKestrel(0);

    public LogCapture Log { get; } = new();

    protected override string Environment => "Production";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:RateLimit:Enabled"] = "false" };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);

    /// <summary>Where the server listens (started on first use).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>Sends raw bytes on a new connection and returns what the server answered before closing (or the deadline).</summary>
    public async Task<string> SendRawAsync(byte[] request, TimeSpan deadline, bool closeAfterSending = false)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(deadline);
        await client.ConnectAsync("127.0.0.1", Address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        if (closeAfterSending)
            return "";
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                // One response is enough: stop once its headers and declared body are in.
                if (CompleteResponse(received.ToArray()))
                    break;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static bool CompleteResponse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
            return false;
        var length = text[..end].Split("\r\n").Select(l => l.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
        return length is not null && int.TryParse(length[1].Trim(), out var n) && bytes.Length - Encoding.UTF8.GetByteCount(text[..(end + 4)]) >= n;
    }
}

/// <summary>Every log entry the server wrote at Warning or above (what the configured filters let through).</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries => [.. _entries];

    /// <summary>Error and Critical entries, one line each, for assertion messages.</summary>
    public IReadOnlyList<string> Errors =>
        Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}").ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                capture._entries.Enqueue((logLevel, category, formatter(state, exception), exception));
        }
    }
}
