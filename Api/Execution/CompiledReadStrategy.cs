using System.Runtime.CompilerServices;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Common.Reads;
using KanbanCustomer.Infrastructure.Persistence;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// Queries run here once the document is parsed and validated (limits, cost and access rules of the document included):
/// an operation whose every field declares how it reads in SQL (<see cref="ReadPlan"/>) is answered by its compiled
/// statements; any other, and any request the plan hands back (an argument it does not compile, a board the viewer may
/// not see), runs field by field as before. The plan is compiled once per parsed operation, and the document cache keeps
/// the parsed tree, so a repeated document compiles once. <c>GraphQL:CompiledReads</c> false turns it off.
/// </summary>
public sealed class CompiledReadStrategy(bool enabled) : SerialExecutionStrategy
{
    private static readonly ConditionalWeakTable<GraphQLOperationDefinition, Compiled> Plans = [];

    public override async Task<ExecutionResult> ExecuteAsync(GraphQL.Execution.ExecutionContext context)
    {
        if (enabled && context.RequestServices is { } services && context.User?.FindFirstValue("sub") is { Length: > 0 } viewer)
        {
            var database = services.GetRequiredService<ReadConnections>();
            var plan = Plans.GetValue(context.Operation, _ => new Compiled(ReadPlan.Compile(context.Schema, context.Document, context.Operation, database.Model, database.Provider))).Plan;
            if (plan is not null &&
                await ReadRun.RunAsync(plan, context.ArgumentValues, viewer, database, services.GetRequiredService<PageDefaults>(),
                    services.GetService<IReadListener>(), context.CancellationToken) is { } data)
            {
                return new ExecutionResult
                {
                    Query = context.Document.Source,
                    Document = context.Document,
                    Operation = context.Operation,
                    Extensions = context.OutputExtensions,
                    Executed = true,
                    Data = data,
                };
            }
        }

        return await base.ExecuteAsync(context);
    }

    private sealed record Compiled(ReadPlan? Plan);
}
