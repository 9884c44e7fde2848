using System.Collections;
using System.Globalization;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.GraphQL;

/// <summary>A field of an update input: absent (keep the current value) or given, possibly as null (clear it).</summary>
public readonly record struct Patch<T>(bool IsSet, T Value)
{
    public T Or(T current) => IsSet ? Value : current;
}

/// <summary>Reads an input object's coerced field values; absent and null stay distinguishable.</summary>
public readonly struct InputReader(IDictionary<string, object?> values)
{
    public string Id(string name) =>
        values.TryGetValue(name, out var value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture)! : "";

    public string? OptionalId(string name) =>
        values.TryGetValue(name, out var value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public T? Get<T>(string name) => values.TryGetValue(name, out var value) && value is not null ? (T)value : default;

    public T Get<T>(string name, T fallback) => values.TryGetValue(name, out var value) && value is not null ? (T)value : fallback;

    public Patch<T?> Patch<T>(string name) =>
        values.TryGetValue(name, out var value) ? new Patch<T?>(true, value is null ? default : (T)value) : default;

    public IReadOnlyList<string>? Strings(string name) =>
        values.TryGetValue(name, out var value) && value is IEnumerable list and not string
            ? list.Cast<object?>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture) ?? "").ToList()
            : null;

    public Patch<IReadOnlyList<string>?> PatchStrings(string name) =>
        values.ContainsKey(name) ? new Patch<IReadOnlyList<string>?>(true, Strings(name)) : default;

    public IReadOnlyList<T> List<T>(string name) =>
        values.TryGetValue(name, out var value) && value is IEnumerable list and not string ? list.Cast<T>().ToList() : [];
}

public static class Ids
{
    /// <summary>An id from the client; one that cannot be ours is simply not found.</summary>
    public static Guid Parse(string raw, string what) =>
        Guid.TryParse(raw, out var id) ? id : throw DomainException.NotFound(what, raw.Length > 64 ? raw[..64] + "..." : raw);

    public static Guid? ParseOptional(string? raw, string what) => raw is null ? null : Parse(raw, what);
}
