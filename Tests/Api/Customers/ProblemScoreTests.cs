using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>Card.score and its parts, and card lists that filter and sort by the score and the other measures.</summary>
public abstract class ProblemScoreTests(KanbanApp app) : CustomerTestBase(app)
{
    private const string ScoreFields = "score { total impact votes customers evidence halfLifeDays }";

    [Fact]
    public async Task The_score_is_impact_times_votes_times_customers_times_weighted_evidence()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = await CardAsync(board.BoardId, "Scored", impact: 4);
        var bare = await CardAsync(board.BoardId, "No evidence", impact: 5);
        var acme = await CustomerAsync(board.BoardId, "Acme");
        var staff = await CustomerAsync(board.BoardId, "Staff", "INTERNAL");
        await EvidenceAsync(card, acme, "DIRECT_CONTACT");
        await EvidenceAsync(card, staff, "SELF_IS_CUSTOMER");
        await EvidenceAsync(card, null, null);
        foreach (var voter in new[] { Alice, Bob })
            Assert.True((await voter.MutateAsync("vote", "VoteInput", new { cardId = card }, "card { id }")).Errors is null);
        Assert.True((await Bob.MutateAsync("vote", "VoteInput", new { cardId = bare }, "card { id }")).Errors is null);

        var score = (await Alice.CardAsync(card, ScoreFields)).GetProperty("score");
        Assert.Equal((4, 2, 2), (score.Number("impact"), score.Number("votes"), score.Number("customers")));
        Assert.Equal(90, score.GetProperty("halfLifeDays").GetDouble());
        // Weights 2 (direct) + 3 (the customer themselves) + 1 (second hand), all recorded just now.
        Assert.Equal(6, score.GetProperty("evidence").GetDouble(), 9);
        var parts = score.Number("impact") * (1 + score.Number("votes")) * (1 + score.Number("customers")) * score.GetProperty("evidence").GetDouble();
        Assert.Equal(parts, score.GetProperty("total").GetDouble(), 9);
        Assert.Equal(216, score.GetProperty("total").GetDouble(), 9);

        var none = (await Alice.CardAsync(bare, ScoreFields)).GetProperty("score");
        Assert.Equal((0d, 0d, 1, 5), (none.GetProperty("total").GetDouble(), none.GetProperty("evidence").GetDouble(), none.Number("votes"), none.Number("impact")));
    }

    [Fact]
    public async Task Older_evidence_counts_half_per_half_life_at_the_moment_of_the_request()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var older = await CardAsync(board.BoardId, "Heard half a year ago");
        var newer = await CardAsync(board.BoardId, "Heard a quarter ago");
        var now = App.Clock.GetUtcNow();
        await RecordEvidenceAsync(older, now - TimeSpan.FromDays(180));
        await RecordEvidenceAsync(newer, now - TimeSpan.FromDays(90));

        // Direct contact weighs 2, halved for each 90 days of age.
        Assert.Equal(0.5, await EvidenceScoreAsync(older), 9);
        Assert.Equal(1, await EvidenceScoreAsync(newer), 9);
        Assert.Equal(await TotalAsync(newer) / 2, await TotalAsync(older), 9);
        Assert.Equal([newer], await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ score: { gte: 2.5 } }"));

        // Nothing is written, only time passes: the same questions get the answers of the new moment.
        App.Clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal(0.5 * Math.Pow(2, -0.1), await EvidenceScoreAsync(older), 9);
        Assert.Equal(Math.Pow(2, -0.1), await EvidenceScoreAsync(newer), 9);
        Assert.Empty(await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ score: { gte: 2.9 } }"));
        Assert.Equal([newer, older], await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ score: { gte: 0.1 } }"));
    }

    [Fact]
    public async Task Card_lists_order_by_score_both_ways_and_page_through_equal_scores_without_gaps_or_repeats()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var ids = await ScoredCardsAsync(board.BoardId);

        var descending = await OrderAsync(board.BoardId, "[{ score: DESC }]");
        var ascending = await OrderAsync(board.BoardId, "[{ score: ASC }]");

        // Scores 75, 12 and 12, 1, 0: highest first, the equal two next to each other (by id), no evidence last.
        Assert.Equal(5, descending.Count);
        Assert.Equal(ids["top"], descending[0]);
        Assert.Equal([ids["low"], ids["none"]], descending[^2..]);
        Assert.Equal(new HashSet<string> { ids["tie1"], ids["tie2"] }, descending[1..3].ToHashSet());
        Assert.Equal(Enumerable.Reverse(descending), ascending);

        foreach (var order in new[] { "[{ score: DESC }]", "[{ score: ASC }]" })
        {
            var paged = new List<string>();
            string? after = null;
            do
            {
                var page = (await Alice.DataAsync($"query($id: ID!, $after: String) {{ board(id: $id) {{ cards(first: 1, after: $after, order: {order}) {{ nodes {{ id }} pageInfo {{ hasNextPage endCursor }} }} }} }}",
                    new { id = board.BoardId, after })).At("board.cards");
                paged.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.Str("id")));
                after = page.At("pageInfo.hasNextPage").GetBoolean() ? page.Str("pageInfo.endCursor") : null;
            }
            while (after is not null);

            Assert.Equal(order.Contains("DESC", StringComparison.Ordinal) ? descending : ascending, paged);
        }

        // A column's cards take the same order.
        var column = (await Alice.DataAsync("query($id: ID!) { board(id: $id) { columns { cards(order: [{ score: DESC }]) { nodes { id } } } } }", new { id = board.BoardId }))
            .At("board.columns")[0].Nodes("cards").Select(n => n.Str("id"));
        Assert.Equal(descending, column);
    }

    [Fact]
    public async Task Card_lists_filter_by_score_customer_count_and_last_evidence_in_SQL()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var ids = await ScoredCardsAsync(board.BoardId);
        var evidenceAt = App.Clock.GetUtcNow();

        Assert.Equal([ids["top"]], await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ score: { gte: 50 } }"));
        Assert.Equal([ids["top"], .. (await OrderAsync(board.BoardId, "[{ score: DESC }]"))[1..3]], await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ score: { gte: 5.9 } }"));
        Assert.Equal(4, (await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ score: { gte: 0.5 } }")).Count);
        Assert.Equal(5, (await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ score: { gte: 0 } }")).Count);
        Assert.Equal([ids["low"], ids["none"]], await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ or: [{ score: { gte: 100000 } }, { impact: { eq: 1 } }] }"));
        Assert.Equal([ids["top"]], await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ customerCount: { gte: 2 } }"));
        Assert.Equal([ids["top"], .. (await OrderAsync(board.BoardId, "[{ score: DESC }]"))[1..3]], await OrderAsync(board.BoardId, "[{ score: DESC }]", "{ customerCount: { gte: 1 } }"));

        // Evidence an hour later on the low card: it alone is that new, and it leads the evidence order.
        App.Clock.Advance(TimeSpan.FromHours(1));
        await EvidenceAsync(ids["low"], null, "SECOND_HAND");
        var later = App.Clock.GetUtcNow();
        Assert.Equal([ids["low"]], await OrderAsync(board.BoardId, "[{ score: DESC }]", $"{{ lastEvidenceAt: {{ gte: \"{later:O}\" }} }}"));
        Assert.Equal(4, (await OrderAsync(board.BoardId, "[{ score: DESC }]", $"{{ lastEvidenceAt: {{ lte: \"{later:O}\" }} }}")).Count);
        Assert.Equal(3, (await OrderAsync(board.BoardId, "[{ score: DESC }]", $"{{ lastEvidenceAt: {{ lte: \"{evidenceAt:O}\" }} }}")).Count);
        var byEvidence = await OrderAsync(board.BoardId, "[{ lastEvidenceAt: DESC }]");
        Assert.Equal((ids["low"], ids["none"]), (byEvidence[0], byEvidence[^1]));
        Assert.Equal(ids["none"], (await OrderAsync(board.BoardId, "[{ lastEvidenceAt: ASC }]"))[0]);

        var nullBound = await Alice.SendAsync("query($id: ID!) { board(id: $id) { cards(where: { score: { gte: null } }) { nodes { id } } } }", new { id = board.BoardId });
        AssertRefused(nullBound, "VALIDATION", "where.score.gte");
    }

    /// <summary>
    /// Five cards: top (impact 5, two customers), tie1 and tie2 (the same score: impact 3, one customer, direct contact, at the
    /// same moment), low (impact 1, second hand) and none (no evidence).
    /// </summary>
    private async Task<Dictionary<string, string>> ScoredCardsAsync(string boardId)
    {
        var acme = await CustomerAsync(boardId, "Acme");
        var beta = await CustomerAsync(boardId, "Beta");
        var ids = new Dictionary<string, string>
        {
            ["none"] = await CardAsync(boardId, "none", impact: 1),
            ["low"] = await CardAsync(boardId, "low", impact: 1),
            ["tie1"] = await CardAsync(boardId, "tie1", impact: 3),
            ["top"] = await CardAsync(boardId, "top", impact: 5),
            ["tie2"] = await CardAsync(boardId, "tie2", impact: 3),
        };
        await EvidenceAsync(ids["low"], null, "SECOND_HAND");
        await EvidenceAsync(ids["tie1"], acme, "DIRECT_CONTACT");
        await EvidenceAsync(ids["tie2"], beta, "DIRECT_CONTACT");
        await EvidenceAsync(ids["top"], acme, "SELF_IS_CUSTOMER");
        await EvidenceAsync(ids["top"], beta, "DIRECT_CONTACT");
        return ids;
    }

    private async Task<string> CardAsync(string boardId, string title, int impact = 3) =>
        (await Alice.DataAsync("mutation($input: CreateCardInput!) { createCard(input: $input) { card { id } } }", new { input = new { boardId, title, impact } }))
            .Str("createCard.card.id");

    private async Task EvidenceAsync(string cardId, string? customerId, string? proximity)
    {
        var response = await AddEvidenceAsync(Bob, cardId, customerId, proximity);
        Assert.True(response.Errors is null, response.Text);
    }

    /// <summary>Direct-contact evidence recorded at <paramref name="recordedAt"/>, through the domain (the API records at the present moment).</summary>
    private async Task RecordEvidenceAsync(string cardId, DateTimeOffset recordedAt)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var id = KanbanCustomer.Api.Common.Ids.Parse(cardId, "Card");
        var card = await db.Cards.Include(c => c.Evidence).Include(c => c.Votes).SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
        card.AddEvidence(EvidenceKind.Quote, "Heard earlier", "support", null, EvidenceProximity.DirectContact, "bob", App.Clock.GetUtcNow(), recordedAt);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private async Task<double> EvidenceScoreAsync(string cardId) => (await Alice.CardAsync(cardId, ScoreFields)).At("score.evidence").GetDouble();

    private async Task<double> TotalAsync(string cardId) => (await Alice.CardAsync(cardId, ScoreFields)).At("score.total").GetDouble();

    private async Task<List<string>> OrderAsync(string boardId, string order, string? where = null) =>
        (await Alice.DataAsync($"query($id: ID!) {{ board(id: $id) {{ cards(order: {order}{(where is null ? "" : $", where: {where}")}) {{ nodes {{ id }} }} }} }}", new { id = boardId }))
            .Nodes("board.cards").Select(n => n.Str("id")).ToList();
}

public sealed class SqliteProblemScoreTests(SqliteApp app) : ProblemScoreTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresProblemScoreTests(PostgresApp app) : ProblemScoreTests(app), IClassFixture<PostgresApp>;
