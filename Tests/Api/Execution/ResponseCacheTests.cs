using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The query response cache: a repeated query runs no SQL while nothing changed, and any write (a mutation, or a
/// change made straight through EF) makes the next answer fresh. Answers are per user and never kept with errors
/// or when they read the clock.
/// </summary>
public abstract class ResponseCacheTests(KanbanApp app) : ApiTestBase(app)
{
    private const string BoardQuery = "query($id: ID!) { board(id: $id) { name columns { name cards(first: 5) { nodes { title } } } } }";

    [Fact]
    public async Task A_repeated_query_is_answered_without_SQL_until_something_is_written()
    {
        var board = await Alice.CreateBoardAsync("Cached board");
        await Alice.CreateCardAsync(board.BoardId, "First problem");

        // Marking the card's events published is a write of its own, moments after the mutation: until it is done,
        // an answer may be made again. Bounded: 50 tries, 20 ms apart.
        GraphQLResponse first = await Alice.SendAsync(BoardQuery, new { id = board.BoardId }), again = first;
        var commands = -1;
        for (var i = 0; i < 50 && commands != 0; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            first = await Alice.SendAsync(BoardQuery, new { id = board.BoardId });
            App.Commands.Reset();
            again = await Alice.SendAsync(BoardQuery, new { id = board.BoardId });
            commands = App.Commands.Count;
        }

        Assert.Equal(0, commands);
        Assert.Equal(first.Text, again.Text);

        await Alice.DataAsync("mutation($id: ID!) { renameBoard(input: { boardId: $id, name: \"Renamed board\" }) { board { id } } }", new { id = board.BoardId });
        var renamed = await Alice.DataAsync(BoardQuery, new { id = board.BoardId });
        Assert.Equal("Renamed board", renamed.Str("board.name"));
    }

    [Fact]
    public async Task A_change_made_outside_the_API_also_ends_the_cached_answer()
    {
        var board = await Alice.CreateBoardAsync("Before");
        await Alice.DataAsync(BoardQuery, new { id = board.BoardId });

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            var id = KanbanCustomer.Api.Common.Ids.Parse(board.BoardId, "Board");
            await db.Boards.Where(b => b.Id == id).ExecuteUpdateAsync(u => u.SetProperty(b => b.Name, "After"), TestContext.Current.CancellationToken);
        }

        var data = await Alice.DataAsync(BoardQuery, new { id = board.BoardId });
        Assert.Equal("After", data.Str("board.name"));
    }

    [Fact]
    public async Task Another_user_never_gets_a_cached_answer_and_errors_are_not_kept()
    {
        var board = await Alice.CreateBoardAsync("Private board");
        await Alice.DataAsync(BoardQuery, new { id = board.BoardId });

        var asBob = await Bob.SendAsync(BoardQuery, new { id = board.BoardId });
        Assert.Equal("NOT_FOUND", asBob.ErrorCode);

        App.Commands.Reset();
        var again = await Bob.SendAsync(BoardQuery, new { id = board.BoardId });
        Assert.Equal("NOT_FOUND", again.ErrorCode);
        Assert.True(App.Commands.Count > 0, "an answer with errors was served from the cache");
    }

    [Fact]
    public async Task A_query_that_reads_the_clock_runs_every_time()
    {
        var board = await Alice.CreateBoardAsync("Clock board");
        var card = await Alice.CreateCardAsync(board.BoardId, "Ageing problem");
        const string query = "query($id: ID!) { card(id: $id) { timeInColumn } }";
        var before = await Alice.DataAsync(query, new { id = card.Str("id") });

        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var after = await Alice.DataAsync(query, new { id = card.Str("id") });

        Assert.NotEqual(before.Str("card.timeInColumn"), after.Str("card.timeInColumn"));
    }
}

public sealed class SqliteResponseCacheTests(SqliteApp app) : ResponseCacheTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresResponseCacheTests(PostgresApp app) : ResponseCacheTests(app), IClassFixture<PostgresApp>;
