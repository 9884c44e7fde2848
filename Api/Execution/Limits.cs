using System.Collections;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Execution;

/// <summary>A document refused before execution, with its own <c>extensions.code</c> (and the field at fault, if any).</summary>
public sealed class LimitError : ValidationError
{
    public LimitError(ValidationContext context, ASTNode? node, string code, string message, string? field = null)
        : base(context.Document.Source, null, message, node is null ? [] : [node])
    {
        Code = code;
        Field = field;
    }

    public string? Field { get; }
}

/// <summary>
/// Caps what a document may hold as written: aliased fields (alias floods) and field selections
/// (duplicated-field floods, which also make field merging quadratic). Counted over the whole document.
/// </summary>
public sealed class DocumentSizeRule(GraphQLLimits limits) : ValidationRuleBase
{
    public const string TooManyAliases = "TOO_MANY_ALIASES";
    public const string TooManyFields = "TOO_MANY_FIELDS";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var counts = new Counts();
        foreach (var definition in context.Document.Definitions)
        {
            if (definition is IHasSelectionSetNode { SelectionSet: { } selections })
                Count(selections, counts);
        }

        if (counts.FirstAliasOver is { } alias)
        {
            context.ReportError(new LimitError(context, alias, TooManyAliases,
                $"The document has {counts.Aliases} aliased fields; at most {limits.MaxAliases} are allowed."));
        }

        if (counts.FirstFieldOver is { } field)
        {
            context.ReportError(new LimitError(context, field, TooManyFields,
                $"The document selects {counts.Fields} fields; at most {limits.MaxFields} are allowed."));
        }

        return default;
    }

    private void Count(GraphQLSelectionSet selectionSet, Counts counts)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    if (++counts.Fields > limits.MaxFields)
                        counts.FirstFieldOver ??= field;
                    if (field.Alias is not null && ++counts.Aliases > limits.MaxAliases)
                        counts.FirstAliasOver ??= field;
                    if (field.SelectionSet is not null)
                        Count(field.SelectionSet, counts);
                    break;
                case GraphQLInlineFragment fragment:
                    Count(fragment.SelectionSet, counts);
                    break;
            }
        }
    }

    private sealed class Counts
    {
        public int Fields;
        public int Aliases;
        public GraphQLField? FirstFieldOver;
        public GraphQLField? FirstAliasOver;
    }
}

/// <summary>
/// A connection's <c>first</c> or <c>last</c> must lie in 1..MaxPageSize, and not both may be given. Checked on the
/// argument values (literals and variables alike) after the engine has coerced them, and before the cost analysis,
/// so an oversized page is named as such.
/// </summary>
public sealed class PageSizeRule(int maxPageSize) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        foreach (var (field, arguments) in context.ArgumentValues ?? [])
        {
            var hasFirst = arguments.TryGetValue(ConnectionArguments.First, out var first) && first.Value is not null;
            var hasLast = arguments.TryGetValue(ConnectionArguments.Last, out var last) && last.Value is not null;
            if (hasFirst && hasLast)
            {
                context.ReportError(new LimitError(context, field, ErrorCodes.Validation,
                    $"'{field.Name.StringValue}' takes first or last, not both.", ConnectionArguments.Last));
            }

            foreach (var (name, value) in new[] { (ConnectionArguments.First, first), (ConnectionArguments.Last, last) })
            {
                if (value.Value is int size && (size < 1 || size > maxPageSize))
                {
                    context.ReportError(new LimitError(context, field, ErrorCodes.Validation,
                        $"'{name}' on '{field.Name.StringValue}' must be between 1 and {maxPageSize}; got {size}.", name));
                }
            }
        }

        return default;
    }
}

/// <summary>
/// <c>nodes(ids)</c> takes at most MaxNodeIds ids (literals and variables alike), refused before anything is fetched.
/// </summary>
public sealed class NodeIdsRule(int maxNodeIds) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        foreach (var (field, arguments) in context.ArgumentValues ?? [])
        {
            if (field.Name.StringValue == "nodes" && arguments.TryGetValue(Nodes.NodeQueries.IdsArgument, out var ids) &&
                ids.Value is ICollection list && list.Count > maxNodeIds)
            {
                context.ReportError(new LimitError(context, field, ErrorCodes.Validation,
                    $"'ids' on 'nodes' may hold at most {maxNodeIds} ids; got {list.Count}.", Nodes.NodeQueries.IdsArgument));
            }
        }

        return default;
    }
}

/// <summary>
/// Where introspection is on: a type's <c>fields</c>, <c>inputFields</c>, <c>interfaces</c> and <c>possibleTypes</c>
/// may nest at most two deep under <c>__schema</c> / <c>__type</c> (as graphql-js's MaxIntrospectionDepthRule), so
/// <c>fields { type { fields { type { ... } } } }</c> cannot repeat the schema inside itself.
/// </summary>
public sealed class IntrospectionNestingRule : ValidationRuleBase
{
    public const string IntrospectionTooDeep = "INTROSPECTION_TOO_DEEP";
    public const int MaxNesting = 2;

    private static readonly HashSet<string> TypeLists = ["fields", "inputFields", "interfaces", "possibleTypes"];

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation is { } operation && FirstTooDeep(context.Document, operation.SelectionSet, false, 0, []) is { } field)
        {
            context.ReportError(new LimitError(context, field, IntrospectionTooDeep,
                $"Introspection may nest fields, inputFields, interfaces and possibleTypes at most {MaxNesting} deep."));
        }

        return default;
    }

    private static GraphQLField? FirstTooDeep(GraphQLDocument document, GraphQLSelectionSet selectionSet, bool introspecting, int nesting,
        HashSet<(string Fragment, bool Introspecting, int Nesting)> expanded)
    {
        foreach (var selection in selectionSet.Selections)
        {
            var found = selection switch
            {
                GraphQLField field => Field(document, field, introspecting, nesting, expanded),
                GraphQLInlineFragment inline => FirstTooDeep(document, inline.SelectionSet, introspecting, nesting, expanded),
                // Each fragment is walked once per (introspecting, nesting): no blow-up, and cycles end.
                GraphQLFragmentSpread spread when expanded.Add((spread.FragmentName.Name.StringValue, introspecting, nesting))
                    && document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment
                    => FirstTooDeep(document, fragment.SelectionSet, introspecting, nesting, expanded),
                _ => null,
            };
            if (found is not null)
                return found;
        }

        return null;
    }

    private static GraphQLField? Field(GraphQLDocument document, GraphQLField field, bool introspecting, int nesting,
        HashSet<(string, bool, int)> expanded)
    {
        var name = field.Name.StringValue;
        introspecting = introspecting || name is "__schema" or "__type";
        if (introspecting && TypeLists.Contains(name) && ++nesting > MaxNesting)
            return field;
        return field.SelectionSet is null ? null : FirstTooDeep(document, field.SelectionSet, introspecting, nesting, expanded);
    }
}
