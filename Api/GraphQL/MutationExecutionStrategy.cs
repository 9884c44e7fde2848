using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace KanbanCustomer.Api.GraphQL;

/// <summary>Per-request loaders whose cached results a later mutation of the same document may have made stale.</summary>
public interface IRequestLoaders
{
    void Clear();
}

/// <summary>
/// Runs a document's mutations one after another, each with its whole payload (batch-loaded fields
/// included) before the next starts, and forgets what the loaders read in between: every payload shows
/// the state right after its own mutation.
/// </summary>
public sealed class MutationExecutionStrategy : SerialExecutionStrategy
{
    public override async Task ExecuteNodeTreeAsync(ExecutionContext context, ExecutionNode rootNode)
    {
        if (rootNode is not RootExecutionNode root)
        {
            await base.ExecuteNodeTreeAsync(context, rootNode);
            return;
        }

        var mutations = ((IParentExecutionNode)root).GetChildNodes().ToList();
        if (mutations.Count == 0)
        {
            SetSubFieldNodes(context, root);
            mutations = ((IParentExecutionNode)root).GetChildNodes().ToList();
        }

        foreach (var mutation in mutations)
        {
            await base.ExecuteNodeTreeAsync(context, mutation);
            foreach (var loaders in context.RequestServices?.GetServices<IRequestLoaders>() ?? [])
                loaders.Clear();
        }
    }
}
