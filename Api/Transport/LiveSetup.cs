using KanbanCustomer.Api.GraphQL;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Api.Transport;

public static class LiveSetup
{
    /// <summary>What the WebSocket and Server-Sent Events transports share: token checks, connection counts, origins.</summary>
    public static IServiceCollection AddKanbanLiveTransports(this IServiceCollection services)
    {
        services.AddSingleton<BearerTokenValidator>();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton(sp => new OriginPolicy(sp.GetRequiredService<IOptions<GraphQLLimits>>().Value.WebSocket.AllowedOrigins));
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
