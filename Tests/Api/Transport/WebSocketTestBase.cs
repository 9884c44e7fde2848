using System.Globalization;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The WebSocket transport with small limits, so each is cheap to reach; browsers on one origin only; a server ping
/// after 100 ms of silence.
/// </summary>
public sealed class SmallWebSocketLimitsApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int MaxSubscriptions = 2;
    public const int MaxConnections = 2;
    public const int MaxMessageBytes = 2_000;
    public const string AllowedOrigin = "https://board.example";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:WebSocket:MaxSubscriptionsPerConnection"] = Text(MaxSubscriptions),
        ["GraphQL:WebSocket:MaxConnectionsPerUser"] = Text(MaxConnections),
        ["GraphQL:WebSocket:MaxMessageBytes"] = Text(MaxMessageBytes),
        ["GraphQL:WebSocket:AllowedOrigins:0"] = AllowedOrigin,
        ["GraphQL:WebSocket:AllowedOrigins:1"] = "http://localhost:*",
        ["GraphQL:WebSocket:KeepAliveInterval"] = "00:00:00.1",
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A two-second execution timeout, which must not end a subscription that lives longer.</summary>
public sealed class ShortTimeoutApp() : KanbanApp(new SqliteTestDatabase())
{
    public static readonly TimeSpan ExecutionTimeout = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:ExecutionTimeout"] = "00:00:02" };
}

/// <summary>A socket must say connection_init within a fifth of a second.</summary>
public sealed class TinyInitTimeoutApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:WebSocket:ConnectionInitTimeout"] = "00:00:00.2" };
}

/// <summary>
/// graphql-transport-ws as a client meets it; the database does not matter here, so these run on SQLite only (events
/// end to end, on both databases, are in <see cref="BoardEventSubscriptionTests"/>). Holds what the WebSocket tests
/// share.
/// </summary>
public abstract class WebSocketTestBase(SqliteApp app) : ApiTestBase(app)
{
    private protected const string BoardEvents = "subscription($b: ID!) { boardEvents(boardId: $b) { seq type } }";

    private protected static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + GraphQLWsClient.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The condition did not become true within the timeout.");
            await Task.Delay(20);
        }
    }
}
