using System.Buffers;
using System.Text;
using GraphQL;
using GraphQL.Transport;
using KanbanCustomer.Api.Execution;
using Microsoft.Net.Http.Headers;

namespace KanbanCustomer.Api.Transport;

/// <summary>
/// A GraphQL-over-HTTP request from its bytes: a GET's query string, or a POST's JSON body (its media type, its size
/// against <c>GraphQL:MaxRequestBytes</c>, its framing), each refusal with its status and code.
/// </summary>
internal static class HttpRequestReader
{
    internal readonly record struct RequestProblem(int Status, string Code, string Message);

    public static (GraphQLRequest?, RequestProblem?) ReadQueryString(HttpRequest request, IGraphQLTextSerializer serializer)
    {
        var query = request.Query;
        try
        {
            var parsed = new GraphQLRequest
            {
                Query = query["query"].ToString() is { Length: > 0 } q ? q : null,
                DocumentId = query["documentId"].ToString() is { Length: > 0 } d ? d : null,
                OperationName = query["operationName"].ToString() is { Length: > 0 } n ? n : null,
                Variables = query["variables"].ToString() is { Length: > 0 } v ? serializer.Deserialize<Inputs>(v) : null,
                Extensions = query["extensions"].ToString() is { Length: > 0 } x ? serializer.Deserialize<Inputs>(x) : null,
            };
            return Check(parsed);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidCastException or NotSupportedException or InvalidOperationException)
        {
            return (null, new RequestProblem(StatusCodes.Status400BadRequest, KanbanErrorInfoProvider.BadRequest, "'variables' and 'extensions' must be JSON objects."));
        }
    }

    public static async Task<(GraphQLRequest?, RequestProblem?)> ReadBodyAsync(HttpRequest request, IGraphQLTextSerializer serializer, GraphQLLimits limits)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals(GraphQLHttpEndpoint.Json, StringComparison.OrdinalIgnoreCase) ||
            (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, new RequestProblem(StatusCodes.Status415UnsupportedMediaType, KanbanErrorInfoProvider.BadRequest,
                "POST a JSON body with Content-Type: application/json."));
        }

        if (request.ContentLength > limits.MaxRequestBytes)
            return (null, TooLarge(limits));

        // Sized by Content-Length when the client sent one; the read buffer is borrowed, not allocated per request.
        using var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)length : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limits.MaxRequestBytes)
                    return (null, TooLarge(limits));
                buffer.Write(chunk, 0, read);
            }
        }
        // Kestrel's words for malformed framing (a bad chunk size, a body cut short); a client that left goes on to ClientFaults.
        catch (Exception ex) when (ex is BadHttpRequestException or IOException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (null, new RequestProblem(ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest,
                KanbanErrorInfoProvider.BadRequest, "The request body is not well-formed HTTP (its framing or length); nothing was run."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF').TrimStart();
        if (text.Length == 0)
            return (null, new RequestProblem(StatusCodes.Status400BadRequest, KanbanErrorInfoProvider.BadRequest, "The request body is empty; send {\"query\": \"...\"}."));
        if (text[0] == '[')
            return (null, new RequestProblem(StatusCodes.Status400BadRequest, GraphQLHttpEndpoint.BatchNotSupported, "Batched requests are not supported; send one operation per request."));
        if (text[0] != '{')
            return (null, new RequestProblem(StatusCodes.Status400BadRequest, KanbanErrorInfoProvider.BadRequest, "The request body must be a JSON object."));
        try
        {
            return Check(serializer.Deserialize<GraphQLRequest>(text));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidCastException or NotSupportedException or InvalidOperationException)
        {
            return (null, new RequestProblem(StatusCodes.Status400BadRequest, KanbanErrorInfoProvider.BadRequest, "The request body is not valid GraphQL-over-HTTP JSON."));
        }
    }

    private static (GraphQLRequest?, RequestProblem?) Check(GraphQLRequest? request) =>
        request is null || (string.IsNullOrWhiteSpace(request.Query) && request.DocumentId is null)
            ? (null, new RequestProblem(StatusCodes.Status400BadRequest, KanbanErrorInfoProvider.BadRequest, "The request has no 'query' (or 'documentId' of a persisted operation)."))
            : (request, null);

    private static RequestProblem TooLarge(GraphQLLimits limits) =>
        new(StatusCodes.Status413PayloadTooLarge, GraphQLHttpEndpoint.RequestTooLarge, $"The request body is larger than {limits.MaxRequestBytes} bytes.");
}
