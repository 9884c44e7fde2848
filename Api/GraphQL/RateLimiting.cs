using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace KanbanCustomer.Api.GraphQL;

/// <summary>
/// ASP.NET Core's rate limiter on the GraphQL endpoints: a fixed window per signed-in user (the token's <c>sub</c>),
/// or per client address without a valid token. Authentication must run first, or everyone is "anonymous".
/// The windows live in one <see cref="GraphQLRateLimiter"/>, which the WebSocket transport draws on too, so an
/// operation sent over a socket counts as a request does.
/// </summary>
public static class RateLimiting
{
    public const string PolicyName = "graphql";
    public const string RateLimited = "RATE_LIMITED";

    public static IServiceCollection AddKanbanRateLimiting(this IServiceCollection services, GraphQLRateLimit settings)
    {
        var shared = new GraphQLRateLimiter(settings);
        services.AddSingleton(shared);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PolicyName, http => RateLimitPartition.Get(GraphQLRateLimiter.PartitionKey(http.User, http.Connection.RemoteIpAddress),
                key => new SharedWindow(shared, key)));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = shared.RetryAfterSeconds(context.Lease);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await GraphQLHttpEndpoint.WriteErrorAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    GraphQLHttpEndpoint.Negotiate(context.HttpContext.Request.Headers.Accept) is { } type && type != GraphQLHttpEndpoint.EventStream ? type : GraphQLHttpEndpoint.Json,
                    RateLimited, $"Too many requests; try again in {seconds} s.");
            };
        });
        return services;
    }

    /// <summary>The middleware's view of one partition of the shared limiter (it keeps no state of its own).</summary>
    private sealed class SharedWindow(GraphQLRateLimiter shared, string key) : RateLimiter
    {
        // Always "idle": the middleware may drop this view at any time; the window itself lives on in the shared limiter.
        public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

        public override RateLimiterStatistics? GetStatistics() => shared.Limiter.GetStatistics(key);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => shared.Limiter.AttemptAcquire(key, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            shared.Limiter.AcquireAsync(key, permitCount, cancellationToken);
    }
}

/// <summary>The fixed windows of <c>GraphQL:RateLimit</c>, one per user (or client address).</summary>
public sealed class GraphQLRateLimiter : IDisposable
{
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
