using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Flow;

/// <summary>
/// <c>forecastWhen</c> and <c>forecastHowMany</c>: Monte Carlo over a window's daily throughput (docs/forecasts.md).
/// The window is the last 90 whole days in the caller's time zone unless <c>from</c> / <c>to</c> say otherwise; the
/// first simulated day is tomorrow in that zone.
/// </summary>
public static class ForecastQueries
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    public static void AddForecastQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<WhenForecastType>>("forecastWhen")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument("boardId"))
            .Description("By which dates N more cards are done with 50, 85 and 95 % likelihood, simulated from the window's daily throughput. "
                + "VALIDATION for items outside 1-100,000, trials outside 100-100,000, or a bad window or time zone.")
            .Argument<NonNullGraphType<IdGraphType>>("boardId", "The board.")
            .Argument<NonNullGraphType<IntGraphType>>("items", "How many more cards to finish, 1 to 100,000.")
            .WithSampleArguments()
            .ResolveAsync(async ctx =>
            {
                var sample = await SampleAsync(ctx);
                var forecast = sample.Forecast.When(ctx.GetArgument<int>("items"), ctx.GetArgument("trials", ThroughputForecast.DefaultTrials), ctx.GetArgument<int?>("seed"));
                return new WhenForecastView(forecast, sample.FirstDay, sample.Forecast.SampleDays);
            });

        query.Field<NonNullGraphType<HowManyForecastType>>("forecastHowMany")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument("boardId"))
            .Description("How many cards are done by a date (inclusive) with 50, 85 and 95 % likelihood, simulated from the window's daily throughput. "
                + "VALIDATION for a date before tomorrow or over 3 years ahead, trials outside 100-100,000, or a bad window or time zone.")
            .Argument<NonNullGraphType<IdGraphType>>("boardId", "The board.")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("until", "The last day that counts, in the time zone; tomorrow at the earliest.")
            .WithSampleArguments()
            .ResolveAsync(async ctx =>
            {
                var sample = await SampleAsync(ctx);
                var until = ctx.GetArgument<DateOnly>("until");
                var days = until.DayNumber - sample.FirstDay.DayNumber + 1;
                if (days < 1)
                    throw DomainException.Invalid("until", $"The forecast starts tomorrow ({sample.FirstDay:yyyy-MM-dd}); until must not be before it.");
                var forecast = sample.Forecast.HowMany(days, ctx.GetArgument("trials", ThroughputForecast.DefaultTrials), ctx.GetArgument<int?>("seed"));
                return new HowManyForecastView(forecast, until, sample.Forecast.SampleDays);
            });
    }

    private static FieldBuilder<object?, object> WithSampleArguments(this FieldBuilder<object?, object> field) => field
        .Argument<DateTimeOffsetGraphType>("from", "The sample window's start; default: 90 days before to.")
        .Argument<DateTimeOffsetGraphType>("to", "The sample window's end; default: the start of today in the time zone.")
        .Argument<StringGraphType>("timeZone", "IANA time zone the days are cut in.", a => a.DefaultValue = "UTC")
        .Argument<IntGraphType>("trials", "Simulated futures, 100 to 100,000.", a => a.DefaultValue = ThroughputForecast.DefaultTrials)
        .Argument<IntGraphType>("seed", "The same seed gives the same answer; without one a seed is picked and returned.")
        .Costs(argument => FlowQueries.HistoryCost + (argument("trials") as int? ?? ThroughputForecast.DefaultTrials) / (double)TrialsPerCost);

    /// <summary>Simulated futures that cost as much as one field: 10,000 trials (the default) add 100, 100,000 add 1,000.</summary>
    public const int TrialsPerCost = 100;

    private sealed record Sample(ThroughputForecast Forecast, DateOnly FirstDay);

    private static async Task<Sample> SampleAsync(IResolveFieldContext ctx)
    {
        var zoneId = ctx.GetArgument("timeZone", "UTC");
        var now = ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
        var zone = FlowWindow.ZoneOf(zoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var to = ctx.GetArgument<DateTimeOffset?>("to") ?? FlowWindow.Midnight(today, zone);
        var from = ctx.GetArgument<DateTimeOffset?>("from") ?? to - DefaultWindow;
        var metrics = await ctx.RequestServices!.GetRequiredService<FlowReads>().MetricsAsync(
            ctx.Db(), Ids.Parse(ctx.GetArgument<string>("boardId"), "Board"), from, to, FlowGroupBy.None, zoneId, null, ctx.CancellationToken);
        var throughput = metrics.Groups.Single().Throughput.Select(d => d.Count).ToArray();
        return new Sample(new ThroughputForecast(throughput), today.AddDays(1));
    }
}

public sealed record LikelyDate(int Likelihood, int? Days, DateOnly? Date);

public sealed record WhenForecastView(WhenForecast Forecast, DateOnly FirstDay, int SampleDays)
{
    public IReadOnlyList<LikelyDate> Points => Forecast.Points
        .Select(p => new LikelyDate(p.Likelihood, p.Days, p.Days is { } days ? FirstDay.AddDays(days - 1) : null)).ToList();
}

public sealed record HowManyForecastView(HowManyForecast Forecast, DateOnly Until, int SampleDays);

public sealed class WhenForecastType : ObjectGraphType<WhenForecastView>
{
    public WhenForecastType()
    {
        Name = "WhenForecast";
        Description = "By when N more cards are done: the fewest days (and that date) within which the given share of simulated futures finished them.";
        Field<NonNullGraphType<IntGraphType>>("items").Description("How many more cards.").Resolve(ctx => ctx.Source.Forecast.Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LikelyDateType>>>>("likelihoods").Description("50, 85 and 95 %.").Resolve(ctx => ctx.Source.Points);
        Field<NonNullGraphType<BooleanGraphType>>("neverFinishes").Description("True when no simulated future finishes within ten years (e.g. no throughput in the window).")
            .Resolve(ctx => ctx.Source.Forecast.NeverFinishes);
        Field<NonNullGraphType<IntGraphType>>("unfinishedTrials").Description("Simulated futures that had not finished after ten years.").Resolve(ctx => ctx.Source.Forecast.UnfinishedTrials);
        ForecastFields.Add(this, v => v.Forecast.Trials, v => v.Forecast.Seed, v => v.SampleDays);
    }
}

public sealed class HowManyForecastType : ObjectGraphType<HowManyForecastView>
{
    public HowManyForecastType()
    {
        Name = "HowManyForecast";
        Description = "How many cards are done by a date: the most items that the given share of simulated futures reached.";
        Field<NonNullGraphType<DateOnlyGraphType>>("until").Description("The last day that counts.").Resolve(ctx => ctx.Source.Until);
        Field<NonNullGraphType<IntGraphType>>("days").Description("Days simulated: tomorrow through until.").Resolve(ctx => ctx.Source.Forecast.Days);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LikelyCountType>>>>("likelihoods").Description("50, 85 and 95 %.")
            .Resolve(ctx => ctx.Source.Forecast.Points);
        ForecastFields.Add(this, v => v.Forecast.Trials, v => v.Forecast.Seed, v => v.SampleDays);
    }
}

internal static class ForecastFields
{
    public static void Add<T>(ObjectGraphType<T> type, Func<T, int> trials, Func<T, int> seed, Func<T, int> sampleDays)
    {
        type.Field<NonNullGraphType<IntGraphType>>("trials").Description("Simulated futures.").Resolve(ctx => trials(ctx.Source));
        type.Field<NonNullGraphType<IntGraphType>>("seed").Description("The seed used: pass it again to get the same answer.").Resolve(ctx => seed(ctx.Source));
        type.Field<NonNullGraphType<IntGraphType>>("sampleDays").Description("Days of throughput the simulation drew from.").Resolve(ctx => sampleDays(ctx.Source));
    }
}

public sealed class LikelyDateType : ObjectGraphType<LikelyDate>
{
    public LikelyDateType()
    {
        Name = "LikelyDate";
        Description = "With this likelihood the cards are done within these days, by this date; both null when not within ten years.";
        Field(x => x.Likelihood).Description("Percent of simulated futures.");
        Field(x => x.Days, nullable: true).Description("Days from tomorrow, counting tomorrow as day 1.");
        Field<DateOnlyGraphType>("date").Description("The date of that day.").Resolve(ctx => ctx.Source.Date);
    }
}

public sealed class LikelyCountType : ObjectGraphType<ItemsAtLikelihood>
{
    public LikelyCountType()
    {
        Name = "LikelyCount";
        Description = "With this likelihood at least this many cards are done.";
        Field(x => x.Likelihood).Description("Percent of simulated futures.");
        Field(x => x.Items).Description("Cards done.");
    }
}
