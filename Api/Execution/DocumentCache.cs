using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Rules;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// Parses a repeated document once and runs its document-only rules once. A document that executed (it parsed and
/// passed validation) is kept under what the client sent: the persisted document id or the text, with the operation
/// name. On a hit the engine gets the parsed tree and runs only the rules whose answer depends on the request:
/// argument values (the engine's field argument checks, page sizes, node ids, the cost, all of which read variables)
/// and the transport's own rule (which operation types it carries). The rules that look only at the document and the
/// schema (the specification's rules, the document size, introspection) already passed for this very tree.
/// Bounded by the characters of the kept documents (<see cref="GraphQLLimits.DocumentCacheChars"/>); the least
/// recently used go first. A document that never executed is never kept, so in persisted-only mode no text is. The
/// request rules' successful results are kept beside a kept document, per variable values (<see cref="ValidationCache"/>).
/// </summary>
public sealed class DocumentCache(GraphQLLimits limits, ValidationCache validations) : IConfigureExecution, IDisposable
{
    /// <summary>Rules a kept document still runs, besides those registered for cached documents (ExecutionSetup).</summary>
    public static readonly IValidationRule[] RequestRules = [FieldArgumentsAreValidRule.Instance];

    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = limits.DocumentCacheChars });

    /// <summary>Before the persisted-document handler (200): a hit needs no stored text looked up or parsed.</summary>
    public float SortOrder => 190;

    public int Count => _documents.Count;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        // Exactly one of id and text, as the client sent them; anything else is the persisted-document handler's to refuse.
        if (options.Document is not null || (options.DocumentId is null) == (options.Query is null))
            return await next(options);

        var key = new Key(options.OperationName, options.DocumentId, options.Query);
        if (_documents.TryGetValue(key, out GraphQLDocument? kept) && kept is not null)
        {
            options.Document = kept;
            options.ValidationRules = options.CachedDocumentValidationRules ?? RequestRules;
            return await next(options);
        }

        var result = await next(options);
        if (result.Executed && result.Document is { } parsed)
        {
            var size = Math.Max(parsed.Source.Length, 1) + (key.OperationName?.Length ?? 0) + (key.DocumentId?.Length ?? 0);
            if (size <= limits.DocumentCacheChars)
            {
                _documents.Set(key, parsed, new MemoryCacheEntryOptions { Size = size });
                validations.Keep(parsed);
            }
        }

        return result;
    }

    public void Dispose() => _documents.Dispose();

    private sealed record Key(string? OperationName, string? DocumentId, string? Query);
}
