using System.Threading.Channels;
using GraphQL;
using KanbanCustomer.Api.Common;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport;

/// <summary>
/// GraphQL over Server-Sent Events, the <c>graphql-sse</c> protocol's "distinct connections mode": the executed
/// request's results as <c>event: next</c> messages, then <c>event: complete</c>. The HTTP endpoint has already
/// authenticated, provisioned and executed; what the engine answered (a result, a stream, or errors) goes into the
/// stream, as the protocol asks, so that an EventSource sees the errors.
/// </summary>
public static class ServerSentEvents
{
    public const string EventStream = "text/event-stream";

    public static async Task WriteAsync(HttpContext http, ExecutionResult result)
    {
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var limits = http.RequestServices.GetRequiredService<IOptions<GraphQLLimits>>().Value;
        if (result.Streams is not { Count: > 0 } streams)
        {
            await StartAsync(http);
            await WriteEventAsync(http, "next", serializer.Serialize(result));
            await WriteEventAsync(http, "complete", "");
            return;
        }

        // A subscription holds an event feed open for as long as the client stays: it takes one of the user's live slots.
        var userId = http.User.FindFirst("sub")?.Value ?? "";
        using var slot = await http.RequestServices.GetRequiredService<LiveConnections>().TryEnterAsync(userId, limits.WebSocket.MaxConnectionsPerUser, http.RequestAborted);
        if (slot is null)
        {
            await GraphQLHttpEndpoint.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, GraphQLHttpEndpoint.Json, LiveErrors.TooManyConnections,
                $"At most {limits.WebSocket.MaxConnectionsPerUser} live connections per user; close one first.");
            return;
        }

        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        await StartAsync(http);
        var events = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
        var observer = new LiveObserver<ExecutionResult>(
            next => events.Writer.TryWrite(serializer.Serialize(next)),
            error =>
            {
                events.Writer.TryWrite(serializer.Serialize(new ExecutionResult { Errors = [LiveErrors.From(error)] }));
                events.Writer.TryComplete();
            },
            () => events.Writer.TryComplete());
        try
        {
            using (streams.Values.First().Subscribe(observer))
                await PumpAsync(http, events.Reader, limits.Sse.KeepAliveInterval, ended.Token);
            await WriteEventAsync(http, "complete", "");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && ended.IsCancellationRequested)
        {
            // The client left, or the server is stopping (then the client reconnects, with afterSeq if it kept one).
        }
    }

    private static async Task PumpAsync(HttpContext http, ChannelReader<string?> events, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        while (true)
        {
            bool more;
            if (keepAlive <= TimeSpan.Zero)
            {
                more = await events.WaitToReadAsync(cancellationToken);
            }
            else
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quiet.CancelAfter(keepAlive);
                try
                {
                    more = await events.WaitToReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Silent for a while: a comment line keeps proxies from closing the connection.
                    await http.Response.WriteAsync(":\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }
            }

            if (!more)
                return;
            while (events.TryRead(out var data))
                await WriteEventAsync(http, "next", data!, flush: false);
            await http.Response.Body.FlushAsync(cancellationToken);
        }
    }

    private static async Task StartAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = EventStream + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    // The serializer writes JSON on one line (strings escape their line breaks), so one data line holds it.
    private static async Task WriteEventAsync(HttpContext http, string name, string data, bool flush = true)
    {
        await http.Response.WriteAsync(data.Length == 0 ? $"event: {name}\ndata:\n\n" : $"event: {name}\ndata: {data}\n\n", http.RequestAborted);
        if (flush)
            await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
