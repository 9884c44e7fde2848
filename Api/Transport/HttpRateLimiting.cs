using System.Globalization;
using System.Threading.RateLimiting;
using KanbanCustomer.Api.Execution;
using Microsoft.AspNetCore.RateLimiting;

namespace KanbanCustomer.Api.Transport;

/// <summary>
/// ASP.NET Core's rate limiter on the GraphQL endpoints: a fixed window per signed-in user (the token's <c>sub</c>),
/// or per client address without a valid token. Authentication must run first, or everyone is "anonymous".
/// The windows live in one <see cref="GraphQLRateLimiter"/>, which the WebSocket transport draws on too, so an
/// operation sent over a socket counts as a request does.
/// </summary>
public static class HttpRateLimiting
{
    public const string PolicyName = "graphql";
    public static IServiceCollection AddKanbanRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PolicyName, http => RateLimitPartition.Get(GraphQLRateLimiter.PartitionKey(http.User, http.Connection.RemoteIpAddress),
                key => new SharedWindow(http.RequestServices.GetRequiredService<GraphQLRateLimiter>(), key)));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.HttpContext.RequestServices.GetRequiredService<GraphQLRateLimiter>().RetryAfterSeconds(context.Lease);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await GraphQLHttpEndpoint.WriteErrorAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    GraphQLHttpEndpoint.Negotiate(context.HttpContext.Request.Headers.Accept) is { } type && type != GraphQLHttpEndpoint.EventStream ? type : GraphQLHttpEndpoint.Json,
                    GraphQLRateLimiter.RateLimited, $"Too many requests; try again in {seconds} s.");
            };
        });
        return services;
    }

    /// <summary>The middleware's view of one partition of the shared limiter (it keeps no state of its own).</summary>
    private sealed class SharedWindow(GraphQLRateLimiter shared, string key) : RateLimiter
    {
        // Always "idle": the middleware may drop this view at any time; the window itself lives on in the shared limiter.
        public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

        public override RateLimiterStatistics? GetStatistics() => shared.IsShared ? null : shared.Limiter.GetStatistics(key);

        // A window in Redis is not asked synchronously: "not yet" makes the middleware await AcquireAsync, which asks.
        protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
            shared.IsShared ? GraphQLRateLimiter.WindowLease.Pending : shared.Limiter.AttemptAcquire(key, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            shared.IsShared ? shared.AcquireAsync(key, permitCount, cancellationToken) : shared.Limiter.AcquireAsync(key, permitCount, cancellationToken);
    }
}
