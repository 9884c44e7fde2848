using GraphQL.Validation;
using GraphQLParser.AST;
using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport;

/// <summary>
/// Which operations an HTTP request may run: GET changes nothing (queries, and subscriptions over an event
/// stream), and a subscription needs a stream (WebSocket or Server-Sent Events), not one response.
/// </summary>
internal sealed class OperationTypeRule(OperationType[] allowed, string code, string message) : ValidationRuleBase
{
    public static readonly OperationTypeRule GetRule = new([OperationType.Query], KanbanErrorInfoProvider.MethodNotAllowed,
        "Only queries can be sent with GET; use POST for mutations.");

    public static readonly OperationTypeRule PostRule = new([OperationType.Query, OperationType.Mutation], KanbanErrorInfoProvider.StreamRequired,
        "Subscriptions need a stream: connect a WebSocket (graphql-transport-ws) to /graphql, or POST with Accept: text/event-stream.");

    public static readonly OperationTypeRule GetStreamRule = new([OperationType.Query, OperationType.Subscription], KanbanErrorInfoProvider.MethodNotAllowed,
        "Mutations cannot be sent with GET; use POST.");

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (!allowed.Contains(context.Operation.Operation))
            context.ReportError(new Error(context, code, message));
        return default;
    }

    public sealed class Error : ValidationError
    {
        public Error(ValidationContext context, string code, string message)
            : base(context.Document.Source, null, message) =>
            Code = code;
    }
}
