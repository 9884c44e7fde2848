using GraphQL;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport;

/// <summary>Error codes of the live transports, and errors they make themselves.</summary>
public static class LiveErrors
{
    public const string TooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS";
    public const string TooManyConnections = "TOO_MANY_CONNECTIONS";

    public static KanbanError Internal() => new(KanbanErrorInfoProvider.Internal, "Something went wrong on our side; nothing was changed.");

    /// <summary>An error that ended a stream, as a GraphQL error (the engine has already given ours their codes).</summary>
    public static ExecutionError From(Exception error) => error as ExecutionError ?? Internal();
}
