using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQLParser.AST;
using KanbanCustomer.Infrastructure.Telemetry;
using static KanbanCustomer.Infrastructure.Telemetry.KanbanTelemetry;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// What the request runner tells about each GraphQL operation: a span named after the operation (<c>query BoardPage</c>),
/// its duration and errors as metrics, and the subscriptions streaming right now. Never the document's text, variable
/// values or tokens. Metric tags stay few: operation names are the client's choice, so only the first
/// <see cref="MaxNames"/> distinct names get a value of their own (decision 0047).
/// </summary>
public sealed class OperationTelemetry(KanbanMetrics metrics, IErrorInfoProvider errorInfo)
{
    public const int MaxNames = 100;
    public const int MaxNameLength = 64;
    public const int MaxDocumentIdLength = 128;
    public const string OtherName = "_other";
    public const string NoName = "_anonymous";
    public const string UnknownType = "unknown";

    private const string OperationKey = "kanban.telemetry.operation";

    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

    /// <summary>
    /// Notes the chosen operation in the user context as validation starts: a document that fails validation comes back
    /// without it, and its errors still count under its name. Costs one dictionary write.
    /// </summary>
    public static IValidationRule OperationRule { get; } = new OperationCapture();

    /// <summary>The operation's span, started before execution so database and HTTP spans nest under it.</summary>
    public static Activity? Start(GraphQLRequest request)
    {
        var activity = Source.StartActivity(Spans.GraphQLOperation);
        if (activity is { IsAllDataRequested: true } && request.DocumentId is { } documentId)
            activity.SetTag(Tags.DocumentId, Cap(documentId, MaxDocumentIdLength));
        return activity;
    }

    /// <summary>Names the span after the executed operation, records duration and errors, and counts a subscription while it streams.</summary>
    public void Finish(Activity? activity, ExecutionResult result, IDictionary<string, object?> userContext, long startedAt)
    {
        var definition = result.Operation ?? (userContext.TryGetValue(OperationKey, out var noted) ? noted as GraphQLOperationDefinition : null);
        var type = definition is null ? null : TypeOf(definition.Operation);
        var name = definition?.Name?.StringValue is { Length: > 0 } n ? Cap(n, MaxNameLength) : null;
        var errors = result.Errors is { Count: > 0 } list ? list : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = type is null ? Spans.GraphQLOperation : name is null ? type : $"{type} {name}";
            if (type is not null)
                activity.SetTag(Tags.OperationType, type);
            if (name is not null)
                activity.SetTag(Tags.OperationName, name);
            if (errors is not null)
            {
                var code = CodeOf(errors[0]);
                activity.SetTag(Tags.ErrorType, code);
                activity.SetStatus(ActivityStatusCode.Error, code);
            }
        }

        var typeTag = new KeyValuePair<string, object?>(Tags.OperationType, type ?? UnknownType);
        var nameTag = new KeyValuePair<string, object?>(Tags.OperationName, Label(name));
        metrics.RequestDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, typeTag, nameTag);
        foreach (var error in errors ?? [])
            metrics.Errors.Add(1, new KeyValuePair<string, object?>(Tags.Code, CodeOf(error)), typeTag, nameTag);

        if (result.Streams is { Count: > 0 } streams)
        {
            foreach (var key in streams.Keys.ToList())
                streams[key] = new CountedStream(streams[key], metrics.LiveSubscriptions);
        }
    }

    /// <summary>Execution threw (the engine's own errors come back in the result instead).</summary>
    public void Failed(Activity? activity, long startedAt, Exception exception)
    {
        var code = exception is OperationCanceledException ? "CANCELLED" : KanbanErrorInfoProvider.Internal;
        activity?.SetTag(Tags.ErrorType, code);
        activity?.SetStatus(ActivityStatusCode.Error, code);
        var typeTag = new KeyValuePair<string, object?>(Tags.OperationType, UnknownType);
        var nameTag = new KeyValuePair<string, object?>(Tags.OperationName, NoName);
        metrics.RequestDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, typeTag, nameTag);
        metrics.Errors.Add(1, new KeyValuePair<string, object?>(Tags.Code, code), typeTag, nameTag);
    }

    /// <summary>A refusal before execution (document too long, rate limit): an error with its code, no operation yet.</summary>
    public void Refused(string code) =>
        metrics.Errors.Add(1, new KeyValuePair<string, object?>(Tags.Code, Cap(code, MaxNameLength)),
            new KeyValuePair<string, object?>(Tags.OperationType, UnknownType), new KeyValuePair<string, object?>(Tags.OperationName, NoName));

    /// <summary>The name as a metric tag: itself while fewer than <see cref="MaxNames"/> names were seen, else <see cref="OtherName"/>.</summary>
    public string Label(string? name)
    {
        if (name is null)
            return NoName;
        if (_names.ContainsKey(name))
            return name;
        // Racing threads may let a few past the bound; the bound stays a bound.
        if (_names.Count >= MaxNames)
            return OtherName;
        _names.TryAdd(name, true);
        return name;
    }

    /// <summary>The <c>extensions.code</c> the client sees for this error.</summary>
    private string CodeOf(ExecutionError error) =>
        errorInfo.GetInfo(error).Extensions?.TryGetValue("code", out var code) == true && code is string text ? Cap(text, MaxNameLength) : "UNKNOWN";

    private static string TypeOf(OperationType type) => type switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => UnknownType,
    };

    private static string Cap(string value, int length) => value.Length <= length ? value : value[..length];

    private sealed class OperationCapture : IValidationRule
    {
        public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
        {
            if (context.UserContext is { } userContext)
                userContext[OperationKey] = context.Operation;
            return default;
        }

        public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

        public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;
    }

    /// <summary>A subscription's event stream that counts itself live from subscribe to unsubscribe.</summary>
    private sealed class CountedStream(IObservable<ExecutionResult> inner, UpDownCounter<long> live) : IObservable<ExecutionResult>
    {
        public IDisposable Subscribe(IObserver<ExecutionResult> observer)
        {
            var subscription = inner.Subscribe(observer);
            live.Add(1);
            return new Leaving(subscription, live);
        }
    }

    private sealed class Leaving(IDisposable subscription, UpDownCounter<long> live) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            subscription.Dispose();
            live.Add(-1);
        }
    }
}
