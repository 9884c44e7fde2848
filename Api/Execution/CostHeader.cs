using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.Primitives;

namespace KanbanCustomer.Api.Execution;

/// <summary>What the cost analysis computed for the selected operation (see <see cref="CostRule"/>).</summary>
public sealed record OperationCost(double Total, int Depth)
{
    /// <summary>Where <see cref="CostRule"/> leaves the figures: the request's user context, shared by validation and execution.</summary>
    internal const string Key = "KanbanCustomer.OperationCost";
}

public enum CostMode
{
    None,
    Report,
    Validate,
}

/// <summary>
/// The <c>GraphQL-Cost</c> request header: <c>report</c> adds <c>extensions.cost</c> to the response, <c>validate</c> also
/// stops before execution (the response has no <c>data</c>). Any other value is refused with 400 <see cref="InvalidCostHeader"/>.
/// </summary>
public static class CostHeader
{
    public const string Name = "GraphQL-Cost";
    public const string InvalidCostHeader = "INVALID_COST_HEADER";

    internal const string ValidateOnlyKey = "KanbanCustomer.ValidateOnly";

    /// <summary>The mode the header asks for (<see cref="CostMode.None"/> without it); false for any other value.</summary>
    public static bool TryParse(StringValues header, out CostMode mode)
    {
        mode = CostMode.None;
        if (header.Count == 0)
            return true;
        if (header.Count > 1)
            return false;
        var value = header.ToString().Trim();
        if (value.Equals("report", StringComparison.OrdinalIgnoreCase))
            mode = CostMode.Report;
        else if (value.Equals("validate", StringComparison.OrdinalIgnoreCase))
            mode = CostMode.Validate;
        else
            return false;
        return true;
    }

    /// <summary>
    /// <c>extensions.cost</c>: <c>total</c> and <c>depth</c> as computed, beside <c>maxCost</c> and <c>maxDepth</c>. Absent when
    /// the analysis did not run (the document failed to parse or an earlier validation rule refused it).
    /// </summary>
    public static void Report(ExecutionResult result, IDictionary<string, object?> userContext, GraphQLLimits limits)
    {
        if (!userContext.TryGetValue(OperationCost.Key, out var value) || value is not OperationCost cost)
            return;
        result.Extensions ??= [];
        result.Extensions["cost"] = new Dictionary<string, object?>
        {
            ["total"] = cost.Total,
            ["maxCost"] = limits.MaxComplexity,
            ["depth"] = cost.Depth,
            ["maxDepth"] = limits.MaxDepth,
        };
    }
}

/// <summary>
/// The engine's strategy selection, except for a request that asked only to validate (<c>GraphQL-Cost: validate</c>): that one
/// gets a strategy that resolves nothing, so the document is parsed and validated (cost included) and no resolver runs.
/// </summary>
public sealed class CostAwareStrategySelector(IEnumerable<ExecutionStrategyRegistration> registrations) : IExecutionStrategySelector
{
    private readonly DefaultExecutionStrategySelector _inner = new(registrations);

    public IExecutionStrategy Select(global::GraphQL.Execution.ExecutionContext context) =>
        context.UserContext.TryGetValue(CostHeader.ValidateOnlyKey, out var validateOnly) && validateOnly is true
            ? NothingExecuted.Instance
            : _inner.Select(context);

    private sealed class NothingExecuted : SerialExecutionStrategy
    {
        public static new readonly NothingExecuted Instance = new();

        public override Task<ExecutionResult> ExecuteAsync(global::GraphQL.Execution.ExecutionContext context) =>
            Task.FromResult(new ExecutionResult());
    }
}
