using System.Text.Json;
using KanbanCustomer.Domain.Boards;
using Microsoft.Extensions.Logging;
using Riok.Mapperly.Abstractions;
using StackExchange.Redis;

namespace KanbanCustomer.Infrastructure.Events;

/// <summary>A board event as it travels between instances.</summary>
public sealed record BoardEventMessage(
    Guid BoardId, long Seq, string Type, Guid? CardId, string Payload, string ActorId, string ActorName, DateTimeOffset OccurredAt);

[Mapper]
public static partial class BoardEventMessageMapper
{
    [MapperIgnoreSource(nameof(BoardEvent.Id))]
    [MapperIgnoreSource(nameof(BoardEvent.PublishedAt))]
    public static partial BoardEventMessage ToMessage(BoardEvent boardEvent);

    public static partial BoardEvent ToEvent(BoardEventMessage message);
}

/// <summary>
/// Fans events out through Redis pub/sub to every instance, each of which dispatches to its own subscribers.
/// Redis keeps nothing: what an outage loses, readers get back from the event log by sequence number.
/// </summary>
public sealed class RedisBoardEventBus : LocalDispatchBus, IAsyncDisposable
{
    public const string Channel = "kanban:board-events";

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisBoardEventBus> _logger;
    private readonly RedisChannel _channel = RedisChannel.Literal(Channel);

    public RedisBoardEventBus(IConnectionMultiplexer redis, ILogger<RedisBoardEventBus> logger)
    {
        _redis = redis;
        _logger = logger;
        _redis.GetSubscriber().Subscribe(_channel, (_, value) => Receive(value));
    }

    public override async Task PublishAsync(IReadOnlyList<BoardEvent> events, CancellationToken cancellationToken)
    {
        var messages = events.Select(BoardEventMessageMapper.ToMessage).ToList();
        await _redis.GetSubscriber().PublishAsync(_channel, JsonSerializer.Serialize(messages));
    }

    public async ValueTask DisposeAsync() => await _redis.GetSubscriber().UnsubscribeAsync(_channel);

    private void Receive(RedisValue value)
    {
        try
        {
            foreach (var message in JsonSerializer.Deserialize<List<BoardEventMessage>>((string)value!) ?? [])
                Dispatch(BoardEventMessageMapper.ToEvent(message));
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Ignored a malformed message on {Channel}.", Channel);
        }
    }
}
