using System.Text.Json;

namespace KanbanCustomer.Infrastructure.Jobs;

/// <summary>
/// How long cards stayed in columns, replayed from a board's <c>CardCreated</c> and <c>CardMoved</c> events in
/// order: a card enters a column when it is created there or moved in, and leaves when it is moved out.
/// Only completed stays count; a stay whose start lies before the events read is skipped.
/// </summary>
public sealed class ColumnStays(IReadOnlySet<Guid> columns)
{
    private readonly Dictionary<Guid, (Guid ColumnId, DateTimeOffset Since)> _current = [];
    private readonly Dictionary<Guid, List<TimeSpan>> _stays = [];

    public int Count(Guid columnId) => _stays.TryGetValue(columnId, out var stays) ? stays.Count : 0;

    /// <summary>Feeds one stored event; other types are ignored.</summary>
    public void Add(string type, Guid? cardId, string payload, DateTimeOffset occurredAt)
    {
        if (cardId is not { } card || type is not ("CardCreated" or "CardMoved"))
            return;
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        if (type == "CardCreated")
        {
            if (Id(root, "columnId") is { } column)
                Entered(card, column, occurredAt);
            return;
        }

        if (Id(root, "fromColumnId") is not { } from || Id(root, "toColumnId") is not { } to || from == to)
            return;
        if (_current.TryGetValue(card, out var stay) && stay.ColumnId == from && columns.Contains(from))
        {
            if (!_stays.TryGetValue(from, out var list))
                _stays[from] = list = [];
            list.Add(occurredAt - stay.Since);
        }

        Entered(card, to, occurredAt);
    }

    /// <summary>The <paramref name="percentile"/> (nearest rank) of the column's stays, or null with fewer than <paramref name="minSample"/>.</summary>
    public TimeSpan? Percentile(Guid columnId, double percentile, int minSample)
    {
        if (!_stays.TryGetValue(columnId, out var stays) || stays.Count < minSample || stays.Count == 0)
            return null;
        stays.Sort();
        var rank = (int)Math.Ceiling(percentile * stays.Count);
        return stays[Math.Clamp(rank, 1, stays.Count) - 1];
    }

    private void Entered(Guid card, Guid column, DateTimeOffset at) => _current[card] = (column, at);

    private static Guid? Id(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id) ? id : null;
}
