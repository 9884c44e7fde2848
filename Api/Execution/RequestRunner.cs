using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.SchemaRoot;
using KanbanCustomer.Domain.Common;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// The one gate every transport (HTTP, Server-Sent Events, WebSocket) passes a request through: the signed-in
/// person's row, the rate-limit window, the checks on the request itself, and execution with the engine's rules
/// (tokens, cost, persisted documents, errors; see ExecutionSetup). A transport adds only what its protocol is about:
/// framing, its own status codes and messages, which operation types it carries.
/// </summary>
public sealed class RequestRunner(
    IDocumentExecuter<KanbanSchema> executer,
    IOptions<GraphQLLimits> options,
    GraphQLRateLimiter rateLimiter,
    KanbanSchema schema,
    OperationTelemetry telemetry)
{
    public const string QueryTooLong = "QUERY_TOO_LONG";

    /// <summary>The engine's rules for a new document, and the request-dependent ones for a kept document, each with the telemetry's note of the operation.</summary>
    private static readonly IValidationRule[] CoreRules = [OperationTelemetry.OperationRule, .. DocumentValidator.CoreRules];
    private static readonly IValidationRule[] KeptDocumentRules = [OperationTelemetry.OperationRule, .. DocumentCache.RequestRules];

    private readonly GraphQLLimits _limits = options.Value;

    /// <summary>The schema as SDL (served where introspection is on).</summary>
    public string PrintSchema() => schema.Print();

    /// <summary>
    /// Why the request cannot run, before anything is parsed (null when it can): a document over
    /// <see cref="GraphQLLimits.MaxQueryLength"/>, or numbers in variables or extensions that JSON read as infinite.
    /// </summary>
    public KanbanError? Check(GraphQLRequest request)
    {
        var refusal = request.Query?.Length > _limits.MaxQueryLength
            ? new KanbanError(QueryTooLong, $"The query is {request.Query.Length} characters long; at most {_limits.MaxQueryLength} are allowed.")
            : HasNonFiniteNumber(request.Variables) || HasNonFiniteNumber(request.Extensions)
                ? new KanbanError(KanbanErrorInfoProvider.BadRequest, "Numbers in 'variables' and 'extensions' must be finite (1e999 is not).")
                : null;
        if (refusal is not null)
            telemetry.Refused(refusal.Code!);
        return refusal;
    }

    /// <summary>
    /// Takes one request from the caller's rate-limit window (per user, else per address); a refusal carries
    /// <c>retryAfter</c> in seconds. HTTP requests take theirs in the rate-limit middleware, from the same windows.
    /// </summary>
    public async ValueTask<KanbanError?> TakeRateLimitAsync(ClaimsPrincipal? user, IPAddress? address, CancellationToken cancellationToken)
    {
        if (!_limits.RateLimit.Enabled)
            return null;
        using var lease = await rateLimiter.AcquireAsync(GraphQLRateLimiter.PartitionKey(user, address), 1, cancellationToken);
        if (lease.IsAcquired)
            return null;
        var seconds = rateLimiter.RetryAfterSeconds(lease);
        telemetry.Refused(GraphQLRateLimiter.RateLimited);
        return new KanbanError(GraphQLRateLimiter.RateLimited, $"Too many requests; try again in {seconds} s.",
            details: new Dictionary<string, object?> { ["retryAfter"] = seconds });
    }

    /// <summary>
    /// The signed-in person's row, written on their first request (and when their name changes), in the caller's scope.
    /// A person this process already wrote costs a dictionary lookup: no DbContext is made for them.
    /// </summary>
    public static Task ProvisionAsync(ClaimsPrincipal user, IServiceProvider services, CancellationToken cancellationToken)
    {
        var id = user.FindFirst("sub")?.Value ?? throw new DomainException(ErrorCodes.Unauthenticated, "Sign in with a bearer token.");
        var name = user.FindFirst("name")?.Value;
        return services.GetRequiredService<UserProvisioning.KnownUsers>().Knows(id, name)
            ? Task.CompletedTask
            : services.GetRequiredService<UserProvisioning>().EnsureAsync(id, name, cancellationToken);
    }

    /// <summary>
    /// Executes the request in <paramref name="services"/> (the caller's scope) as <paramref name="user"/>. The core
    /// validation rules run for a new document, the request-dependent ones for a kept one (<see cref="DocumentCache"/>);
    /// <paramref name="transportRule"/> adds the transport's own (which operation types it carries) to both. The user
    /// context is shared by validation and execution (the cost header reads it). Every operation gets its span and
    /// metrics here (<see cref="OperationTelemetry"/>), whichever transport carried it.
    /// </summary>
    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, ClaimsPrincipal user, IServiceProvider services, CancellationToken cancellationToken,
        IValidationRule? transportRule = null, IDictionary<string, object?>? userContext = null)
    {
        userContext ??= new Dictionary<string, object?>();
        using var activity = OperationTelemetry.Start(request);
        var startedAt = Stopwatch.GetTimestamp();
        ExecutionResult result;
        try
        {
            result = await executer.ExecuteAsync(new ExecutionOptions
            {
                UserContext = userContext,
                Query = request.Query,
                DocumentId = request.DocumentId,
                OperationName = request.OperationName,
                Variables = request.Variables,
                Extensions = request.Extensions,
                RequestServices = services,
                User = user,
                CancellationToken = cancellationToken,
                ValidationRules = transportRule is null ? CoreRules : [.. CoreRules, transportRule],
                CachedDocumentValidationRules = transportRule is null ? KeptDocumentRules : [.. KeptDocumentRules, transportRule],
            });
        }
        catch (Exception ex)
        {
            telemetry.Failed(activity, startedAt, ex);
            throw;
        }

        telemetry.Finish(activity, result, userContext, startedAt);
        return result;
    }

    /// <summary>JSON such as <c>1e999</c> reads as infinity, which no JSON can carry back (and no field takes).</summary>
    private static bool HasNonFiniteNumber(object? value) => value switch
    {
        double number => !double.IsFinite(number),
        string => false,
        IEnumerable<KeyValuePair<string, object?>> map => map.Any(pair => HasNonFiniteNumber(pair.Value)),
        System.Collections.IEnumerable list => list.Cast<object?>().Any(HasNonFiniteNumber),
        _ => false,
    };
}
