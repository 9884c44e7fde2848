using System.Threading.RateLimiting;

namespace KanbanCustomer.Api.Execution;

/// <summary>The fixed windows of <c>GraphQL:RateLimit</c>, one per user (or client address).</summary>
public sealed class GraphQLRateLimiter : IDisposable
{
    public const string RateLimited = "RATE_LIMITED";

    private readonly TimeSpan _window;

    public GraphQLRateLimiter(GraphQLRateLimit settings)
    {
        Settings = settings;
        _window = TimeSpan.FromSeconds(settings.WindowSeconds);
        Limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            Window = _window,
            QueueLimit = 0,
        }));
    }

    public GraphQLRateLimit Settings { get; }

    public PartitionedRateLimiter<string> Limiter { get; }

    public static string PartitionKey(System.Security.Claims.ClaimsPrincipal? user, System.Net.IPAddress? address) =>
        user?.Identity?.IsAuthenticated == true && user.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? "user:" + sub
            : "address:" + (address?.ToString() ?? "unknown");

    /// <summary>Seconds until a refused caller may try again.</summary>
    public int RetryAfterSeconds(RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _window;
        return Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
    }

    public void Dispose() => Limiter.Dispose();
}
