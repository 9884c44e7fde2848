using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Common.Connections;

/// <summary>
/// Opaque cursors: base64url of a JSON array holding the ordering's signature and the row's sort values.
/// A cursor that does not decode, or was made by another ordering, is refused with <c>INVALID_CURSOR</c>.
/// </summary>
public static class Cursor
{
    public const string InvalidCursor = "INVALID_CURSOR";
    private const int MaxLength = 2_000;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Encode<TRow>(Ordering<TRow> ordering, TRow row) => Encode(ordering.Signature, ordering.Values(row));

    /// <summary>The cursor of a row given the ordering's signature and the row's values for its steps, in order.</summary>
    public static string Encode(string signature, IEnumerable<object?> values)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(signature);
            foreach (var value in values)
            {
                switch (value)
                {
                    case int i: writer.WriteNumberValue(i); break;
                    case long l: writer.WriteNumberValue(l); break;
                    // The shortest text that parses back to the same double: a page starts exactly after its row.
                    case double d: writer.WriteNumberValue(d); break;
                    case bool b: writer.WriteBooleanValue(b); break;
                    case string s: writer.WriteStringValue(s); break;
                    case Guid g: writer.WriteStringValue(g.ToString("N", CultureInfo.InvariantCulture)); break;
                    case DateTimeOffset t: writer.WriteNumberValue(t.UtcTicks); break;
                    default: throw new InvalidOperationException($"Cannot put {value?.GetType().Name ?? "null"} in a cursor.");
                }
            }

            writer.WriteEndArray();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    public static object?[] Decode<TRow>(Ordering<TRow> ordering, string cursor, string argument)
    {
        try
        {
            if (cursor.Length > MaxLength)
            {
                throw Invalid(argument);
            }

            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var items = json.RootElement;
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() != ordering.Steps.Count + 1
                || items[0].ValueKind != JsonValueKind.String || items[0].GetString() != ordering.Signature)
            {
                throw Invalid(argument);
            }

            var values = new object?[ordering.Steps.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = Read(items[i + 1], ordering.Steps[i].Key.Type);
            return values;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw Invalid(argument);
        }
    }

    private static object Read(JsonElement value, Type type) =>
        type == typeof(int) ? value.GetInt32()
        : type == typeof(long) ? value.GetInt64()
        : type == typeof(double) ? value.GetDouble()
        : type == typeof(bool) ? value.GetBoolean()
        : type == typeof(string) ? value.GetString() ?? throw new FormatException()
        : type == typeof(Guid) ? Guid.ParseExact(value.GetString() ?? "", "N")
        : type == typeof(DateTimeOffset) ? new DateTimeOffset(value.GetInt64(), TimeSpan.Zero)
        : throw new FormatException();

    private static DomainException Invalid(string argument) =>
        new(InvalidCursor, $"'{argument}' is not a cursor of this list in this order; use a cursor the list returned.", argument);
}
