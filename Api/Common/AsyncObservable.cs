namespace KanbanCustomer.Api.Common;

/// <summary>An <see cref="IObservable{T}"/> over an async stream, which is what GraphQL.NET's subscriptions consume.</summary>
public sealed class AsyncObservable<T>(Func<CancellationToken, IAsyncEnumerable<T>> source) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        var cancellation = new CancellationTokenSource();
        _ = PumpAsync(observer, cancellation.Token);
        return new Subscription(cancellation);
    }

    private async Task PumpAsync(IObserver<T> observer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source(cancellationToken).WithCancellation(cancellationToken))
                observer.OnNext(item);
            observer.OnCompleted();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unsubscribed: nobody is listening any more.
        }
#pragma warning disable CA1031 // Whatever ends the stream goes to the subscriber as an error, not into the void.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            observer.OnError(ex);
        }
    }

    private sealed class Subscription(CancellationTokenSource cancellation) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
                return;
            cancellation.Cancel();
            cancellation.Dispose();
        }
    }
}
