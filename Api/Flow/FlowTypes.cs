using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Common;

namespace KanbanCustomer.Api.Flow;

public sealed class FlowGroupByType : EnumerationGraphType<FlowGroupBy>
{
    public FlowGroupByType()
    {
        Name = "FlowGroupBy";
        Description = "How flowMetrics splits the board's cards: not at all, by swimlane (target group) or by customer kind.";
    }
}

public sealed class FlowMetricsType : ObjectGraphType<FlowMetrics>
{
    public FlowMetricsType()
    {
        Name = "FlowMetrics";
        Description = "A board's flow over a window, per group (docs/flow-metrics.md has the definitions).";
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("from").Description("The window's start.").Resolve(ctx => ctx.Source.Window.From);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("to").Description("The window's end.").Resolve(ctx => ctx.Source.Window.To);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("asOf").Description("What was measured up to: the end, or now if sooner (kept for up to a minute while the board is unchanged); ages are as of then.")
            .Resolve(ctx => ctx.Source.Window.AsOf);
        Field<NonNullGraphType<StringGraphType>>("timeZone").Description("The IANA zone the days are cut in.").Resolve(ctx => ctx.Source.Window.Zone.Id);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FlowGroupType>>>>("groups")
            .Description("One entry per group that has cards (one, ALL, when not grouped).").Resolve(ctx => ctx.Source.Groups);
    }
}

public sealed class FlowGroupType : ObjectGraphType<FlowGroup>
{
    public FlowGroupType()
    {
        Name = "FlowGroup";
        Description = "The flow measures of one group of cards.";
        Field(x => x.Key).Description("ALL when not grouped; the swimlane's id; or the customer kind (EXTERNAL, INTERNAL). A card counts where its last step in the window put it.");
        Field<NonNullGraphType<CycleTimesType>>("cycleTime").Description("Cycle times of the cards that finished in the window.").Resolve(ctx => ctx.Source.CycleTime);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DayCountType>>>>("throughput").Description("Cards finished per day.").Resolve(ctx => ctx.Source.Throughput);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DayCountType>>>>("wip").Description("Cards in flight at the end of each day.").Resolve(ctx => ctx.Source.Wip);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CardAgeType>>>>("age").Description("Cards in flight as of asOf, oldest first.").Resolve(ctx => ctx.Source.Age);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CardAgeType>>>>("atRisk").Description("The in-flight cards older than the SLE, oldest first.")
            .Resolve(ctx => ctx.Source.Age.Where(a => a.IsAtRisk).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ColumnFlowType>>>>("cumulativeFlow")
            .Description("Per column, per day: cards in that column or a later one at the end of the day.").Resolve(ctx => ctx.Source.CumulativeFlow);
        Field(x => x.Sle, nullable: true).Description("Service level expectation in days: the window's p85 cycle time; null when nothing finished.");
        Field<NonNullGraphType<BlockedDaysType>>("blockedDays").Description("Time blocked within the cycles that finished in the window.").Resolve(ctx => ctx.Source.BlockedDays);
    }
}

public sealed class CycleTimesType : ObjectGraphType<CycleTimes>
{
    public CycleTimesType()
    {
        Name = "CycleTimes";
        Description = "Calendar days from commitment to done; percentiles by nearest rank, null when nothing finished.";
        Field(x => x.P50, nullable: true).Description("Half the cards finished within this many days.");
        Field(x => x.P85, nullable: true).Description("85% of the cards finished within this many days.");
        Field(x => x.P95, nullable: true).Description("95% of the cards finished within this many days.");
        Field(x => x.Count).Description("Cards finished in the window.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HistogramBinType>>>>("histogram")
            .Description("Cards per whole day of cycle time (days = 2 holds cycle times from 2 up to 3 days), empty bins left out.").Resolve(ctx => ctx.Source.Histogram);
    }
}

public sealed class HistogramBinType : ObjectGraphType<HistogramBin>
{
    public HistogramBinType()
    {
        Name = "CycleTimeBin";
        Description = "Cards whose cycle time rounds down to a number of days.";
        Field(x => x.Days).Description("Whole days of cycle time.");
        Field(x => x.Count).Description("Cards.");
    }
}

public sealed class DayCountType : ObjectGraphType<DayCount>
{
    public DayCountType()
    {
        Name = "DayCount";
        Description = "A count for one calendar day in the requested time zone.";
        Field<NonNullGraphType<DateOnlyGraphType>>("date").Description("The day.").Resolve(ctx => ctx.Source.Date);
        Field(x => x.Count).Description("The count.");
    }
}

public sealed class CardAgeType : ObjectGraphType<CardAge>
{
    public CardAgeType()
    {
        Name = "CardAge";
        Description = "A card in flight and how long since its commitment.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card's id.").Resolve(ctx => Ids.Global("Card", ctx.Source.CardId));
        Field<CardType>("card").Description("The card.").Resolve(ctx => ctx.CardLoaders().CardById.Load(ctx.Source.CardId));
        Field(x => x.Days).Description("Calendar days since it was committed to.");
        Field(x => x.IsAtRisk).Description("Older than the group's SLE.");
    }
}

public sealed class ColumnFlowType : ObjectGraphType<ColumnFlow>
{
    public ColumnFlowType()
    {
        Name = "ColumnFlow";
        Description = "One band of the cumulative flow diagram.";
        Field<NonNullGraphType<IdGraphType>>("columnId").Description("The column's id.").Resolve(ctx => Ids.Global("Column", ctx.Source.Column.Id));
        Field<NonNullGraphType<StringGraphType>>("columnName").Description("The column's name.").Resolve(ctx => ctx.Source.Column.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DayCountType>>>>("days").Description("Cards there or beyond at the end of each day.").Resolve(ctx => ctx.Source.Days);
    }
}

public sealed class BlockedDaysType : ObjectGraphType<BlockedDays>
{
    public BlockedDaysType()
    {
        Name = "BlockedDays";
        Description = "Blocked time within finished cycles, apart from the cycle time that includes it.";
        Field(x => x.Total).Description("Days blocked, summed over the cycles that finished in the window.");
        Field(x => x.PerCycle, nullable: true).Description("Total over the number of those cycles; null when none finished.");
    }
}
