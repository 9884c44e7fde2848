using GraphQL.DataLoader;

namespace KanbanCustomer.Api.Common;

/// <summary>Per-request loaders whose cached results a later mutation of the same document may have made stale.</summary>
public interface IRequestLoaders
{
    void Clear();
}

/// <summary>
/// A per-request loader: every key asked for while the engine walks one level of the result is fetched
/// in one call when the first result is awaited. Not thread-safe: queries run with the serial strategy.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(
    Func<IReadOnlyList<TKey>, CancellationToken, Task<Dictionary<TKey, TValue>>> fetch,
    TValue missing)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private readonly HashSet<TKey> _pending = [];

    /// <summary>Forgets everything loaded so far (after a write).</summary>
    public void Clear()
    {
        _loaded.Clear();
        _pending.Clear();
    }

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key))
            _pending.Add(key);
        return new Result(this, key);
    }

    private async Task<TValue> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        if (_pending.Count > 0 && !_loaded.ContainsKey(key))
        {
            var keys = _pending.ToList();
            _pending.Clear();
            var fetched = await fetch(keys, cancellationToken);
            foreach (var k in keys)
                _loaded[k] = fetched.TryGetValue(k, out var value) ? value : missing;
        }

        return _loaded.TryGetValue(key, out var result) ? result : missing;
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

public static class DataLoaderResultExtensions
{
    /// <summary>A deferred result that maps another one when the engine asks for it.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> map) =>
        new Mapped<T, TResult>(result, map);

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
