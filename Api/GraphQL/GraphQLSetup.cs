using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using KanbanCustomer.Api.Access;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Members;

namespace KanbanCustomer.Api.GraphQL;

public static class GraphQLSetup
{
    public static IServiceCollection AddKanbanGraphQL(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GraphQLLimits>(configuration.GetSection("GraphQL"));
        services.AddScoped<BoardWrites>();
        services.AddScoped<BoardLoaders>();
        services.AddScoped<CardLoaders>();
        services.AddScoped<IRequestLoaders>(sp => sp.GetRequiredService<BoardLoaders>());
        services.AddScoped<IRequestLoaders>(sp => sp.GetRequiredService<CardLoaders>());
        services.AddScoped<MemberLoaders>();
        services.AddScoped<IRequestLoaders>(sp => sp.GetRequiredService<MemberLoaders>());
        services.AddScoped<UserProvisioning>();
        services.AddSingleton<UserProvisioning.KnownUsers>();
        services.AddGraphQL(b => b
            .AddSchema<KanbanSchema>()
            .AddGraphTypes(typeof(KanbanSchema).Assembly)
            .AddSystemTextJson(o => o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider<KanbanErrorInfoProvider>()
            .AddUnhandledExceptionHandler(ExceptionMapping.Map)
            // One DbContext per request: resolvers and loaders run one at a time (see README, Decisions).
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddExecutionStrategy<MutationExecutionStrategy>(OperationType.Mutation)
            .UseMiddleware<BoardAccessMiddleware>()
            .ConfigureExecutionOptions(o => o.ThrowOnUnhandledException = false));
        return services;
    }
}

/// <summary>Limits of the GraphQL endpoint, under <c>GraphQL:</c> in configuration.</summary>
public sealed class GraphQLLimits
{
    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 1_000_000;
}
