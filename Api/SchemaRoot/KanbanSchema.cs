using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Customers;
using KanbanCustomer.Api.Events;
using KanbanCustomer.Api.Flow;
using KanbanCustomer.Api.Comments;
using KanbanCustomer.Api.Insights;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Api.Nodes;
using KanbanCustomer.Api.Notifications;
using KanbanCustomer.Api.Watching;
using KanbanCustomer.Api.Webhooks;

namespace KanbanCustomer.Api.SchemaRoot;

public sealed class KanbanSchema : Schema
{
    public KanbanSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription) : base(services)
    {
        Description = "KanbanCustomer: a live kanban board of customer problems.";
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        BoardAccess.EnsureEveryRootFieldDeclaresAccess(query, mutation, subscription);
        // The event types are reached only through the BoardEvent interface; the schema must know them all.
        foreach (var eventType in typeof(BoardEventObjectType).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(BoardEventObjectType)) && !t.IsAbstract))
            RegisterType(eventType);
    }
}

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Reads.";
        this.AddViewerQueries();
        this.AddBoardQueries();
        this.AddCardQueries();
        this.AddFlowQueries();
        this.AddForecastQueries();
        this.AddEventQueries();
        this.AddNodeQueries();
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Description = "Changes; each takes one input and returns the changed object.";
        this.AddBoardMutations();
        this.AddCardMutations();
        this.AddCardMergeMutation();
        this.AddCustomerMutations();
        this.AddInsightMutations();
        this.AddCommentMutations();
        this.AddWatchMutations();
        this.AddMemberMutations();
        this.AddNotificationMutations();
        this.AddWebhookMutations();
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Description = "Live streams, over WebSocket (graphql-transport-ws) or Server-Sent Events (graphql-sse).";
        this.AddEventSubscriptions();
        this.AddNotificationSubscriptions();
    }
}
