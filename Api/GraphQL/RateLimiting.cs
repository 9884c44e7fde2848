using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace KanbanCustomer.Api.GraphQL;

/// <summary>
/// ASP.NET Core's rate limiter on the GraphQL endpoints: a fixed window per signed-in user (the token's <c>sub</c>),
/// or per client address without a valid token. Authentication must run first, or everyone is "anonymous".
/// </summary>
public static class RateLimiting
{
    public const string PolicyName = "graphql";
    public const string RateLimited = "RATE_LIMITED";

    public static IServiceCollection AddKanbanRateLimiting(this IServiceCollection services, GraphQLRateLimit settings)
    {
        var window = TimeSpan.FromSeconds(settings.WindowSeconds);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PolicyName, http => RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = window,
                QueueLimit = 0,
            }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await GraphQLHttpEndpoint.WriteErrorAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    GraphQLHttpEndpoint.Negotiate(context.HttpContext.Request.Headers.Accept) ?? GraphQLHttpEndpoint.Json,
                    RateLimited, $"Too many requests; try again in {seconds} s.");
            };
        });
        return services;
    }

    private static string PartitionKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? "user:" + sub
            : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
