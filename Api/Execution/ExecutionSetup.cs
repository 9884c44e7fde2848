using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Api.Transport;
using KanbanCustomer.Infrastructure.Telemetry;
using Microsoft.Extensions.Options;
using GraphQLLifetime = GraphQL.DI.ServiceLifetime;
using KanbanCustomer.Api.SchemaRoot;

namespace KanbanCustomer.Api.Execution;

public static class ExecutionSetup
{
    public static IServiceCollection AddKanbanExecution(this IServiceCollection services, GraphQLLimits limits, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(Options.Create(limits));
        services.AddSingleton(new Common.Connections.PageDefaults(limits.DefaultPageSize, limits.CellWalkFromCards));
        var persisted = PersistedOperations.Load(environment.ContentRootPath, limits.PersistedOperations,
            pathConfigured: configuration["GraphQL:PersistedOperations:Path"] is not null);
        services.AddSingleton(persisted);
        services.AddHostedService<PersistedOperationsCheck>();
        var onlyPersisted = limits.PersistedOperations.OnlyPersistedInProduction && environment.IsProduction();
        services.AddSingleton(sp => new ResponseCache(sp.GetRequiredService<KanbanCustomer.Infrastructure.Persistence.DataVersion>(), limits.ResponseCache));
        services.AddScoped<UserProvisioning>();
        services.AddSingleton<UserProvisioning.KnownUsers>();
        services.AddSingleton(sp => new GraphQLRateLimiter(limits.RateLimit, sp.GetService<KanbanCustomer.Infrastructure.Limits.RedisRateWindows>()));
        services.AddKanbanMetrics();
        services.AddSingleton<OperationTelemetry>();
        services.AddSingleton<RequestRunner>();
        services.AddGraphQL(b =>
        {
            b.Services.Register<IDocumentBuilder>(new TokenLimitedDocumentBuilder(limits));
            b.AddSchema<KanbanSchema>()
                .AddGraphTypes(typeof(KanbanSchema).Assembly)
                .AddSystemTextJson(o => o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
                .AddErrorInfoProvider<KanbanErrorInfoProvider>()
                .AddUnhandledExceptionHandler(ExceptionMapping.Map)
                // One DbContext per request: resolvers and loaders run one at a time (see README, Decisions); a query whose
                // fields all declare their SQL runs as compiled statements instead (CompiledReadStrategy).
                .AddExecutionStrategy(new CompiledReadStrategy(limits.CompiledReads), OperationType.Query)
                .AddExecutionStrategy<MutationExecutionStrategy>(OperationType.Mutation)
                // Events of a subscription execute in a scope of their own: several may run at once, and a scope's
                // loaders would otherwise serve the first event's objects to later ones.
                .AddScopedSubscriptionExecutionStrategy()
                // Clients send documentId (sha256:<hex>) for an operation read at start-up; in Production-only mode nothing else runs.
                .UsePersistedDocuments<PersistedOperationLoader>(GraphQLLifetime.Singleton, o => o.AllowOnlyPersistedDocuments = onlyPersisted)
                .UseMiddleware<BoardAccessMiddleware>()
                .ConfigureExecutionOptions(o => o.ThrowOnUnhandledException = false);
            // Rules run in the order added; the cheap counts come first so a flood is named for what it is.
            if (limits.EnableIntrospection)
                b.AddValidationRule(new IntrospectionNestingRule());
            else
                b.AddValidationRule(NoIntrospectionValidationRule.Instance);
            // GraphQL-Cost: validate stops after validation (CostHeader); registered last, so it replaces the default selector.
            b.Services.Register<IExecutionStrategySelector, CostAwareStrategySelector>(GraphQLLifetime.Singleton);
            // The rules that read argument values (variables) run for a cached document too; the others passed for its tree.
            b.AddValidationRule(new DocumentSizeRule(limits))
                .AddValidationRule(new PageSizeRule(limits.MaxPageSize), useForCachedDocuments: true)
                .AddValidationRule(new NodeIdsRule(limits.MaxNodeIds), useForCachedDocuments: true)
                .AddValidationRule(new CostRule(limits), useForCachedDocuments: true)
                .WithTimeout(limits.ExecutionTimeout);
            if (limits.DocumentCacheChars > 0)
            {
                var validations = new ValidationCache(limits.DocumentCacheChars);
                b.Services.Register<GraphQL.Validation.IDocumentValidator>(validations);
                b.ConfigureExecution(new DocumentCache(limits, validations));
            }
        });
        return services;
    }
}

/// <summary>Limits of the GraphQL endpoint, under <c>GraphQL:</c> in configuration (README, Limits).</summary>
public sealed class GraphQLLimits
{
    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 100_000;

    /// <summary>Longest GraphQL document accepted, in characters.</summary>
    public int MaxQueryLength { get; set; } = 20_000;

    /// <summary>Most tokens (names, punctuation, values; comments aside) in one document, counted before it is parsed.</summary>
    public int MaxTokens { get; set; } = 2_000;

    /// <summary>Deepest nesting of selection sets in the executed operation.</summary>
    public int MaxDepth { get; set; } = 12;

    /// <summary>Highest estimated cost: every field costs 1, times the sizes of the lists it sits in.</summary>
    public int MaxComplexity { get; set; } = 5_000;

    /// <summary>How many items the cost estimate assumes for a list field without a <c>first</c> argument.</summary>
    public int AssumedListSize { get; set; } = 5;

    /// <summary>Largest <c>first</c> or <c>last</c> a connection accepts.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>Page size of a connection asked for without <c>first</c> or <c>last</c>.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>In the board order, a card list pages cell by cell (column x swimlane) once a cell holds this many cards.</summary>
    public int CellWalkFromCards { get; set; } = 500;

    /// <summary>What each operation of a <c>where</c> filter adds to a connection's cost.</summary>
    public int FilterOperationCost { get; set; } = 2;

    /// <summary>What each <c>order</c> field adds to a connection's cost.</summary>
    public int SortFieldCost { get; set; } = 1;

    /// <summary>Characters of parsed and validated documents kept for their next request (<see cref="DocumentCache"/>); 0 keeps none.</summary>
    public long DocumentCacheChars { get; set; } = 2_000_000;

    /// <summary>Whether queries whose fields all declare their SQL run as compiled statements (<see cref="CompiledReadStrategy"/>).</summary>
    public bool CompiledReads { get; set; } = true;

    /// <summary>Most global ids one <c>nodes</c> call may ask for.</summary>
    public int MaxNodeIds { get; set; } = 50;

    /// <summary>Most aliased fields in one document.</summary>
    public int MaxAliases { get; set; } = 30;

    /// <summary>Most field selections in one document, as written (fragments counted once).</summary>
    public int MaxFields { get; set; } = 400;

    /// <summary>Longest a request may execute (validation included).</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether <c>__schema</c>, <c>__type</c> and the SDL endpoint answer; default: in Development only.</summary>
    public bool EnableIntrospection { get; set; }

    /// <summary>Whether error messages keep the engine's "Did you mean ...?" hints; default: in Development only.</summary>
    public bool ExposeSuggestions { get; set; }

    public GraphQLRateLimit RateLimit { get; set; } = new();

    /// <summary>The query response cache (<c>GraphQL:ResponseCache:</c>).</summary>
    public ResponseCacheOptions ResponseCache { get; set; } = new();

    /// <summary>The WebSocket transport (<c>GraphQL:WebSocket:</c>).</summary>
    public WebSocketLimits WebSocket { get; set; } = new();

    /// <summary>The Server-Sent Events transport (<c>GraphQL:Sse:</c>).</summary>
    public SseLimits Sse { get; set; } = new();

    /// <summary>Persisted operations (<c>GraphQL:PersistedOperations:</c>).</summary>
    public PersistedOperationSettings PersistedOperations { get; set; } = new();

    /// <summary>The limits from <c>GraphQL:</c>, with the environment's defaults for what the section leaves out.</summary>
    public static GraphQLLimits From(IConfiguration configuration, IHostEnvironment environment)
    {
        var limits = new GraphQLLimits
        {
            EnableIntrospection = environment.IsDevelopment(),
            ExposeSuggestions = environment.IsDevelopment(),
        };
        configuration.GetSection("GraphQL").Bind(limits);
        // Several instances (Redis) do not see each other's writes in their data version: no cache there unless asked.
        limits.ResponseCache.Enabled ??= string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]);
        // Browsers on the developer's own machine may open sockets in Development, unless origins are configured.
        if (environment.IsDevelopment() && limits.WebSocket.AllowedOrigins.Length == 0)
            limits.WebSocket.AllowedOrigins = ["http://localhost:*", "http://127.0.0.1:*"];
        limits.Validate();
        return limits;
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (MaxRequestBytes < 1) problems.Add("MaxRequestBytes");
        if (MaxQueryLength < 1) problems.Add("MaxQueryLength");
        if (MaxTokens < 1) problems.Add("MaxTokens");
        if (MaxDepth < 1) problems.Add("MaxDepth");
        if (MaxComplexity < 1) problems.Add("MaxComplexity");
        if (AssumedListSize < 1) problems.Add("AssumedListSize");
        if (FilterOperationCost < 0) problems.Add("FilterOperationCost");
        if (SortFieldCost < 0) problems.Add("SortFieldCost");
        if (MaxPageSize < 1) problems.Add("MaxPageSize");
        if (ResponseCache.SizeLimitBytes < 1) problems.Add("ResponseCache:SizeLimitBytes");
        if (ResponseCache.MaxEntryBytes < 1) problems.Add("ResponseCache:MaxEntryBytes");
        if (ResponseCache.MaxKeyChars < 1) problems.Add("ResponseCache:MaxKeyChars");
        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize) problems.Add("DefaultPageSize (1 to MaxPageSize)");
        if (CellWalkFromCards < 1) problems.Add("CellWalkFromCards");
        if (DocumentCacheChars < 0) problems.Add("DocumentCacheChars (0 keeps none)");
        if (MaxNodeIds < 1) problems.Add("MaxNodeIds");
        if (MaxAliases < 0) problems.Add("MaxAliases");
        if (MaxFields < 1) problems.Add("MaxFields");
        if (ExecutionTimeout <= TimeSpan.Zero) problems.Add("ExecutionTimeout");
        if (RateLimit.PermitLimit < 1) problems.Add("RateLimit:PermitLimit");
        if (RateLimit.WindowSeconds < 1) problems.Add("RateLimit:WindowSeconds");
        problems.AddRange(WebSocket.Problems());
        problems.AddRange(Sse.Problems());
        if (problems.Count > 0)
            throw new InvalidOperationException($"GraphQL limits must be positive: {string.Join(", ", problems.Select(p => "GraphQL:" + p))}.");
    }
}

/// <summary>Requests per user (token <c>sub</c>) or, without a token, per client address, in a fixed window.</summary>
public sealed class GraphQLRateLimit
{
    public bool Enabled { get; set; } = true;

    public int PermitLimit { get; set; } = 300;

    public int WindowSeconds { get; set; } = 60;
}
