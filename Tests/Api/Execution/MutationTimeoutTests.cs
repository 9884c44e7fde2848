using System.Data.Common;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>A two-second execution timeout over a database the test can make slow at one chosen point.</summary>
public sealed class StallingApp() : KanbanApp(new SqliteTestDatabase())
{
    // Two seconds: ample for a write to reach its commit on a loaded CI machine.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public Stall Stall { get; } = new(Timeout + TimeSpan.FromSeconds(1));

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:ExecutionTimeout"] = "00:00:02" };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(Stall);
}

/// <summary>
/// Makes one command of the calling test's own request wait (as a slow database would, giving up when cancelled): the
/// board's lock before the write, or the first read after the commit. Background work is never slowed.
/// </summary>
public sealed class Stall(TimeSpan wait) : DbCommandInterceptor, IDbTransactionInterceptor
{
    public enum Point { BeforeCommit, AfterCommit }

    private readonly AsyncLocal<Armed?> _armed = new();

    public void Arm(Point point) => _armed.Value = new Armed(point);

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (_armed.Value is { Point: Point.BeforeCommit } armed && armed.Take())
            await Task.Delay(wait, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (_armed.Value is { Point: Point.AfterCommit, Committed: true } armed && armed.Take())
            await Task.Delay(wait, cancellationToken);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (_armed.Value is { } armed)
            armed.Committed = true;
        return Task.CompletedTask;
    }

    private sealed class Armed(Point point)
    {
        private int _taken;

        public Point Point { get; } = point;

        public bool Committed { get; set; }

        public bool Take() => Interlocked.Exchange(ref _taken, 1) == 0;
    }
}

/// <summary>The execution timeout cancels a mutation until its write commits, and never after.</summary>
public sealed class MutationTimeoutTests(StallingApp app) : ApiTestBase(app), IClassFixture<StallingApp>
{
    private const string CreateCard =
        "mutation($b: ID!) { createCard(input: { boardId: $b, title: \"Slow database\", problemStatement: \"p\", customerKind: EXTERNAL }) { card { id title evidence { totalCount } } } }";

    private new StallingApp App => (StallingApp)base.App;

    [Fact]
    public async Task A_change_that_committed_is_reported_with_its_payload_even_when_the_timeout_passes_after_the_commit()
    {
        var board = await Alice.CreateBoardAsync();

        App.Stall.Arm(Stall.Point.AfterCommit);
        var response = await Alice.SendAsync(CreateCard, new { b = board.BoardId });

        Assert.True(response.Errors is null, response.Text);
        var card = response.Data.At("createCard.card");
        Assert.Equal(("Slow database", 0), (card.Str("title"), card.Number("evidence.totalCount")));
        Assert.Equal([card.Str("id")], await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
    }

    [Fact]
    public async Task A_change_that_runs_out_of_time_before_its_commit_is_TIMEOUT_and_leaves_nothing()
    {
        var board = await Alice.CreateBoardAsync();
        var eventsBefore = await Alice.EventCountAsync(board.BoardId);

        App.Stall.Arm(Stall.Point.BeforeCommit);
        var response = await Alice.SendAsync(CreateCard, new { b = board.BoardId });

        Assert.Equal("TIMEOUT", response.ErrorCode);
        Assert.Empty(await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
        Assert.Equal(eventsBefore, await Alice.EventCountAsync(board.BoardId));
    }
}
