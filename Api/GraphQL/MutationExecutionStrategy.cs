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

/// <summary>
/// The cancellation one mutation runs under: <see cref="Token"/> follows the request's deadline (the execution
/// timeout, or the client going away) until the mutation's write reaches its commit; from then on nothing cancels it,
/// so the payload of a committed change is resolved and sent.
/// </summary>
public sealed class MutationDeadline : IDisposable
{
    private const int Running = 0, Committing = 1, Cancelled = 2;

    private readonly CancellationTokenSource _source = new();
    private readonly CancellationTokenRegistration _registration;
    private int _state;

    public MutationDeadline(CancellationToken deadline) =>
        _registration = deadline.Register(() =>
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Running) == Running)
                _source.Cancel();
        });

    public CancellationToken Token => _source.Token;

    /// <summary>Called just before a commit: true if the write may commit (and is no longer cancelled), false if the deadline passed first.</summary>
    public bool TryCommit() => Interlocked.CompareExchange(ref _state, Committing, Running) != Cancelled;

    public void Dispose()
    {
        _registration.Dispose();
        _source.Dispose();
    }
}
