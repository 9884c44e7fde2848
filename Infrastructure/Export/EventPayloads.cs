using System.Buffers;
using System.Text;
using System.Text.Json;

namespace KanbanCustomer.Infrastructure.Export;

/// <summary>Rewrites the ids inside an imported event's payload to the new board's.</summary>
internal static class EventPayloads
{
    /// <summary>
    /// The payload as compact JSON, each id property (<c>id</c>, <c>…Id</c>, <c>mergedInto</c>) that names a row of the
    /// file given its new id. Ids of what the file no longer holds (a removed column or evidence) stay as they were.
    /// </summary>
    public static string Rewrite(JsonElement payload, IReadOnlyDictionary<Guid, Guid> map)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = BoardFile.Json.Encoder }))
            Write(writer, payload, null, map);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, string? name, IReadOnlyDictionary<Guid, Guid> map)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, property.Name, map);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                    Write(writer, item, name, map);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String when IsIdName(name) && element.TryGetGuid(out var id) && map.TryGetValue(id, out var newId):
                writer.WriteStringValue(newId);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static bool IsIdName(string? name) =>
        name is not null && (name == "id" || name == "mergedInto" || name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Ids", StringComparison.Ordinal));
}
