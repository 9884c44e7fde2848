using System.Text;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQLParser.AST;
using KanbanCustomer.Domain.Common;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

using KanbanCustomer.Api.Execution;
using KanbanCustomer.Api.Transport.Ide;
using KanbanCustomer.Api.Transport.WebSockets;
using KanbanCustomer.Api.Common;

namespace KanbanCustomer.Api.Transport;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with JSON, GET for queries only, and the
/// <c>application/graphql-response+json</c> or <c>application/json</c> response type the client accepts.
/// The same path serves the live transports: a WebSocket handshake goes to <see cref="GraphQLWebSocket"/>, and a
/// client accepting <c>text/event-stream</c> gets its results as Server-Sent Events (<see cref="ServerSentEvents"/>),
/// and a browser's GET gets the GraphQL IDE where it is enabled (<see cref="GraphQLIde"/>).
/// </summary>
public static class GraphQLHttpEndpoint
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";
    public const string EventStream = ServerSentEvents.EventStream;

    public const string BatchNotSupported = "BATCH_NOT_SUPPORTED";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";

    public static IEndpointRouteBuilder MapGraphQLHttp(this IEndpointRouteBuilder endpoints, string path)
    {
        var limits = endpoints.ServiceProvider.GetRequiredService<IOptions<GraphQLLimits>>().Value;
        var graphql = endpoints.MapMethods(path, [HttpMethods.Get, HttpMethods.Post], HandleAsync);
        if (limits.RateLimit.Enabled)
            graphql.RequireRateLimiting(HttpRateLimiting.PolicyName);
        // The SDL is the schema in another form: without introspection there is none (404).
        if (limits.EnableIntrospection)
        {
            var sdl = endpoints.MapGet(path + "/schema.graphql", (RequestRunner runner) =>
                Results.Text(runner.PrintSchema(), "text/plain; charset=utf-8"));
            if (limits.RateLimit.Enabled)
                sdl.RequireRateLimiting(HttpRateLimiting.PolicyName);
        }

        return endpoints.MapGraphQLIde(path);
    }

    private static async Task HandleAsync(HttpContext http)
    {
        try
        {
            if (http.WebSockets.IsWebSocketRequest)
                await GraphQLWebSocket.HandleAsync(http);
            else if (GraphQLIde.ServesPage(http))
                await GraphQLIde.WritePageAsync(http);
            else
                await HandleRequestAsync(http);
        }
#pragma warning disable CA1031 // The last line of defence: a GraphQL error with a code, never a stack trace.
        // Malformed HTTP and clients that left go on to ClientFaults: they are the client's doing.
        catch (Exception ex) when (!http.Response.HasStarted && !ClientFaults.IsClientFault(http, ex))
#pragma warning restore CA1031
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GraphQLHttpEndpoint))
                .LogError(ex, "The GraphQL endpoint failed outside execution.");
            await WriteErrorAsync(http, StatusCodes.Status500InternalServerError, Json, KanbanErrorInfoProvider.Internal,
                "Something went wrong on our side; nothing was changed.");
        }
    }

    private static async Task HandleRequestAsync(HttpContext http)
    {
        var responseType = Negotiate(http.Request.Headers.Accept);
        if (responseType is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status406NotAcceptable, Json, KanbanErrorInfoProvider.BadRequest,
                $"Accept {GraphQLResponseJson}, {Json} (UTF-8) or {EventStream}.");
            return;
        }

        // Refusals before execution are plain JSON responses, whatever the client accepts.
        var sse = responseType == EventStream;
        var mediaType = sse ? Json : responseType;

        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var limits = http.RequestServices.GetRequiredService<IOptions<GraphQLLimits>>().Value;
        var isGet = HttpMethods.IsGet(http.Request.Method);
        var (read, problem) = isGet ? HttpRequestReader.ReadQueryString(http.Request, serializer) : await HttpRequestReader.ReadBodyAsync(http.Request, serializer, limits);
        if (problem is not null || read is not { } request)
        {
            var unread = problem ?? new(StatusCodes.Status400BadRequest, KanbanErrorInfoProvider.BadRequest, "The request could not be read.");
            await WriteErrorAsync(http, unread.Status, mediaType, unread.Code, unread.Message);
            return;
        }

        if (!CostHeader.TryParse(http.Request.Headers[CostHeader.Name], out var costMode))
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, mediaType, CostHeader.InvalidCostHeader,
                $"{CostHeader.Name} must be 'report' (add extensions.cost) or 'validate' (compute the cost, execute nothing).");
            return;
        }

        var runner = http.RequestServices.GetRequiredService<RequestRunner>();
        if (runner.Check(request) is { } refused)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, mediaType, refused.Code!, refused.Message);
            return;
        }

        if (http.User.Identity?.IsAuthenticated != true || string.IsNullOrWhiteSpace(http.User.FindFirst("sub")?.Value))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            var refusal = http.Items[Auth.TokenClaims.ProblemKey] is string p ? $"The token was refused: {p}. " : "";
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, mediaType, ErrorCodes.Unauthenticated,
                refusal + "Sign in: send a valid bearer token in the Authorization header.");
            return;
        }

        await RequestRunner.ProvisionAsync(http.User, http.RequestServices, http.RequestAborted);

        // A POST that accepts an event stream may run anything; otherwise the method and the response type narrow it.
        OperationTypeRule? operationRule = (isGet, sse) switch
        {
            (true, false) => OperationTypeRule.GetRule,
            (true, true) => OperationTypeRule.GetStreamRule,
            (false, false) => OperationTypeRule.PostRule,
            _ => null,
        };
        // A query asked before, while nothing changed, is answered from the cache without executing.
        var cache = http.RequestServices.GetRequiredService<ResponseCache>();
        string? cacheKey = null;
        long readVersion = 0;
        if (cache.Enabled && !sse && costMode == CostMode.None)
        {
            cacheKey = ResponseCache.Key(http.User.FindFirst("sub")!.Value, mediaType, request, serializer);
            readVersion = cache.Version;
            if (cache.TryGet(cacheKey, readVersion, out var cached))
            {
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = mediaType + "; charset=utf-8";
                await http.Response.Body.WriteAsync(cached, http.RequestAborted);
                return;
            }
        }

        var userContext = new Dictionary<string, object?>();
        if (costMode == CostMode.Validate)
            userContext[CostHeader.ValidateOnlyKey] = true;
        var result = await runner.ExecuteAsync(request, http.User, http.RequestServices, http.RequestAborted, operationRule, userContext);

        if (costMode != CostMode.None)
            CostHeader.Report(result, userContext, limits);
        // Validated only: the engine ran a strategy that resolved nothing, so there is no data to show.
        if (costMode == CostMode.Validate)
            result.Executed = false;

        var status = StatusCodes.Status200OK;
        if (result.Errors?.Any(e => e is OperationTypeRule.Error && e.Code == KanbanErrorInfoProvider.MethodNotAllowed) == true)
        {
            http.Response.Headers.Allow = "POST";
            status = StatusCodes.Status405MethodNotAllowed;
        }
        else if (sse)
        {
            await ServerSentEvents.WriteAsync(http, result);
            return;
        }
        else if (!result.Executed && mediaType == GraphQLResponseJson && result.Errors is { Count: > 0 })
        {
            status = StatusCodes.Status400BadRequest;
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        if (cacheKey is not null && status == StatusCodes.Status200OK && ResponseCache.IsCacheable(result))
        {
            using var buffer = new MemoryStream();
            await serializer.WriteAsync(buffer, result, http.RequestAborted);
            var body = buffer.ToArray();
            cache.Set(cacheKey, readVersion, body);
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
            return;
        }

        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>The response type from the Accept header (a JSON type, or the event stream); null when the client accepts none of them.</summary>
    internal static string? Negotiate(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString()))
            return Json;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var types))
            return null;
        foreach (var type in types.OrderByDescending(t => t.Quality ?? 1))
        {
            if (type.Quality == 0 || (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
                continue;
            if (type.MediaType.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
                return GraphQLResponseJson;
            if (type.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
                return Json;
            if (type.MediaType.Equals(EventStream, StringComparison.OrdinalIgnoreCase))
                return EventStream;
            // Legacy clients send */*; the spec asks for application/json then.
            if (type.MediaType.Equals("*/*", StringComparison.Ordinal) || type.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase))
                return Json;
        }

        return null;
    }

    internal static async Task WriteErrorAsync(HttpContext http, int status, string mediaType, string code, string message)
    {
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, new ExecutionResult(new KanbanError(code, message)), http.RequestAborted);
    }
}
