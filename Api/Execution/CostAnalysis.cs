using System.Collections;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Common.Filtering;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// Depth and cost of the selected operation, each refusal with its own code. Linear in the document: a fragment is
/// costed once per enclosing page size and its figures reused at every spread, so fragments that spread each other
/// twice (2^n fields from n lines) are added up, not walked. The walk also watches the request's cancellation.
/// An operation that selects only introspection fields is exempt (the standard introspection query is 13 levels deep
/// and costs about 60,000 by this measure); <see cref="IntrospectionNestingRule"/> bounds it instead.
/// </summary>
public sealed class CostRule(GraphQLLimits limits) : ValidationRuleBase
{
    public const string DepthLimitExceeded = "DEPTH_LIMIT_EXCEEDED";
    public const string CostLimitExceeded = "COST_LIMIT_EXCEEDED";

    /// <summary>Costs are added up to this and no further, so a figure stays finite and printable.</summary>
    public const double CostCeiling = 1e15;

    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        // An earlier rule refused the document (unknown fields, fragment cycles ...): nothing to cost.
        if (context.HasErrors)
            return default;
        var operation = context.Operation;
        IGraphType? root = operation.Operation switch
        {
            OperationType.Query => context.Schema.Query,
            OperationType.Mutation => context.Schema.Mutation,
            OperationType.Subscription => context.Schema.Subscription,
            _ => null,
        };
        if (root is null)
            return default;

        var (cost, depth) = new Walk(context, limits).SelectionSet(operation.SelectionSet, root, null);
        var total = Math.Min(cost, CostCeiling);
        // Kept for the GraphQL-Cost header (CostHeader), refused or not.
        context.UserContext[OperationCost.Key] = new OperationCost(total, depth + 1);
        if (IsIntrospectionOnly(operation))
            return default;
        if (depth + 1 > limits.MaxDepth)
        {
            context.ReportError(new LimitError(context, operation, DepthLimitExceeded,
                $"The operation is nested {depth + 1} levels deep; at most {limits.MaxDepth} are allowed."));
        }
        else if (total > limits.MaxComplexity)
        {
            var figure = total >= CostCeiling ? $"over {CostCeiling:0}" : $"{total:0}";
            context.ReportError(new LimitError(context, operation, CostLimitExceeded,
                $"The operation's estimated cost is {figure}; at most {limits.MaxComplexity} is allowed. Ask lists for fewer items with 'first'."));
        }

        return default;
    }

    private static bool IsIntrospectionOnly(GraphQLOperationDefinition operation) =>
        operation.SelectionSet.Selections.All(s => s is GraphQLField field && field.Name.StringValue.StartsWith("__", StringComparison.Ordinal));

    private sealed class Walk(ValidationContext context, GraphQLLimits limits)
    {
        // A fragment's figures depend only on the page size of the connection it is spread in (what Impact reads).
        private readonly Dictionary<(GraphQLFragmentDefinition, int?), (double Cost, int Depth)> _fragments = [];
        private readonly HashSet<GraphQLFragmentDefinition> _open = [];

        /// <summary>
        /// The cost of a selection set at a standing multiplier of 1, and how many levels it adds below itself;
        /// <paramref name="pageSize"/> is the page size of the connection field it belongs to (null under any other field).
        /// </summary>
        public (double Cost, int Depth) SelectionSet(GraphQLSelectionSet selectionSet, IGraphType parentType, int? pageSize)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            double cost = 0;
            var depth = 0;
            foreach (var selection in selectionSet.Selections)
            {
                if (!context.ShouldIncludeNode(selection))
                    continue;
                var (c, d) = selection switch
                {
                    GraphQLField field => Field(field, parentType, pageSize),
                    GraphQLInlineFragment inline => SelectionSet(inline.SelectionSet, TypeOf(inline.TypeCondition) ?? parentType, pageSize),
                    GraphQLFragmentSpread spread => Spread(spread, pageSize),
                    _ => (0d, 0),
                };
                cost = Math.Min(cost + c, CostCeiling);
                depth = Math.Max(depth, d);
            }

            return (cost, depth);
        }

        private (double, int) Spread(GraphQLFragmentSpread spread, int? pageSize)
        {
            if (context.Document.FindFragmentDefinition(spread.FragmentName.Name.Value) is not { } fragment ||
                TypeOf(fragment.TypeCondition) is not { } type)
            {
                return (0, 0);
            }

            var key = (fragment, pageSize);
            if (_fragments.TryGetValue(key, out var known))
                return known;
            // Cycles are refused by an earlier rule; this only keeps the walk finite if one slips through.
            if (!_open.Add(fragment))
                return (0, 0);
            var figures = SelectionSet(fragment.SelectionSet, type, pageSize);
            _open.Remove(fragment);
            _fragments[key] = figures;
            return figures;
        }

        private (double, int) Field(GraphQLField field, IGraphType parentType, int? pageSize)
        {
            var name = field.Name.StringValue;
            var definition = name switch
            {
                "__typename" => context.Schema.TypeNameMetaFieldType,
                "__schema" => context.Schema.SchemaMetaFieldType,
                "__type" => context.Schema.TypeMetaFieldType,
                _ => (parentType as IComplexGraphType)?.GetField(field.Name.Value),
            };
            if (definition?.ResolvedType is null)
                return (0, 0);
            var arguments = context.ArgumentValues?.GetValueOrDefault(field);
            var (impact, childMultiplier) = Impact(definition, arguments, pageSize);
            impact += FieldCost.Of(definition, name => Argument(arguments, name));
            if (field.SelectionSet is null)
                return (impact, 0);
            var (childCost, childDepth) = SelectionSet(field.SelectionSet, definition.ResolvedType.GetNamedType(),
                IsConnection(definition) ? PageSize(arguments) : null);
            return (Math.Min(impact + childMultiplier * childCost, CostCeiling), childDepth + 1);
        }

        /// <summary>
        /// A connection costs 1, plus <see cref="GraphQLLimits.FilterOperationCost"/> per operation of its <c>where</c> and
        /// <see cref="GraphQLLimits.SortFieldCost"/> per <c>order</c> field (each is SQL work per row); its <c>edges</c> and
        /// <c>nodes</c> multiply what they select by the page size (<c>first</c>, <c>last</c>, else the default page size).
        /// <c>nodes(ids)</c> multiplies by the number of ids; any other list by its <c>first</c>, else AssumedListSize.
        /// </summary>
        private (double Impact, double ChildMultiplier) Impact(FieldType definition, IDictionary<string, ArgumentValue>? arguments, int? pageSize)
        {
            if (IsConnection(definition))
            {
                var filter = FilterOps.CountOperations(Argument(arguments, "where"));
                var sort = (Argument(arguments, "order") as IList)?.Count ?? 0;
                return (1 + filter * limits.FilterOperationCost + sort * limits.SortFieldCost, 1);
            }

            if (definition.ResolvedType is not (ListGraphType or NonNullGraphType { ResolvedType: ListGraphType }))
                return (1, 1);
            if (pageSize is { } size)
                return (1, size);
            if (Argument(arguments, "ids") is IList ids)
                return (1, ids.Count);
            return (1, Argument(arguments, ConnectionArguments.First) as int? ?? limits.AssumedListSize);
        }

        private int PageSize(IDictionary<string, ArgumentValue>? arguments) =>
            Argument(arguments, ConnectionArguments.First) as int? ?? Argument(arguments, ConnectionArguments.Last) as int? ?? limits.DefaultPageSize;

        private static object? Argument(IDictionary<string, ArgumentValue>? arguments, string name) =>
            arguments is not null && arguments.TryGetValue(name, out var value) ? value.Value : null;

        private static bool IsConnection(FieldType definition) =>
            definition.ResolvedType?.GetNamedType().Name.EndsWith("Connection", StringComparison.Ordinal) == true;

        private IGraphType? TypeOf(GraphQLTypeCondition? condition) =>
            condition is null ? null : context.Schema.AllTypes[condition.Type.Name.Value];
    }
}
