using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport.WebSockets;

/// <summary>
/// The operations running on one socket, by id: each reserved before anything is awaited (a duplicate id is refused
/// even while the first starts), run in a DI scope of its own through the <see cref="RequestRunner"/>, and answered
/// with <c>next</c> / <c>complete</c> / <c>error</c>. An id is free again as soon as its last message is queued.
/// </summary>
public sealed class WsSubscriptions(WsConnection connection, RequestRunner runner, IServiceScopeFactory scopes, WebSocketLimits limits, ILogger logger)
{
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);

    /// <summary>Starts an operation; false when the id is in use (the protocol closes the socket with 4409).</summary>
    public bool TryStart(string id, GraphQLRequest request, ClaimsPrincipal user, IPAddress? address)
    {
        var operation = new Operation(id, connection.Closed);
        if (!_operations.TryAdd(id, operation))
        {
            operation.Dispose();
            return false;
        }

        if (TooMany() is { } refusal)
        {
            Fail(operation, [refusal]);
            operation.Dispose();
            return true;
        }

        _ = connection.Track(RunAsync(operation, request, user, address));
        return true;
    }

    /// <summary>The client stopped listening: nothing more is sent for this id, and the id is free again.</summary>
    public void Stop(string id)
    {
        if (_operations.TryRemove(id, out var operation))
            operation.Cancel();
    }

    /// <summary>The socket is closing: every operation stops.</summary>
    public void StopAll()
    {
        foreach (var operation in _operations.Values)
            operation.Cancel();
        _operations.Clear();
    }

    /// <summary>What stops an operation before it is started: too many at once on this socket.</summary>
    private KanbanError? TooMany() =>
        _operations.Count > limits.MaxSubscriptionsPerConnection
            ? new KanbanError(LiveErrors.TooManySubscriptions,
                $"At most {limits.MaxSubscriptionsPerConnection} operations may run at once on one connection; complete one first.")
            : null;

    private async Task RunAsync(Operation operation, GraphQLRequest request, ClaimsPrincipal user, IPAddress? address)
    {
        try
        {
            // Then the request runner's checks: the rate-limit window (in Redis, a round trip), the request itself.
            if ((await runner.TakeRateLimitAsync(user, address, operation.Token) ?? runner.Check(request)) is { } refusal)
            {
                Fail(operation, [refusal]);
                return;
            }

            // One scope per operation: a DbContext serves one caller at a time, and operations of a socket run side by side.
            await using var scope = scopes.CreateAsyncScope();
            var result = await runner.ExecuteAsync(request, user, scope.ServiceProvider, operation.Token);
            if (operation.Token.IsCancellationRequested)
                return;

            if (result.Streams is { Count: > 0 } streams)
            {
                await StreamAsync(operation, streams.Values.First());
            }
            else if (result.Executed && result.Operation?.Operation is OperationType.Query or OperationType.Mutation)
            {
                Next(operation, result);
                Complete(operation);
            }
            else
            {
                Fail(operation, result.Errors is { Count: > 0 } errors ? errors : [LiveErrors.Internal()]);
            }
        }
        catch (OperationCanceledException) when (operation.Token.IsCancellationRequested)
        {
            // Completed by the client, or the socket closed.
        }
#pragma warning disable CA1031 // An operation that fails outside execution ends with an error message, never takes the socket down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "A WebSocket operation failed outside execution.");
            Fail(operation, [LiveErrors.Internal()]);
        }
        finally
        {
            _operations.TryRemove(KeyValuePair.Create(operation.Id, operation));
            operation.Dispose();
        }
    }

    /// <summary>Sends each event as <c>next</c> until the stream ends (<c>complete</c>), fails (<c>next</c> with the error, then <c>complete</c>) or is stopped.</summary>
    private async Task StreamAsync(Operation operation, IObservable<ExecutionResult> stream)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new LiveObserver<ExecutionResult>(
            result => Next(operation, result),
            error =>
            {
                Next(operation, new ExecutionResult { Errors = [LiveErrors.From(error)] });
                Complete(operation);
                ended.TrySetResult();
            },
            () =>
            {
                Complete(operation);
                ended.TrySetResult();
            });
        using (stream.Subscribe(observer))
            await ended.Task.WaitAsync(operation.Token);
    }

    private bool IsActive(Operation operation) =>
        !operation.Token.IsCancellationRequested && _operations.TryGetValue(operation.Id, out var current) && ReferenceEquals(current, operation);

    private void Next(Operation operation, ExecutionResult result)
    {
        if (IsActive(operation))
            connection.Send(new OperationMessage { Id = operation.Id, Type = "next", Payload = result });
    }

    // The id is released before the last message goes out, so a client may reuse it as soon as it reads that message.
    private void Complete(Operation operation)
    {
        if (_operations.TryRemove(KeyValuePair.Create(operation.Id, operation)))
            connection.Send(new OperationMessage { Id = operation.Id, Type = "complete" });
    }

    private void Fail(Operation operation, IEnumerable<ExecutionError> errors)
    {
        if (_operations.TryRemove(KeyValuePair.Create(operation.Id, operation)))
            connection.Send(new OperationMessage { Id = operation.Id, Type = "error", Payload = errors.ToArray() });
    }

    private sealed class Operation : IDisposable
    {
        private readonly CancellationTokenSource _cancellation;

        public Operation(string id, CancellationToken connection)
        {
            Id = id;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(connection);
            Token = _cancellation.Token;
        }

        public string Id { get; }

        public CancellationToken Token { get; }

        public void Cancel()
        {
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already over.
            }
        }

        public void Dispose() => _cancellation.Dispose();
    }
}
