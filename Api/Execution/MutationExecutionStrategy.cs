using GraphQL.Execution;
using KanbanCustomer.Api.Common;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// Runs a document's mutations one after another, each with its whole payload (batch-loaded fields
/// included) before the next starts, and forgets what the loaders read in between: every payload shows
/// the state right after its own mutation. Each mutation runs under a <see cref="MutationDeadline"/>: the
/// execution timeout cancels it until its write commits, never after, so a committed change is reported
/// with its payload rather than as <c>TIMEOUT</c>.
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

        var deadline = context.CancellationToken;
        var writes = context.RequestServices?.GetService<BoardWrites>();
        foreach (var mutation in mutations)
        {
            using var gate = new MutationDeadline(deadline);
            context.CancellationToken = gate.Token;
            writes?.RunUnder(gate);
            try
            {
                await base.ExecuteNodeTreeAsync(context, mutation);
            }
            finally
            {
                context.CancellationToken = deadline;
                writes?.RunUnder(null);
            }

            foreach (var loaders in context.RequestServices?.GetServices<IRequestLoaders>() ?? [])
                loaders.Clear();
        }
    }
}
