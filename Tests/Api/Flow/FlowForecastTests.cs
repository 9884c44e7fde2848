using System.Globalization;
using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>forecastWhen and forecastHowMany over a board's finished cards (the engine itself: Tests/Domain/ThroughputForecastTests).</summary>
public abstract partial class FlowMetricsTests
{
    private const string WhenFields = "items trials seed sampleDays neverFinishes unfinishedTrials likelihoods { likelihood days date }";
    private const string HowManyFields = "until days trials seed sampleDays likelihoods { likelihood items }";

    /// <summary>Two cards finished on each of three days, D0 to D2; the clock then stands at D3 00:30.</summary>
    private async Task<(string BoardId, DateTimeOffset D0)> TwoADayAsync()
    {
        var d0 = NextMidnight();
        var board = await Alice.CreateTeamBoardAsync("Forecast", columns: FourColumns);
        var (doing, done) = (board.ColumnIds[1], board.ColumnIds[3]);
        At(d0, 1);
        var cards = new List<string>();
        for (var i = 0; i < 6; i++)
            cards.Add((await Alice.CreateCardAsync(board.BoardId, $"Problem {i}")).Str("id"));
        for (var day = 0; day < 3; day++)
        {
            await MoveAsync(cards[2 * day], doing, d0.AddDays(day), 2);
            await MoveAsync(cards[2 * day + 1], doing, d0.AddDays(day), 3);
            await MoveAsync(cards[2 * day], done, d0.AddDays(day), 10);
            await MoveAsync(cards[2 * day + 1], done, d0.AddDays(day), 11);
        }

        App.Clock.SetUtcNow(d0.AddDays(3).AddMinutes(30));
        return (board.BoardId, d0);
    }

    [Fact]
    public async Task With_two_cards_a_day_four_more_take_two_days_and_three_days_bring_six_at_every_likelihood()
    {
        var (boardId, d0) = await TwoADayAsync();
        var tomorrow = DateOnly.FromDateTime(d0.AddDays(4).UtcDateTime);

        var data = await Bob.DataAsync(
            $$"""
            query($b: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!, $u: DateOnly!) {
              forecastWhen(boardId: $b, items: 4, from: $f, to: $t, seed: 7) { {{WhenFields}} }
              forecastHowMany(boardId: $b, until: $u, from: $f, to: $t, seed: 7) { {{HowManyFields}} } }
            """,
            new { b = boardId, f = d0, t = d0.AddDays(3), u = tomorrow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

        var when = data.At("forecastWhen");
        Assert.Equal((4, 10_000, 7, 3, false), (when.Number("items"), when.Number("trials"), when.Number("seed"), when.Number("sampleDays"), when.GetProperty("neverFinishes").GetBoolean()));
        Assert.Equal([(50, 2, tomorrow.AddDays(1)), (85, 2, tomorrow.AddDays(1)), (95, 2, tomorrow.AddDays(1))],
            when.GetProperty("likelihoods").EnumerateArray().Select(p => (p.Number("likelihood"), p.Number("days"), DateOnly.Parse(p.Str("date")!, CultureInfo.InvariantCulture))));
        var howMany = data.At("forecastHowMany");
        Assert.Equal(3, howMany.Number("days"));
        Assert.Equal([6, 6, 6], howMany.GetProperty("likelihoods").EnumerateArray().Select(p => p.Number("items")));
    }

    [Fact]
    public async Task Without_a_window_the_last_ninety_whole_days_are_sampled()
    {
        var (boardId, _) = await TwoADayAsync();

        var when = (await Bob.DataAsync($"query($b: ID!) {{ forecastWhen(boardId: $b, items: 4, seed: 3) {{ {WhenFields} }} }}", new { b = boardId })).At("forecastWhen");

        // 87 days without a finish and three with two each: four more cards take weeks, not days.
        Assert.Equal(90, when.Number("sampleDays"));
        Assert.True(when.GetProperty("likelihoods").EnumerateArray().All(p => p.Number("days") > 14));
    }

    [Fact]
    public async Task A_board_that_never_finished_a_card_never_finishes_in_the_forecast()
    {
        var board = await Alice.CreateTeamBoardAsync("Idle", columns: FourColumns);

        var when = (await Bob.DataAsync($"query($b: ID!) {{ forecastWhen(boardId: $b, items: 1) {{ {WhenFields} }} }}", new { b = board.BoardId })).At("forecastWhen");

        Assert.True(when.GetProperty("neverFinishes").GetBoolean());
        Assert.All(when.GetProperty("likelihoods").EnumerateArray(), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("date").ValueKind));
    }

    [Theory]
    [InlineData("forecastWhen(boardId: $b, items: 0)", "items")]
    [InlineData("forecastWhen(boardId: $b, items: 100001)", "items")]
    [InlineData("forecastWhen(boardId: $b, items: 5, trials: 99)", "trials")]
    [InlineData("forecastWhen(boardId: $b, items: 5, timeZone: \"Mars/Olympus\")", "timeZone")]
    [InlineData("forecastHowMany(boardId: $b, until: \"2000-01-01\")", "until")]
    [InlineData("forecastHowMany(boardId: $b, until: \"2999-01-01\")", "days")]
    public async Task Bad_forecast_arguments_are_refused_with_the_field(string call, string field)
    {
        var board = await Alice.CreateTeamBoardAsync("Refusals", columns: FourColumns);

        var response = await Bob.SendAsync($"query($b: ID!) {{ {call} {{ trials }} }}", new { b = board.BoardId });

        AssertRefused(response, "VALIDATION", field);
    }

    [Fact]
    public async Task Trials_are_priced_so_one_operation_cannot_ask_for_millions()
    {
        var board = await Alice.CreateTeamBoardAsync("Priced", columns: FourColumns);
        string Forecasts(int count, int trials) =>
            string.Concat(Enumerable.Range(0, count).Select(i => $"f{i}: forecastWhen(boardId: $b, items: 5, trials: {trials}, seed: 1) {{ trials }} "));

        var four = await Bob.SendAsync($"query($b: ID!) {{ {Forecasts(4, 100_000)} }}", new { b = board.BoardId });
        var five = await Bob.SendAsync($"query($b: ID!) {{ {Forecasts(5, 100_000)} }}", new { b = board.BoardId });
        var fiveSmall = await Bob.SendAsync($"query($b: ID!) {{ {Forecasts(5, 10_000)} }}", new { b = board.BoardId });

        Assert.True(four.Errors is null, four.Text);
        Assert.Equal(100_000, four.Data.At("f3.trials").GetInt32());
        Assert.Equal("COST_LIMIT_EXCEEDED", five.ErrorCode);
        Assert.True(fiveSmall.Errors is null, fiveSmall.Text);
    }
}
