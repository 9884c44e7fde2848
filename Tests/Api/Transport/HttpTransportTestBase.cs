using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>The server with a 10 kB request limit, so "too large" is cheap to send.</summary>
public sealed class SmallRequestLimitApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int MaxRequestBytes = 10_000;

    protected override IDictionary<string, string?> ExtraSettings =>
        new Dictionary<string, string?> { ["GraphQL:MaxRequestBytes"] = MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

/// <summary>
/// GraphQL over HTTP as a client meets it: methods, content types, Accept, limits and refusals.
/// The database does not matter here, so these run on SQLite only. Holds what the transport tests share: raw requests and their replies.
/// </summary>
public abstract class HttpTransportTestBase(SqliteApp app) : ApiTestBase(app)
{
    private protected const string GraphQLResponseJson = "application/graphql-response+json";

    private protected const string ViewerQuery = "{ viewer { userId name } }";

    private protected sealed record Reply(HttpStatusCode Status, GraphQLResponse Body, string Allow);

    /// <summary>Sends as Alice and checks what every answer must hold: JSON, and no stack trace.</summary>
    private protected async Task<Reply> SendAsync(HttpRequestMessage request, KanbanApp? target = null)
    {
        var app = target ?? App;
        using var http = app.CreateClient();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor("alice", "Alice"));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var body = new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        Assert.True(body.Root.ValueKind == JsonValueKind.Object, $"Expected a JSON object, got {(int)response.StatusCode}: {text}");
        return new Reply(response.StatusCode, body, string.Join(", ", response.Content.Headers.Allow));
    }

    private protected static HttpRequestMessage Post(string body, string? contentType = "application/json", string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    private protected static string Body(string query, object? variables = null) => JsonSerializer.Serialize(new { query, variables });

    /// <summary>A valid request body of exactly <paramref name="bytes"/> bytes: the query, padded with spaces.</summary>
    private protected static string PaddedBody(string query, int bytes)
    {
        var bare = Body(query);
        var padding = bytes - Encoding.UTF8.GetByteCount(bare);
        Assert.True(padding >= 0, "The query alone is bigger than the body asked for.");
        return bare[..^1] + new string(' ', padding) + "}";
    }

    private protected static string CreateBoardMutation(string name) => $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}";

    private protected static string UniqueName() => "Board " + Guid.NewGuid().ToString("N");

    private protected async Task<IReadOnlyList<string>> BoardNamesAsync(KanbanApp? target = null)
    {
        var boards = await (target ?? App).ClientFor("alice", "Alice").AllBoardsAsync("name");
        return boards.Select(b => b.Str("name")).ToList();
    }
}
