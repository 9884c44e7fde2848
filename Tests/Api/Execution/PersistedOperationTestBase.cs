using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Production with only persisted operations allowed: the server as a locked-down deployment runs it.</summary>
public sealed class PersistedOnlyProductionApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override string Environment => "Production";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:PersistedOperations:OnlyPersistedInProduction"] = "true",
    };
}

/// <summary>The same setting in Development, where it has no effect so that tooling keeps working.</summary>
public sealed class PersistedOnlyDevelopmentApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override string Environment => "Development";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:PersistedOperations:OnlyPersistedInProduction"] = "true",
    };
}

/// <summary>What the persisted operation tests share: the ids of shipped operations and ways to send them.</summary>
public abstract class PersistedOperationTestBase(SqliteApp app) : ApiTestBase(app)
{
    private protected static readonly string ViewerId = IdOfShipped("Viewer.graphql");

    private protected static Task<GraphQLResponse> PostAsync(GraphQLClient client, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        return SendAndDisposeAsync(client, request);
    }

    private protected static Task<GraphQLResponse> GetAsync(GraphQLClient client, string queryString) =>
        SendAndDisposeAsync(client, new HttpRequestMessage(HttpMethod.Get, "/graphql?" + queryString));

    private protected static async Task<GraphQLResponse> SendAndDisposeAsync(GraphQLClient client, HttpRequestMessage request)
    {
        using (request)
            return await client.SendAsync(request);
    }

    private protected static Task<SseResponse> OpenSseAsync(KanbanApp app, object body) =>
        SseResponse.OpenAsync(app.CreateClient(), app.TokenFor("alice"), new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        });

    private protected static string IdOfShipped(string name) =>
        PersistedOperations.IdOf(PersistedOperations.Normalise(File.ReadAllText(Path.Combine(ShippedFolder(), name))));

    private protected static string ShippedFolder() => Path.Combine(RepositoryRoot(), "Api", PersistedOperationSettings.DefaultPath);

    private protected static string RepositoryRoot([CallerFilePath] string source = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
}
