using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Common;

/// <summary>
/// A field of an update input: absent (keep the current value) or given, possibly as null (clear it).
/// GraphQL.NET sets an input record's property only for a field the client gave, so where null and absent differ
/// the record has a write-only property of the field's name whose setter fills the patch with <see cref="Patch.Given{T}"/>.
/// </summary>
public readonly record struct Patch<T>(bool IsSet, T Value)
{
    public T Or(T current) => IsSet ? Value : current;
}

public static class Patch
{
    /// <summary>A field the client gave.</summary>
    public static Patch<T> Given<T>(T value) => new(true, value);
}

/// <summary>
/// Reads an id field of an input object by name, for the access rules that locate a mutation's board before its
/// resolver runs (resolvers read their input as a record, see <see cref="ContextExtensions.Input{T}"/>).
/// </summary>
public readonly struct InputReader(IDictionary<string, object?> values)
{
    public string Id(string name) =>
        values.TryGetValue(name, out var value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture)! : "";
}

/// <summary>
/// Global object ids: base64url (no padding) of <c>"{TypeName}:{key}"</c>, opaque to clients and distinct across types.
/// The only place ids are encoded or decoded; an id input that is not one of ours, of the expected type, is NOT_FOUND.
/// </summary>
public static class Ids
{
    /// <summary>Longest id input decoded at all; anything longer cannot be ours.</summary>
    public const int MaxLength = 512;

    public static string Global(string typeName, string key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{typeName}:{key}"));

    public static string Global(string typeName, Guid key) => Global(typeName, key.ToString("N"));

    public static string? Global(string typeName, Guid? key) => key is { } id ? Global(typeName, id) : null;

    /// <summary>What precedes the key in a global id, as UTF-8: the type name and a colon (for <see cref="WriteGlobal"/>).</summary>
    public static byte[] GlobalPrefix(string typeName) => Encoding.UTF8.GetBytes(typeName + ":");

    /// <summary>
    /// <see cref="Global(string, Guid)"/> as UTF-8 into <paramref name="destination"/>, without allocating; returns the
    /// length. <paramref name="destination"/> holds at least <c>4 * (prefix + 32) / 3 + 4</c> bytes.
    /// </summary>
    public static int WriteGlobal(ReadOnlySpan<byte> prefix, Guid key, Span<byte> destination)
    {
        Span<byte> raw = stackalloc byte[prefix.Length + 32];
        prefix.CopyTo(raw);
        key.TryFormat(raw[prefix.Length..], out _, "N");
        Base64Url.EncodeToUtf8(raw, destination, out _, out var written);
        return written;
    }

    /// <summary>The id of a key that is itself two parts, such as a board member's <c>{board}:{user}</c>.</summary>
    public static string Global(string typeName, Guid first, string second) => Global(typeName, $"{first:N}:{second}");

    /// <summary>An id from the client; one that cannot be ours is simply not found.</summary>
    public static Guid Parse(string raw, string what) => TryParse(raw, what, out var id) ? id : throw NotFound(what, raw);

    public static Guid? ParseOptional(string? raw, string what) => raw is null ? null : Parse(raw, what);

    public static bool TryParse(string? raw, string what, out Guid id)
    {
        id = default;
        return TryDecode(raw, out var type, out var key) && type == what && TryGuid(key, out id);
    }

    /// <summary>A two-part key <c>{guid}:{rest}</c> of the expected type (a board member, a board event); the rest is not empty.</summary>
    public static bool TryParsePair(string? raw, string what, out Guid first, out string second)
    {
        first = default;
        second = "";
        if (!TryDecode(raw, out var type, out var key) || type != what || key.Length < 34 || key[32] != ':' || !TryGuid(key[..32], out first))
            return false;
        second = key[33..];
        return true;
    }

    /// <summary>Splits a global id into its type name and key; false for anything we did not encode (the form is canonical).</summary>
    public static bool TryDecode(string? raw, out string typeName, out string key)
    {
        typeName = key = "";
        if (string.IsNullOrEmpty(raw) || raw.Length > MaxLength)
            return false;
        var bytes = new byte[Base64Url.GetMaxDecodedLength(raw.Length)];
        if (Base64Url.DecodeFromChars(raw, bytes, out var consumed, out var written) != OperationStatus.Done || consumed != raw.Length)
            return false;
        string text;
        try
        {
            text = Strict.GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        // One id per object: padding, whitespace or other spellings of the same bytes are not ours.
        if (colon < 1 || colon == text.Length - 1 || Global(text[..colon], text[(colon + 1)..]) != raw)
            return false;
        typeName = text[..colon];
        key = text[(colon + 1)..];
        return true;
    }

    public static DomainException NotFound(string what, string raw) =>
        DomainException.NotFound(what, raw.Length > 64 ? raw[..64] + "..." : raw);

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool TryGuid(string key, out Guid id) => Guid.TryParseExact(key, "N", out id) && id.ToString("N") == key;
}
