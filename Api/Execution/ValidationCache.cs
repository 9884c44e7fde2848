using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// The engine's validator, with the results of a kept document's request rules kept (<see cref="DocumentCache"/>).
/// Those rules (argument checks, page sizes, node ids, cost, the transport's operation types) read the document, the
/// schema and the variables, nothing else: the same operation with the same variable values under the same rules passes
/// the same way and parses the same argument values. So a kept document's successful result is kept per (operation,
/// rules, variable values) and handed out again, with what the rules wrote to the user context (the operation's cost). A
/// failure is never kept: it is worked out again, and reported, each time. Bounded like the documents: an entry weighs the
/// characters of its variable values and of its document, <paramref name="sizeLimit"/> in all; the least recently used go first.
/// </summary>
public sealed class ValidationCache(long sizeLimit, IDocumentValidator inner) : IDocumentValidator, IDisposable
{
    private readonly ConditionalWeakTable<GraphQLDocument, object> _keptDocuments = [];
    private readonly MemoryCache _results = new(new MemoryCacheOptions { SizeLimit = Math.Max(sizeLimit, 1) });

    public ValidationCache(long sizeLimit)
        : this(sizeLimit, new DocumentValidator())
    {
    }

    /// <summary>From now on, successful validations of <paramref name="document"/> are kept (DocumentCache keeps it).</summary>
    public void Keep(GraphQLDocument document) => _keptDocuments.TryAdd(document, document);

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
    {
        if (!_keptDocuments.TryGetValue(options.Document, out _) || Variables(options) is not { } variables)
            return inner.ValidateAsync(options);
        var key = new Key(options.Document, options.Operation, variables, options.Rules?.ToArray() ?? []);
        if (_results.TryGetValue(key, out Kept? hit) && hit is not null)
        {
            foreach (var (name, value) in hit.Written)
                options.UserContext[name] = value;
            return Task.FromResult(hit.Result);
        }

        return ValidateAndKeepAsync(options, key);
    }

    public void Dispose() => _results.Dispose();

    private async Task<IValidationResult> ValidateAndKeepAsync(ValidationOptions options, Key key)
    {
        var before = new Dictionary<string, object?>(options.UserContext);
        var result = await inner.ValidateAsync(options);
        if (result.IsValid)
        {
            var written = options.UserContext.Where(pair => !before.TryGetValue(pair.Key, out var old) || !ReferenceEquals(old, pair.Value)).ToArray();
            _results.Set(key, new Kept(result, written), new MemoryCacheEntryOptions { Size = key.Variables.Length + options.Document.Source.Length + 1 });
        }

        return result;
    }

    /// <summary>The variable values as text that tells every value and type apart; null for a value it cannot write (not kept).</summary>
    internal static string? Variables(in ValidationOptions options)
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

    private sealed record Kept(IValidationResult Result, KeyValuePair<string, object?>[] Written);

    /// <summary>The document and operation themselves, the variable values as text, the rule instances in order.</summary>
    private sealed class Key(GraphQLDocument document, GraphQLOperationDefinition operation, string variables, IValidationRule[] rules) : IEquatable<Key>
    {
        private readonly int _hash = HashCode.Combine(RuntimeHelpers.GetHashCode(document), RuntimeHelpers.GetHashCode(operation), variables, rules.Length);

        public string Variables => variables;

        public bool Equals(Key? other)
        {
            var same = other is not null && other._hash == _hash && ReferenceEquals(other.Document, document) && ReferenceEquals(other.Operation, operation) &&
                       other.Variables == variables && other.Rules.Length == rules.Length;
            if (!same)
                return false;
            for (var i = 0; i < rules.Length; i++)
            {
                if (!ReferenceEquals(other!.Rules[i], rules[i]))
                    return false;
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as Key);

        public override int GetHashCode() => _hash;

        private GraphQLDocument Document => document;

        private GraphQLOperationDefinition Operation => operation;

        private IValidationRule[] Rules => rules;
    }
}
