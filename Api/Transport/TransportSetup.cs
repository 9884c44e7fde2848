using KanbanCustomer.Api.Common;
using Microsoft.Extensions.Options;

using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport;

public static class TransportSetup
{
    /// <summary>
    /// HTTP, Server-Sent Events and WebSocket: the HTTP rate-limit policy (drawing on the shared windows), and what the
    /// live transports share (connection counts per user, allowed origins).
    /// </summary>
    public static IServiceCollection AddKanbanTransports(this IServiceCollection services, GraphQLLimits limits)
    {
        services.AddKanbanRateLimiting();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton(sp => new OriginPolicy(limits.WebSocket.AllowedOrigins));
        return services;
    }
}

/// <summary>An observer made of three callbacks.</summary>
internal sealed class LiveObserver<T>(Action<T> onNext, Action<Exception> onError, Action onCompleted) : IObserver<T>
{
    public void OnNext(T value) => onNext(value);

    public void OnError(Exception error) => onError(error);

    public void OnCompleted() => onCompleted();
}
