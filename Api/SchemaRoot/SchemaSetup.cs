using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Comments;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Customers;
using KanbanCustomer.Api.Events;
using KanbanCustomer.Api.Flow;
using KanbanCustomer.Api.Insights;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Api.Nodes;
using KanbanCustomer.Api.Notifications;
using KanbanCustomer.Api.Watching;
using KanbanCustomer.Api.Webhooks;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;

namespace KanbanCustomer.Api.SchemaRoot;

public static class SchemaSetup
{
    /// <summary>What the features' resolvers take per request: the write shape and the batch loaders.</summary>
    public static IServiceCollection AddKanbanFeatures(this IServiceCollection services)
    {
        services.AddScoped<BoardWrites>();
        services.AddScoped<Common.Access.CheckedBoards>();
        services.AddRequestLoaders<BoardLoaders>();
        services.AddRequestLoaders<CardLoaders>();
        services.AddRequestLoaders<CustomerLoaders>();
        services.AddRequestLoaders<InsightLoaders>();
        services.AddRequestLoaders<CommentLoaders>();
        services.AddRequestLoaders<MemberLoaders>();
        services.AddRequestLoaders<ConnectionLoaders>();
        services.AddRequestLoaders<FlowLoaders>();
        services.AddRequestLoaders<WatchLoaders>();
        services.AddScoped<NodeLookup>();
        services.AddSingleton<FlowReads>();

        // Fields a feature adds to another's type, after the owner's own, in this order (the schema snapshot shows it).
        services.AddSingleton<IObjectFields<Board>, BoardCardsField>();
        services.AddSingleton<IObjectFields<Board>, BoardCustomersField>();
        services.AddSingleton<IObjectFields<Board>, BoardInsightsField>();
        services.AddSingleton<IObjectFields<Board>, WebhookFields>();
        services.AddSingleton<IObjectFields<Column>, ColumnCardsField>();
        services.AddSingleton<IObjectFields<Card>, CardCustomersField>();
        services.AddSingleton<IObjectFields<Card>, CardFlowFields>();
        services.AddSingleton<IObjectFields<Card>, WatchFields>();
        services.AddSingleton<IObjectFields<Card>, CardEventsField>();
        services.AddSingleton<IObjectFields<Card>, CardCommentsField>();
        services.AddSingleton<IObjectFields<Evidence>, EvidenceCustomerField>();
        services.AddSingleton<IObjectFields<Person>, NotificationFields>();
        return services;
    }

    /// <summary>A scoped loader, also listed as one the mutation strategy clears between mutations.</summary>
    private static void AddRequestLoaders<T>(this IServiceCollection services) where T : class, IRequestLoaders
    {
        services.AddScoped<T>();
        services.AddScoped<IRequestLoaders>(sp => sp.GetRequiredService<T>());
    }
}
