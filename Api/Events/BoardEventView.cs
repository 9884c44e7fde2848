using System.Text.Json;
using KanbanCustomer.Api.Common.Connections;
using System.Globalization;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Api.Events;

/// <summary>A board event as the API shows it: the stored row plus its parsed payload.</summary>
public sealed class BoardEventView(BoardEvent boardEvent)
{
    private JsonElement? _payload;

    public BoardEvent Event { get; } = boardEvent;

    public string Type => Event.Type;

    /// <summary>The event's global id: its board and sequence number.</summary>
    public string NodeId => Ids.Global("BoardEvent", Event.BoardId, Event.Seq.ToString(CultureInfo.InvariantCulture));

    public JsonElement Payload => _payload ??= JsonDocument.Parse(Event.Payload).RootElement.Clone();

    public JsonElement? Get(string name) =>
        Payload.ValueKind == JsonValueKind.Object && Payload.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? Text(string name) => Get(name)?.ValueKind == JsonValueKind.String ? Get(name)!.Value.GetString() : Get(name)?.ToString();

    /// <summary>A payload field that holds an object's raw key, as that object's global id.</summary>
    public string? Id(string name, string typeName) => GlobalId(typeName, Text(name));

    /// <summary>A raw key from a payload (the log keeps raw keys) as a global id.</summary>
    public static string? GlobalId(string typeName, string? rawKey) => rawKey is null ? null : Ids.Global(typeName, Guid.Parse(rawKey));

    public int? Number(string name) => Get(name) is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null;

    public IReadOnlyList<string> Strings(string name) =>
        Get(name) is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Select(e => e.ToString()).ToList() : [];
}

/// <summary>Event lists page by sequence number: gapless per board, so the order is total and cursors stable.</summary>
public static class EventLists
{
    public static readonly Ordering<BoardEvent> SeqOrder =
        new([new(SortKey<BoardEvent>.Of("seq", e => e.Seq), false)]);
}

public sealed class BoardEventConnectionType()
    : ConnectionType<BoardEventInterface, BoardEventEdgeType, BoardEventView>("BoardEvent", "events");

public sealed class BoardEventEdgeType() : EdgeType<BoardEventInterface, BoardEventView>("BoardEvent");
