using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Experiments through the API: planning, running and concluding, the refusals, the log, node ids and batching.</summary>
public abstract class ExperimentApiTests(KanbanApp app) : ApiTestBase(app)
{
    private const string ExperimentFields = "id cardId hypothesis measure status learning createdBy createdAt updatedAt startedAt concludedAt";

    private async Task<(BoardIds Board, string CardId, JsonElement Experiment)> PlannedAsync(GraphQLClient? who = null)
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId, "Invoices are unreadable")).Str("id");
        var data = await (who ?? Bob).DataAsync(
            $"mutation($input: AddExperimentInput!) {{ addExperiment(input: $input) {{ experiment {{ {ExperimentFields} }} card {{ id version lastActivityAt }} }} }}",
            new { input = new { cardId = card, hypothesis = "  A one-page invoice layout cuts support calls.  ", measure = "Invoice calls per week" } });
        var experiment = data.At("addExperiment.experiment");
        Assert.Equal(2, data.Number("addExperiment.card.version"));
        return (board, card, experiment);
    }

    private Task<GraphQLResponse> UpdateAsync(string experimentId, object changes, GraphQLClient? who = null)
    {
        var input = JsonSerializer.SerializeToNode(changes)!.AsObject();
        input["experimentId"] = experimentId;
        return (who ?? Bob).SendAsync(
            $"mutation($input: UpdateExperimentInput!) {{ updateExperiment(input: $input) {{ experiment {{ {ExperimentFields} }} card {{ id version }} }} }}",
            new { input });
    }

    private async Task<IReadOnlyList<JsonElement>> ExperimentEventsAsync(string boardId) =>
        (await Alice.DataAsync(
            "query($id: ID!) { boardEvents(boardId: $id, first: 100) { nodes { type ... on ExperimentChangedEvent { experimentId hypothesis measure fields status learning card { version } } } } }",
            new { id = boardId }))
        .Nodes("boardEvents").Where(e => e.Str("type").StartsWith("Experiment", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_member_plans_an_experiment_and_it_shows_on_the_card_as_a_node_and_in_the_log()
    {
        var (board, card, experiment) = await PlannedAsync();

        Assert.Equal(("A one-page invoice layout cuts support calls.", "Invoice calls per week", "PLANNED", "bob", card),
            (experiment.Str("hypothesis"), experiment.Str("measure"), experiment.Str("status"), experiment.Str("createdBy"), experiment.Str("cardId")));
        Assert.Equal(JsonValueKind.Null, experiment.At("learning").ValueKind);
        Assert.Equal(JsonValueKind.Null, experiment.At("startedAt").ValueKind);
        var listed = await Alice.DataAsync("query($id: ID!) { card(id: $id) { experiments { totalCount nodes { id status } } } }", new { id = card });
        Assert.Equal(1, listed.Number("card.experiments.totalCount"));
        Assert.Equal([experiment.Str("id")], listed.Nodes("card.experiments").Select(e => e.Str("id")));
        var node = await Alice.DataAsync("query($id: ID!) { node(id: $id) { __typename id ... on Experiment { hypothesis } } }", new { id = experiment.Str("id") });
        Assert.Equal(("Experiment", experiment.Str("hypothesis")), (node.Str("node.__typename"), node.Str("node.hypothesis")));
        var added = Assert.Single(await ExperimentEventsAsync(board.BoardId));
        Assert.Equal(("ExperimentAdded", experiment.Str("id"), "PLANNED", experiment.Str("hypothesis"), 2),
            (added.Str("type"), added.Str("experimentId"), added.Str("status"), added.Str("hypothesis"), added.Number("card.version")));
    }

    [Fact]
    public async Task An_experiment_runs_and_concludes_with_its_learning_and_the_log_says_what_was_learned()
    {
        var (board, _, experiment) = await PlannedAsync();
        var id = experiment.Str("id");

        var running = await UpdateAsync(id, new { status = "RUNNING" });
        App.Clock.Advance(TimeSpan.FromDays(7));
        var concluded = await UpdateAsync(id, new { status = "INVALIDATED", learning = "Calls stayed flat: people call about due dates, not layout." }, Carol);

        Assert.True(running.Errors is null, running.Text);
        Assert.True(concluded.Errors is null, concluded.Text);
        var done = concluded.Data.At("updateExperiment.experiment");
        Assert.Equal(("INVALIDATED", "Calls stayed flat: people call about due dates, not layout."), (done.Str("status"), done.Str("learning")));
        Assert.Equal(running.Data.At("updateExperiment.experiment.startedAt").GetDateTimeOffset() + TimeSpan.FromDays(7), done.At("concludedAt").GetDateTimeOffset());
        Assert.Equal(4, concluded.Data.Number("updateExperiment.card.version"));
        var events = await ExperimentEventsAsync(board.BoardId);
        Assert.Equal(["ExperimentAdded", "ExperimentUpdated", "ExperimentUpdated"], events.Select(e => e.Str("type")));
        Assert.Equal(["learning", "status"], events[2].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(("INVALIDATED", done.Str("learning")), (events[2].Str("status"), events[2].Str("learning")));
        Assert.Equal(JsonValueKind.Null, events[1].At("learning").ValueKind);
    }

    [Fact]
    public async Task Refused_changes_name_their_field_and_change_nothing()
    {
        var (board, card, experiment) = await PlannedAsync();
        var id = experiment.Str("id");
        var before = await ExperimentEventsAsync(board.BoardId);

        var noLearning = await UpdateAsync(id, new { status = "ABANDONED" });
        var skipsRunning = await UpdateAsync(id, new { status = "VALIDATED", learning = "It worked" });
        var stale = await UpdateAsync(id, new { learning = "A note", expectedVersion = 1 });
        var tooLong = await UpdateAsync(id, new { hypothesis = new string('h', 1001) });
        var noMeasure = await Bob.SendAsync(
            "mutation($input: AddExperimentInput!) { addExperiment(input: $input) { experiment { id } } }",
            new { input = new { cardId = card, hypothesis = "Something", measure = " " } });

        Assert.Equal(("VALIDATION", "learning"), (noLearning.ErrorCode, noLearning.Errors!.Value[0].Str("extensions.field")));
        Assert.Equal(("VALIDATION", "status"), (skipsRunning.ErrorCode, skipsRunning.Errors!.Value[0].Str("extensions.field")));
        Assert.Equal(("CONFLICT", 2), (stale.ErrorCode, stale.Errors!.Value[0].Number("extensions.currentVersion")));
        Assert.Equal(("VALIDATION", "hypothesis"), (tooLong.ErrorCode, tooLong.Errors!.Value[0].Str("extensions.field")));
        Assert.Equal(("VALIDATION", "measure"), (noMeasure.ErrorCode, noMeasure.Errors!.Value[0].Str("extensions.field")));
        Assert.Equal(before.Count, (await ExperimentEventsAsync(board.BoardId)).Count);
        var now = await Alice.DataAsync("query($id: ID!) { card(id: $id) { version experiments { totalCount nodes { status learning hypothesis } } } }", new { id = card });
        Assert.Equal((2, 1, "PLANNED"), (now.Number("card.version"), now.Number("card.experiments.totalCount"), now.Nodes("card.experiments")[0].Str("status")));
    }

    [Fact]
    public async Task An_experiment_id_is_NOT_FOUND_for_someone_off_the_board_and_other_ids_are_not_experiment_ids()
    {
        var (_, card, experiment) = await PlannedAsync();

        var outsider = await UpdateAsync(experiment.Str("id"), new { learning = "Sneaky" }, App.ClientFor("mallory"));
        var cardIdInstead = await UpdateAsync(card, new { learning = "Wrong id" });
        var node = await App.ClientFor("mallory").SendAsync("query($id: ID!) { node(id: $id) { id } }", new { id = experiment.Str("id") });

        Assert.Equal("NOT_FOUND", outsider.ErrorCode);
        Assert.Equal("NOT_FOUND", cardIdInstead.ErrorCode);
        Assert.Equal("NOT_FOUND", node.ErrorCode);
        Assert.Equal(JsonValueKind.Null, (await Alice.DataAsync("query($id: ID!) { node(id: $id) { ... on Experiment { learning } } }", new { id = experiment.Str("id") })).At("node.learning").ValueKind);
    }

    [Fact]
    public async Task Experiments_of_many_cards_load_in_a_constant_number_of_statements()
    {
        var board = await Alice.CreateBoardAsync();
        async Task<int> CommandsForBoardWithAsync(int cards)
        {
            for (var i = 0; i < cards; i++)
            {
                var card = (await Alice.CreateCardAsync(board.BoardId, $"Card {i}")).Str("id");
                await Alice.DataAsync("mutation($id: ID!) { addExperiment(input: { cardId: $id, hypothesis: \"H\", measure: \"M\" }) { experiment { id } } }", new { id = card });
            }

            App.Commands.Reset();
            var data = await Alice.DataAsync(
                $"query Q{cards}($id: ID!) {{ board(id: $id) {{ cards(first: 30) {{ nodes {{ id experiments(first: 5) {{ totalCount nodes {{ id status }} }} }} }} }} }}", new { id = board.BoardId });
            Assert.All(data.Nodes("board.cards"), c => Assert.Equal(1, c.Number("experiments.totalCount")));
            return App.Commands.Count;
        }

        var few = await CommandsForBoardWithAsync(2);
        var many = await CommandsForBoardWithAsync(18);

        Assert.Equal(few, many);
    }
}

public sealed class SqliteExperimentApiTests(SqliteApp app) : ExperimentApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresExperimentApiTests(PostgresApp app) : ExperimentApiTests(app), IClassFixture<PostgresApp>;
