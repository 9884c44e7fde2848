using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Tests.Webhooks;

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 (Kestrel, a free port) that records what it is sent and answers with the
/// given status codes in turn (the last one repeats). It stops when disposed, and by itself after two minutes.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly int[] _statuses;
    private readonly TimeSpan _answerDelay;
    private readonly CancellationTokenSource _selfStop = new(Lifetime);
    private int _count;

    private WebhookReceiver(int[] statuses, TimeSpan answerDelay)
    {
        _statuses = statuses.Length > 0 ? statuses : [200];
        _answerDelay = answerDelay;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(AnswerAsync);
        _selfStop.Token.Register(() => _ = _app.StopAsync());
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToList();

    /// <summary>Starts a receiver answering <paramref name="statuses"/> in turn (200 when none are given).</summary>
    public static Task<WebhookReceiver> StartAsync(params int[] statuses) => StartAsync(TimeSpan.Zero, statuses);

    public static async Task<WebhookReceiver> StartAsync(TimeSpan answerDelay, params int[] statuses)
    {
        var receiver = new WebhookReceiver(statuses, answerDelay);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks/kanban");
        return receiver;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until <paramref name="count"/> requests have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_requests.Count < count && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(_requests.Count >= count, $"Expected {count} webhook requests within {timeout}, got {_requests.Count}.");
        return Requests;
    }

    public async ValueTask DisposeAsync()
    {
        await _selfStop.CancelAsync();
        await _app.DisposeAsync();
        _selfStop.Dispose();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var index = Interlocked.Increment(ref _count) - 1;
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
        if (_answerDelay > TimeSpan.Zero)
            await Task.Delay(_answerDelay, context.RequestAborted);
        context.Response.StatusCode = _statuses[Math.Min(index, _statuses.Length - 1)];
    }
}
