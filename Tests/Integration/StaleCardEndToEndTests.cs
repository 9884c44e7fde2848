using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Tests.Support;
using KanbanCustomer.Tests.Webhooks;
using Microsoft.Extensions.Configuration;

namespace KanbanCustomer.Tests.Integration;

/// <summary>
/// The whole stale-card path on a running server (its own process, SQLite, Hangfire in memory): a short threshold
/// and a one-second cron flag an untouched card; a graphql-ws subscriber sees CardFlaggedStale; a webhook receiver on
/// 127.0.0.1 gets a signed digest; a move clears the flag.
/// </summary>
public sealed class StaleCardEndToEndTests : IAsyncLifetime
{
    private const string Secret = "end-to-end-secret-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "kanban-tests", $"e2e-{Guid.NewGuid():N}.db");
    private readonly Dictionary<string, string> _settings = [];
    private ApiProcess _server = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        _settings["Database:Provider"] = "Sqlite";
        _settings["ConnectionStrings:Kanban"] = $"Data Source={_databasePath}";
        _settings["Database:SeedDemoData"] = "false";
        _settings["Auth:SigningKey"] = KanbanApp.SigningKey;
        _settings["Auth:Issuer"] = KanbanApp.Issuer;
        _settings["GraphQL:RateLimit:Enabled"] = "false";
        _settings["Hangfire:StaleScanCron"] = "*/1 * * * * *";
        _settings["Hangfire:SchedulePollingInterval"] = "00:00:01";
        _settings["Webhooks:AllowPrivateNetworks"] = "true";
        _settings["Webhooks:RetryDelays"] = "00:00:01";
        _server = new ApiProcess(_settings);
        await _server.StartAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            if (File.Exists(file))
                File.Delete(file);
        }
    }

    [Fact]
    public async Task An_untouched_card_is_flagged_announced_and_cleared_by_a_move()
    {
        var token = TokenIssuer.Issue(AuthSettings.From(new ConfigurationBuilder().AddInMemoryCollection(_settings!).Build()),
            "alice", "Alice", TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow());
        var alice = new GraphQLClient(new HttpClient { BaseAddress = _server.BaseAddress }, token);
        await using var receiver = await WebhookReceiver.StartAsync();
        var board = await alice.CreateBoardAsync("End to end", columns: new object[] { new { name = "Inbox", staleAfter = "PT2S" }, new { name = "Doing" } });
        await alice.DataAsync("mutation($b: ID!, $u: String!, $s: String!) { addWebhook(input: { boardId: $b, url: $u, secret: $s }) { webhook { id } } }",
            new { b = board.BoardId, u = receiver.Url.ToString(), s = Secret });
        var start = (int)await alice.EventCountAsync(board.BoardId);
        await using var subscriber = await GraphQLWsClient.ConnectAsync(_server.BaseAddress, token, TestContext.Current.CancellationToken);
        await subscriber.SubscribeAsync("s", "subscription($b: ID!, $a: Int) { boardEvents(boardId: $b, afterSeq: $a) { seq type cardId } }",
            new { b = board.BoardId, a = start });
        var card = (await alice.CreateCardAsync(board.BoardId, "Nobody looks at me", board.ColumnIds[0])).Str("id");

        var flagged = await NextOfTypeAsync(subscriber, "CardFlaggedStale");
        var digest = Assert.Single(await receiver.WaitForAsync(1, Patience));
        await alice.MoveCardAsync(card, board.ColumnIds[1]);
        var unflagged = await NextOfTypeAsync(subscriber, "CardUnflagged");

        Assert.Equal(card, flagged.Str("cardId"));
        var signature = digest.Headers.First(h => h.Key.Equals("X-Kanban-Signature", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), digest.Body)), signature);
        var body = JsonDocument.Parse(digest.Body).RootElement;
        Assert.Equal(Ids.Parse(board.BoardId, "Board").ToString(), body.Str("boardId"));
        Assert.Equal([Ids.Parse(card, "Card").ToString()], body.GetProperty("cards").EnumerateArray().Select(c => c.Str("id")));
        Assert.Equal(card, unflagged.Str("cardId"));
        Assert.False((await alice.CardAsync(card, "isStale")).At("isStale").GetBoolean());
    }

    /// <summary>Reads events (bounded: at most 50, each within the patience) until one of the given type.</summary>
    private static async Task<JsonElement> NextOfTypeAsync(GraphQLWsClient subscriber, string type)
    {
        for (var i = 0; i < 50; i++)
        {
            var next = (await subscriber.NextPayloadsAsync("s", 1, Patience))[0].At("data.boardEvents");
            if (next.Str("type") == type)
                return next;
        }

        throw new InvalidOperationException($"No {type} among 50 events.");
    }
}
