namespace KanbanCustomer.Api.Common;

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
