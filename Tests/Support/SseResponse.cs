using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

/// <summary>One Server-Sent Event: its name and its data (comment lines are skipped).</summary>
public sealed record SseEvent(string Name, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
}

/// <summary>
/// A graphql-sse ("distinct connections mode") request read as a stream: headers first, then one event at a time.
/// Every read is bounded, so a silent server fails a test instead of hanging it.
/// </summary>
public sealed class SseResponse : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader? _reader;
    private Task<string?>? _pendingLine;

    private SseResponse(HttpResponseMessage response, Stream? body)
    {
        _response = response;
        _reader = body is null ? null : new StreamReader(body, Encoding.UTF8);
    }

    public HttpStatusCode Status => _response.StatusCode;

    public string? MediaType => _response.Content.Headers.ContentType?.MediaType;

    public HttpResponseMessage Response => _response;

    /// <summary>Comment lines (keep-alives) seen so far.</summary>
    public int Comments { get; private set; }

    /// <summary>POSTs (or GETs) a GraphQL request accepting text/event-stream and returns once the headers are in.</summary>
    public static async Task<SseResponse> OpenAsync(HttpClient http, string? token, string query, object? variables = null, HttpMethod? method = null)
    {
        method ??= HttpMethod.Post;
        HttpRequestMessage request;
        if (method == HttpMethod.Get)
        {
            var url = "/graphql?query=" + Uri.EscapeDataString(query) + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(JsonSerializer.Serialize(variables)));
            request = new HttpRequestMessage(HttpMethod.Get, url);
        }
        else
        {
            request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
            };
        }

        return await OpenAsync(http, token, request);
    }

    /// <summary>Sends <paramref name="request"/> accepting text/event-stream (and disposes it) and returns once the headers are in.</summary>
    public static async Task<SseResponse> OpenAsync(HttpClient http, string? token, HttpRequestMessage request)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = new CancellationTokenSource(Timeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        request.Dispose();
        var body = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? await response.Content.ReadAsStreamAsync(timeout.Token) : null;
        return new SseResponse(response, body);
    }

    /// <summary>The body of a response that is not a stream (a refusal), as GraphQL JSON.</summary>
    public async Task<GraphQLResponse> BodyAsync() =>
        new(_response.StatusCode, MediaType, await _response.Content.ReadAsStringAsync());

    /// <summary>The next event; fails after <see cref="Timeout"/> or when the stream ends first.</summary>
    public async Task<SseEvent> NextEventAsync(TimeSpan? within = null) =>
        await ReadEventAsync(within ?? Timeout) ?? throw new InvalidOperationException("The stream ended before another event.");

    /// <summary>The next event, or null when the server ends the stream.</summary>
    public async Task<SseEvent?> ReadEventAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        string? name = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync(deadline - DateTime.UtcNow);
            if (line is null)
                return null;
            if (line.Length == 0)
            {
                if (name is not null)
                    return new SseEvent(name, data.ToString());
                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments++;
                continue;
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
                name = line["event:".Length..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal))
                data.Append(line["data:".Length..].TrimStart());
        }
    }

    /// <summary>The next event if one comes within <paramref name="quiet"/>, else null.</summary>
    public async Task<SseEvent?> ReadEventWithinAsync(TimeSpan quiet)
    {
        try
        {
            return await ReadEventAsync(quiet);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    // One read is in flight at a time and survives a timeout, as with the WebSocket client.
    private async Task<string?> ReadLineAsync(TimeSpan within)
    {
        _pendingLine ??= _reader!.ReadLineAsync();
        if (await Task.WhenAny(_pendingLine, Task.Delay(within > TimeSpan.Zero ? within : TimeSpan.Zero)) != _pendingLine)
            throw new TimeoutException($"No event within {Timeout.TotalSeconds} s.");
        var line = await _pendingLine;
        _pendingLine = null;
        return line;
    }

    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
