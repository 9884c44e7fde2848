using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// The engine's validator, with the results of a kept document's request rules kept beside the document
/// (<see cref="DocumentCache"/>). Those rules (argument checks, page sizes, node ids, cost, the transport's operation
/// types) read the document, the schema and the variables, nothing else: the same operation with the same variable values
/// under the same rules passes the same way and parses the same argument values. So a kept document's successful result is
/// kept per (operation, rules, variable values) and handed out again, with what the rules wrote to the user context (the
/// operation's cost). A failure is never kept: it is worked out again, and reported, each time. Entries live as long as
/// their document is kept, at most <see cref="PerDocument"/> per document.
/// </summary>
public sealed class ValidationCache(IDocumentValidator inner) : IDocumentValidator
{
    /// <summary>Variable sets kept per document; a document asked with more starts over.</summary>
    public const int PerDocument = 16;

    private readonly ConditionalWeakTable<GraphQLDocument, Results> _kept = [];

    public ValidationCache()
        : this(new DocumentValidator())
    {
    }

    /// <summary>From now on, successful validations of <paramref name="document"/> are kept (DocumentCache keeps it).</summary>
    public void Keep(GraphQLDocument document) => _kept.TryAdd(document, new Results());

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
    {
        if (!_kept.TryGetValue(options.Document, out var results) || Key(options) is not { } key)
            return inner.ValidateAsync(options);
        var rules = options.Rules?.ToArray() ?? [];
        if (results.Find(options.Operation, key, rules) is { } hit)
        {
            foreach (var (name, value) in hit.Written)
                options.UserContext[name] = value;
            return Task.FromResult(hit.Result);
        }

        return ValidateAndKeepAsync(options, results, key, rules);
    }

    private async Task<IValidationResult> ValidateAndKeepAsync(ValidationOptions options, Results results, string key, IValidationRule[] rules)
    {
        var before = new Dictionary<string, object?>(options.UserContext);
        var result = await inner.ValidateAsync(options);
        if (result.IsValid)
        {
            var written = options.UserContext.Where(pair => !before.TryGetValue(pair.Key, out var old) || !ReferenceEquals(old, pair.Value)).ToArray();
            results.Add(new Entry(options.Operation, key, rules, result, written));
        }

        return result;
    }

    /// <summary>The variable values as text that tells every value and type apart; null for a value it cannot write (not kept).</summary>
    internal static string? Key(in ValidationOptions options)
    {
        if (options.Variables.Count == 0)
            return "";
        var text = new StringBuilder();
        return Write(text, options.Variables) ? text.ToString() : null;
    }

    private static bool Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append('n');
                return true;
            case string s:
                text.Append('s').Append(s.Length).Append(':').Append(s);
                return true;
            case bool b:
                text.Append(b ? 't' : 'f');
                return true;
            case int or long or short or byte or sbyte or ushort or uint or ulong or BigInteger or double or float or decimal:
                text.Append(value.GetType().Name[0]).Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)).Append(';');
                return true;
            case IEnumerable<KeyValuePair<string, object?>> map:
                text.Append('{');
                foreach (var (name, item) in map)
                {
                    text.Append(name.Length).Append(':').Append(name);
                    if (!Write(text, item))
                        return false;
                }

                text.Append('}');
                return true;
            case System.Collections.IList list:
                text.Append('[');
                foreach (var item in list)
                {
                    if (!Write(text, item))
                        return false;
                }

                text.Append(']');
                return true;
            default:
                return false;
        }
    }

    private sealed record Entry(GraphQLOperationDefinition Operation, string Variables, IValidationRule[] Rules, IValidationResult Result, KeyValuePair<string, object?>[] Written);

    /// <summary>One document's kept results.</summary>
    private sealed class Results
    {
        private readonly List<Entry> _entries = [];

        public Entry? Find(GraphQLOperationDefinition operation, string variables, IValidationRule[] rules)
        {
            lock (_entries)
            {
                // The rules are the same instances when the same transport asks (the registered rules are singletons).
                return _entries.Find(e => e.Operation == operation && e.Variables == variables && e.Rules.AsSpan().SequenceEqual(rules));
            }
        }

        public void Add(Entry entry)
        {
            lock (_entries)
            {
                if (_entries.Count >= PerDocument)
                    _entries.Clear();
                _entries.Add(entry);
            }
        }
    }
}
