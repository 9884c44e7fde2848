using System.Globalization;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Every <c>GraphQL:</c> limit set small, to show each key is read and where its edge lies.</summary>
public sealed class SmallLimitsApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int MaxAliases = 2;
    public const int MaxFields = 8;
    public const int MaxDepth = 4;
    public const int MaxComplexity = 40;
    public const int MaxPageSize = 10;
    public const int DefaultPageSize = MaxPageSize;
    public const int MaxQueryLength = 300;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:MaxAliases"] = Text(MaxAliases),
        ["GraphQL:MaxFields"] = Text(MaxFields),
        ["GraphQL:MaxDepth"] = Text(MaxDepth),
        ["GraphQL:MaxComplexity"] = Text(MaxComplexity),
        ["GraphQL:AssumedListSize"] = "3",
        ["GraphQL:MaxPageSize"] = Text(MaxPageSize),
        // The default page must fit in the largest one, or the server refuses to start.
        ["GraphQL:DefaultPageSize"] = Text(DefaultPageSize),
        ["GraphQL:MaxQueryLength"] = Text(MaxQueryLength),
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Three requests a minute per user: the rate limiter as a client meets it.</summary>
public sealed class TinyRateLimitApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int PermitLimit = 3;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:RateLimit:Enabled"] = "true",
        ["GraphQL:RateLimit:PermitLimit"] = PermitLimit.ToString(CultureInfo.InvariantCulture),
        ["GraphQL:RateLimit:WindowSeconds"] = "60",
    };
}

/// <summary>A one-millisecond execution timeout: any query that touches the database runs out of time.</summary>
public sealed class TinyTimeoutApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:ExecutionTimeout"] = "00:00:00.001" };
}

/// <summary>
/// The limits of the GraphQL endpoint: what the defaults let through (a real board screen), where each configured
/// limit refuses, with which code, and that a refused document runs nothing. Attacks as tools send them: <see cref="AttackTests"/>.
/// Holds what the limit tests share: documents of a given size and shape, and checks that nothing ran.
/// </summary>
public abstract class LimitTestBase(SqliteApp app) : ApiTestBase(app)
{
    private protected static string CreateBoard(string name) => $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}";

    private protected static string UniqueName() => "Board " + Guid.NewGuid().ToString("N");

    /// <summary>A refused document has no <c>data</c> at all: nothing of it was executed.</summary>
    private protected static void AssertNotExecuted(GraphQLResponse response) =>
        Assert.False(response.Root.TryGetProperty("data", out _), $"Expected no 'data', got {response.Text}");

    private protected static async Task<IReadOnlyList<string>> BoardNamesAsync(GraphQLClient client) =>
        (await client.AllBoardsAsync("name")).Select(b => b.Str("name")).ToList();
}
