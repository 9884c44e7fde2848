using System.Threading.RateLimiting;
using KanbanCustomer.Infrastructure.Limits;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// The fixed windows of <c>GraphQL:RateLimit</c>, one per user (or client address). With Redis the windows are shared
/// by every instance (<see cref="RedisRateWindows"/>); without it, or while Redis cannot be reached, each instance counts
/// in its own <see cref="Limiter"/>.
/// </summary>
public sealed class GraphQLRateLimiter : IDisposable
{
    public const string RateLimited = "RATE_LIMITED";

    private readonly TimeSpan _window;
    private readonly RedisRateWindows? _shared;

    public GraphQLRateLimiter(GraphQLRateLimit settings, RedisRateWindows? shared = null)
    {
        Settings = settings;
        _shared = shared;
        _window = TimeSpan.FromSeconds(settings.WindowSeconds);
        Limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            Window = _window,
            QueueLimit = 0,
        }));
    }

    public GraphQLRateLimit Settings { get; }

    /// <summary>This instance's own windows: the only ones without Redis, the fallback with it.</summary>
    public PartitionedRateLimiter<string> Limiter { get; }

    /// <summary>Whether the windows are kept in Redis, so taking one needs a round trip (<see cref="AcquireAsync"/>).</summary>
    public bool IsShared => _shared is not null;

    public static string PartitionKey(System.Security.Claims.ClaimsPrincipal? user, System.Net.IPAddress? address) =>
        user?.Identity?.IsAuthenticated == true && user.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? "user:" + sub
            : "address:" + (address?.ToString() ?? "unknown");

    /// <summary>Takes <paramref name="permits"/> from the partition's window: the shared one where Redis answers, else this instance's.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(string key, int permits, CancellationToken cancellationToken)
    {
        if (_shared is not null && await _shared.HitAsync(key, _window, permits, cancellationToken) is { } hit)
            return hit.Count <= Settings.PermitLimit ? WindowLease.Acquired : WindowLease.Refused(hit.ResetsIn);
        return Limiter.AttemptAcquire(key, permits);
    }

    /// <summary>Seconds until a refused caller may try again.</summary>
    public int RetryAfterSeconds(RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _window;
        return Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
    }

    public void Dispose() => Limiter.Dispose();

    /// <summary>A shared window's answer: acquired, or refused with when the window ends.</summary>
    public sealed class WindowLease : RateLimitLease
    {
        public static readonly WindowLease Acquired = new(true, null);

        /// <summary>Not an answer yet: tells ASP.NET Core's middleware to ask again asynchronously.</summary>
        public static readonly WindowLease Pending = new(false, null);

        private readonly TimeSpan? _retryAfter;

        private WindowLease(bool acquired, TimeSpan? retryAfter)
        {
            IsAcquired = acquired;
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static WindowLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = _retryAfter;
            return _retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
