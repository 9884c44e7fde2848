using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Tests.Support;

/// <summary>
/// The server on real Kestrel (loopback, a free port) in Production, with its log kept: for what only real HTTP shows
/// (malformed chunks, clients leaving mid-body; sent with <see cref="HostileRequests.SendAsync"/>), for fuzzing, and for a real browser. The rate limit is off so a fuzz run is not all 429s.
/// </summary>
public class KestrelApp : KanbanApp
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
