using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Extensions.Caching.Memory;

namespace KanbanCustomer.Api.Execution;

/// <summary>Settings of the query response cache (<c>GraphQL:ResponseCache:</c>).</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>Default: on for a single instance, off when <c>Redis:Configuration</c> is set (see <see cref="ResponseCache"/>).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Bytes of responses (and keys) kept at most; the least recently used go first.</summary>
    public long SizeLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Larger responses are not kept.</summary>
    public int MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Requests whose key (document, variables, extensions) is longer are not kept: the key is the client's text, and big
    /// variables would let one client fill the cache with its own bytes.
    /// </summary>
    public int MaxKeyChars { get; set; } = 4_096;
}

/// <summary>
/// Serves a query's answer again, byte for byte, while nothing in the database has changed: the entry is keyed by the
/// signed-in user, the accepted media type, the document (or documentId), the operation name, the variables and the
/// extensions, and holds the <see cref="DataVersion"/> read before the query ran. Any write by this process (a mutation, the stale scan,
/// a webhook delivery, a user's first sign-in) moves the version, and every entry older than it is dead. Only
/// successful queries are kept, never mutations or subscriptions, never an answer with errors, and never a document
/// that names <c>timeInColumn</c> or <c>score</c> (they change with the clock, not with the data: a card's score, and
/// which cards pass a score filter). With several instances (Redis
/// configured) another instance's writes are not seen here, so the cache is off by default then.
/// </summary>
public sealed class ResponseCache(DataVersion version, ResponseCacheOptions options) : IDisposable
{
    private static readonly string[] ClockFields = ["timeInColumn", "score"];

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = options.SizeLimitBytes, CompactionPercentage = 0.25 });

    public bool Enabled => options.Enabled == true;

    public long Version => version.Current;

    public static string Key(string userId, string mediaType, GraphQLRequest request, IGraphQLTextSerializer serializer) =>
        string.Join('\u001f', userId, mediaType, request.DocumentId ?? "", request.Query ?? "", request.OperationName ?? "",
            request.Variables is null ? "" : serializer.Serialize(request.Variables),
            request.Extensions is null ? "" : serializer.Serialize(request.Extensions));

    /// <summary>The kept answer, if it was made at <paramref name="currentVersion"/> (nothing was written since).</summary>
    public bool TryGet(string key, long currentVersion, out byte[] body)
    {
        if (_entries.TryGetValue(key, out Entry? entry) && entry!.Version == currentVersion)
        {
            body = entry.Body;
            return true;
        }

        body = [];
        return false;
    }

    /// <summary>Whether an executed result may be kept: a query that succeeded and does not read the clock.</summary>
    public static bool IsCacheable(ExecutionResult result) =>
        result.Executed && result.Errors is not { Count: > 0 } && result.Operation?.Operation == OperationType.Query
        && result.Document is { } document && !Array.Exists(ClockFields, field => document.Source.Span.Contains(field.AsSpan(), StringComparison.Ordinal));

    public void Set(string key, long readVersion, byte[] body)
    {
        if (body.Length > options.MaxEntryBytes || key.Length > options.MaxKeyChars)
            return;
        _entries.Set(key, new Entry(readVersion, body), new MemoryCacheEntryOptions { Size = body.Length + (key.Length * 2) });
    }

    public void Dispose() => _entries.Dispose();

    private sealed record Entry(long Version, byte[] Body);
}
